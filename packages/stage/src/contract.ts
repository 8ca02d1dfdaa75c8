import { z } from "zod";

/** What the webapp may ask of the workers app about a room's stage. Kept free of runtime deps. */
export const StageAction = z.enum(["on_stage", "off_stage"]);
export type StageAction = z.infer<typeof StageAction>;

/** A sessions shard id ("0000"): the webapp's account-to-shard map gives it; the workers app routes by it. */
export const ShardId = z.string().regex(/^\d{4}$/, "must be a four-digit shard id");

/** Every sessions-side call names its tenant and the shard that holds the tenant's rows. */
export const Tenant = z.object({ shard: ShardId, accountId: z.string().min(1).max(64) });
export type Tenant = z.infer<typeof Tenant>;

export const RecordStageEventInput = Tenant.extend({
  // Chosen by the caller once per user intent; a retry with the same id changes nothing.
  stageEventId: z.string().min(8).max(64),
  eventId: z.string().min(1).max(64),
  roomId: z.string().min(1),
  // `user:<id>` for a person with an account, `guest:<name>` for a guest added by name.
  participantId: z.string().min(1).max(128),
  participantName: z.string().trim().min(1).max(120),
  userId: z.string().min(1).max(64).nullable().default(null),
  action: StageAction,
  actorId: z.string().min(1),
  occurredAtMs: z.number().int().nonnegative(),
});
export type RecordStageEventInput = z.input<typeof RecordStageEventInput>;

export const StageTimelineInput = Tenant.extend({
  roomId: z.string().min(1),
});
export type StageTimelineInput = z.input<typeof StageTimelineInput>;

export type StageTimelineEntry = {
  id: string;
  seq: number;
  participantId: string;
  participantName: string;
  userId: string | null;
  action: StageAction;
  actorId: string;
  occurredAtMs: number;
  offsetMs: number | null;
};

export type RecordingStatus = "pending" | "starting" | "recording" | "stopping" | "stopped" | "failed";

/** The room's latest recording session, with how far its clips are (clip generation runs after the stop). */
export type RoomRecording = {
  sessionId: string;
  status: RecordingStatus;
  startedAtMs: number | null;
  endedAtMs: number | null;
  playbackUrl: string | null;
  clips: { total: number; ready: number };
};

export type StageTimeline = {
  /** The latest recording of the room, or null when it was never recorded. */
  recording: RoomRecording | null;
  entries: StageTimelineEntry[];
  onStage: { participantId: string; participantName: string; userId: string | null; sinceMs: number }[];
};

export type StageResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: "conflict" | "invalid"; message: string };

/** Implemented by the workers app's RPC entrypoint; the webapp reaches it over a service binding. */
export interface StageApi extends OperationsApi {
  recordStageEvent(input: RecordStageEventInput): Promise<StageResult<StageTimelineEntry>>;
  stageTimeline(input: StageTimelineInput): Promise<StageResult<StageTimeline>>;
}

// ─── Cross-database flows (operations) ──────────────────────────────────────────────────────────────────────────
// The webapp records each flow in its `operations` row, then asks the workers app to run the flow's Workflow. The
// Workflow instance id is the operation id (`<operationId>-r<attempt>` once the reconciler or an admin resumes it).

export const OperationKind = z.enum(["start_recording", "stop_recording", "delete_event", "delete_user"]);
export type OperationKind = z.infer<typeof OperationKind>;

/** "forward" runs the flow's steps; "compensate" undoes what the flow did, in reverse (each undo is idempotent). */
export const FlowMode = z.enum(["forward", "compensate"]);
export type FlowMode = z.infer<typeof FlowMode>;

export const StartOperationInput = z.object({
  operationId: z.string().min(8).max(64),
  kind: OperationKind,
  // The Workflow instance to create; the operation id for the first run.
  instanceId: z.string().min(8).max(80).optional(),
  mode: FlowMode.default("forward"),
});
export type StartOperationInput = z.input<typeof StartOperationInput>;

export const OperationInstanceInput = z.object({ kind: OperationKind, instanceId: z.string().min(8).max(80) });
export type OperationInstanceInput = z.input<typeof OperationInstanceInput>;

/** The Workflow instance's status as the platform reports it, or "unknown" when no such instance exists. */
export type InstanceStatus =
  | "queued"
  | "running"
  | "paused"
  | "waiting"
  | "waitingForPause"
  | "errored"
  | "terminated"
  | "complete"
  | "unknown";

export const ReconcileInput = z.object({
  // Only this operation, and take it over now, whatever its deadline (the admin's Retry and Compensate buttons).
  operationId: z.string().min(8).max(64).optional(),
  action: z.enum(["retry", "compensate"]).optional(),
});
export type ReconcileInput = z.input<typeof ReconcileInput>;

/** What the reconciler did with each operation it looked at. */
export type ReconcileOutcome = {
  operationId: string;
  instanceStatus: InstanceStatus;
  did: "extended" | "resumed" | "compensating" | "skipped";
  instanceId?: string;
};

/** The flows' side of the RPC surface (implemented by `StageRpc`, mapped by the webapp's stage client). */
export interface OperationsApi {
  startOperation(input: StartOperationInput): Promise<StageResult<{ instanceId: string; created: boolean }>>;
  operationInstanceStatus(input: OperationInstanceInput): Promise<StageResult<{ status: InstanceStatus; error: string | null }>>;
  reconcile(input: ReconcileInput): Promise<StageResult<{ outcomes: ReconcileOutcome[]; shardsRegistered: number }>>;
}
