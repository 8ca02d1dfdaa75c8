import { OPERATION_STATES } from "@greenroom/db/webapp/schema";
import { z } from "zod";
import { Id } from "../ids";

/** A start request from a form or the API; `requestId` is minted per rendered form, so a double submit is one intent. */
export const StartRecordingInput = z.object({ roomId: Id, requestId: z.string().min(8).max(64).optional() });
export type StartRecordingInput = z.infer<typeof StartRecordingInput>;

export const StopRecordingInput = StartRecordingInput;
export type StopRecordingInput = z.infer<typeof StopRecordingInput>;

export const DeleteEventInput = z.object({ eventId: Id, requestId: z.string().min(8).max(64).optional() });
export type DeleteEventInput = z.infer<typeof DeleteEventInput>;

export const DeleteUserInput = z.object({ userId: Id, requestId: z.string().min(8).max(64).optional() });
export type DeleteUserInput = z.infer<typeof DeleteUserInput>;

export const OperationIdInput = z.object({ operationId: Id });
export type OperationIdInput = z.infer<typeof OperationIdInput>;

/** A Workflow's bookkeeping call: the operation and the instance doing the work (a superseded instance is refused). */
export const OperationStepInput = z.object({
  operationId: Id,
  instanceId: z.string().min(1).max(80),
  step: z.string().trim().min(1).max(80),
});
export type OperationStepInput = z.infer<typeof OperationStepInput>;

export const OperationEndInput = z.object({
  operationId: Id,
  instanceId: z.string().min(1).max(80),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.string().max(500).optional(),
});
export type OperationEndInput = z.infer<typeof OperationEndInput>;

export const ResumeOperationInput = z.object({
  operationId: Id,
  // The attempts the caller saw: a second reconciler that saw the same row resumes nothing.
  attempts: z.number().int().min(1),
  mode: z.enum(["forward", "compensate"]),
});
export type ResumeOperationInput = z.infer<typeof ResumeOperationInput>;

export const StuckOperationsInput = z.object({ limit: z.number().int().min(1).max(100).default(50), operationId: Id.optional() });
export type StuckOperationsInput = z.input<typeof StuckOperationsInput>;

export const AdminOperationsInput = z.object({
  state: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.enum(OPERATION_STATES).optional()),
  stuck: z.preprocess((v) => v === "1" || v === true || v === "on", z.boolean()).default(false),
});
export type AdminOperationsInput = z.input<typeof AdminOperationsInput>;

export const AdminOperationActionInput = z.object({ operationId: Id, action: z.enum(["retry", "compensate"]) });
export type AdminOperationActionInput = z.infer<typeof AdminOperationActionInput>;

export const FlowActorInput = z.object({ operationId: Id, roomId: Id, actorId: Id });
export type FlowActorInput = z.infer<typeof FlowActorInput>;

export const FlowSubjectInput = z.object({ operationId: Id, subjectId: Id });
export type FlowSubjectInput = z.infer<typeof FlowSubjectInput>;

export const RoomRecordingInput = z.object({ roomId: Id, operationId: z.preprocess((v) => (v === "" ? undefined : v), Id.optional()) });
export type RoomRecordingInput = z.infer<typeof RoomRecordingInput>;
