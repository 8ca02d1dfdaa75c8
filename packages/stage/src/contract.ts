import { z } from "zod";

/** What the webapp may ask of the workers app about a room's stage. Kept free of runtime deps. */
export const StageAction = z.enum(["on_stage", "off_stage"]);
export type StageAction = z.infer<typeof StageAction>;

export const RecordStageEventInput = z.object({
  // Chosen by the caller once per user intent; a retry with the same id changes nothing.
  stageEventId: z.string().min(8).max(64),
  accountId: z.string().min(1),
  roomId: z.string().min(1),
  participantId: z.string().min(1).max(128),
  participantName: z.string().trim().min(1).max(120),
  action: StageAction,
  actorId: z.string().min(1),
  occurredAtMs: z.number().int().nonnegative(),
});
export type RecordStageEventInput = z.infer<typeof RecordStageEventInput>;

export const StageTimelineInput = z.object({
  accountId: z.string().min(1),
  roomId: z.string().min(1),
});
export type StageTimelineInput = z.infer<typeof StageTimelineInput>;

export type StageTimelineEntry = {
  id: string;
  seq: number;
  participantId: string;
  participantName: string;
  action: StageAction;
  actorId: string;
  occurredAtMs: number;
  offsetMs: number | null;
};

export type StageTimeline = {
  entries: StageTimelineEntry[];
  onStage: { participantId: string; participantName: string; sinceMs: number }[];
};

export type StageResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: "conflict" | "invalid"; message: string };

/** Implemented by the workers app's RPC entrypoint; the webapp reaches it over a service binding. */
export interface StageApi {
  recordStageEvent(input: RecordStageEventInput): Promise<StageResult<StageTimelineEntry>>;
  stageTimeline(input: StageTimelineInput): Promise<StageResult<StageTimeline>>;
}
