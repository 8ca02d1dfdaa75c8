import { FLOW_MODES, OPERATION_ACTIONS, OPERATION_STATES } from "@greenroom/db/webapp/values";
import { z } from "zod";
import { Id, RequestKey } from "../ids";

/**
 * A start request from a form or the API. `requestId` is the caller's idempotency key (minted per rendered form, or an
 * `Idempotency-Key` header), so a double submit is one intent; it is looked up, never used as the operation's id.
 */
export const StartRecordingInput = z.object({ roomId: Id, requestId: RequestKey.optional() });
export type StartRecordingInput = z.infer<typeof StartRecordingInput>;

export const StopRecordingInput = StartRecordingInput;
export type StopRecordingInput = z.infer<typeof StopRecordingInput>;

export const DeleteEventInput = z.object({ eventId: Id, requestId: RequestKey.optional() });
export type DeleteEventInput = z.infer<typeof DeleteEventInput>;

export const DeleteUserInput = z.object({ userId: Id, requestId: RequestKey.optional() });
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
  // The raw error, for admins and logs.
  error: z.string().max(500).optional(),
  // The same failure in words for the tenant: a string sets it, null clears it, absent keeps what is there.
  publicError: z.string().max(500).nullable().optional(),
});
export type OperationEndInput = z.infer<typeof OperationEndInput>;

export const ResumeOperationInput = z.object({
  operationId: Id,
  // The attempts the caller saw: a second reconciler that saw the same row resumes nothing.
  attempts: z.number().int().min(1),
  mode: z.enum(FLOW_MODES),
});
export type ResumeOperationInput = z.infer<typeof ResumeOperationInput>;

/**
 * The reconciler could not hand an operation on (the Workflow refused its id, the platform did not answer): the error is
 * recorded and, once `maxAttempts` is reached, the operation is failed for an admin. `operationId` is the row's id as
 * read (not trimmed: a legacy id must still match), `attempts` what the reconciler saw, `bump` whether this failure
 * counts as an attempt of its own (it does not when the resume that failed already counted one).
 */
export const ReconcileFailureInput = z.object({
  operationId: z.string().min(1).max(200),
  attempts: z.number().int().min(1),
  bump: z.boolean(),
  maxAttempts: z.number().int().min(1).max(100),
  error: z.string().max(500),
});
export type ReconcileFailureInput = z.infer<typeof ReconcileFailureInput>;

export const StuckOperationsInput = z.object({ limit: z.number().int().min(1).max(100).default(50), operationId: Id.optional() });
export type StuckOperationsInput = z.input<typeof StuckOperationsInput>;

export const AdminOperationsInput = z.object({
  state: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.enum(OPERATION_STATES).optional()),
  stuck: z.preprocess((v) => v === "1" || v === true || v === "on", z.boolean()).default(false),
});
export type AdminOperationsInput = z.input<typeof AdminOperationsInput>;

export const AdminOperationActionInput = z.object({ operationId: Id, action: z.enum(OPERATION_ACTIONS) });
export type AdminOperationActionInput = z.infer<typeof AdminOperationActionInput>;

export const FlowActorInput = z.object({ operationId: Id, roomId: Id, actorId: Id });
export type FlowActorInput = z.infer<typeof FlowActorInput>;

export const FlowSubjectInput = z.object({ operationId: Id, subjectId: Id });
export type FlowSubjectInput = z.infer<typeof FlowSubjectInput>;

export const RoomRecordingInput = z.object({ roomId: Id, operationId: z.preprocess((v) => (v === "" ? undefined : v), Id.optional()) });
export type RoomRecordingInput = z.infer<typeof RoomRecordingInput>;
