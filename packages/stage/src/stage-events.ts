import type { SessionsDb } from "@greenroom/db/sessions/client";
import { listClips, myClips } from "./clip-lists";
import { appendCredit, creditLedger } from "./credits";
import { invalidResult } from "./results";
import { sessionLogs, shardStats } from "./shard-admin";
import { webhookDeliveries } from "./webhook-deliveries";
import { routed, shardDb } from "./shards";
import { recordingSessions, stageEvents } from "@greenroom/db/sessions/schema";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import {
  type OperationsApi,
  RecordStageEventInput,
  type StageApi,
  type RoomRecording,
  type StageResult,
  type StageTimeline,
  type StageTimelineEntry,
  StageTimelineInput,
} from "./contract";

type Row = typeof stageEvents.$inferSelect;

function toEntry(row: Row): StageTimelineEntry {
  return {
    id: row.id,
    seq: row.seq,
    participantId: row.participantId,
    participantName: row.participantName,
    userId: row.userId,
    action: row.action,
    actorId: row.actorId,
    occurredAtMs: row.occurredAt.getTime(),
    offsetMs: row.offsetMs,
  };
}

/**
 * Appends one on/off stage event to a room's timeline in a single conditional statement:
 * it only inserts when the participant's latest event is the opposite action, takes the next
 * sequence number inside the same statement, and does nothing when the id was already recorded.
 */
export async function recordStageEvent(db: SessionsDb, raw: unknown): Promise<StageResult<StageTimelineEntry>> {
  const parsed = RecordStageEventInput.safeParse(raw);
  if (!parsed.success) return invalidResult(parsed.error);
  const input = parsed.data;
  const expectedPrevious = input.action === "on_stage" ? "off_stage" : "on_stage";

  await db.run(sql`
    INSERT INTO stage_events
      (id, account_id, event_id, room_id, session_id, participant_id, participant_name, user_id, action, seq, actor_id,
       occurred_at, offset_ms)
    SELECT ${input.stageEventId}, ${input.accountId}, ${input.eventId}, ${input.roomId}, live.id, ${input.participantId},
           ${input.participantName}, ${input.userId}, ${input.action},
           COALESCE((SELECT MAX(seq) FROM stage_events WHERE room_id = ${input.roomId}), 0) + 1,
           ${input.actorId}, ${input.occurredAtMs},
           CASE WHEN live.started_at IS NULL THEN NULL ELSE ${input.occurredAtMs} - live.started_at END
    FROM (SELECT 1) AS one
    LEFT JOIN (
      SELECT id, started_at FROM recording_sessions
      WHERE account_id = ${input.accountId} AND room_id = ${input.roomId} AND status = 'recording'
      ORDER BY created_at DESC LIMIT 1
    ) AS live ON 1 = 1
    WHERE COALESCE((
      SELECT action FROM stage_events
      WHERE room_id = ${input.roomId} AND participant_id = ${input.participantId}
      ORDER BY seq DESC LIMIT 1
    ), 'off_stage') = ${expectedPrevious}
    ON CONFLICT(id) DO NOTHING`);

  const [row] = await db
    .select()
    .from(stageEvents)
    .where(and(eq(stageEvents.id, input.stageEventId), eq(stageEvents.accountId, input.accountId)))
    .limit(1);
  if (row && row.roomId === input.roomId && row.participantId === input.participantId && row.action === input.action) {
    return { ok: true, value: toEntry(row) };
  }
  if (row) return { ok: false, code: "conflict", message: "This request id was already used for another stage change." };
  return {
    ok: false,
    code: "conflict",
    message:
      input.action === "on_stage"
        ? `${input.participantName} is already on stage.`
        : `${input.participantName} is not on stage.`,
  };
}

export async function stageTimeline(db: SessionsDb, raw: unknown): Promise<StageResult<StageTimeline>> {
  const parsed = StageTimelineInput.safeParse(raw);
  if (!parsed.success) return invalidResult(parsed.error);
  const { accountId, roomId } = parsed.data;
  const [rows, sessions] = await db.batch([
    db
      .select()
      .from(stageEvents)
      .where(and(eq(stageEvents.accountId, accountId), eq(stageEvents.roomId, roomId)))
      .orderBy(asc(stageEvents.seq)),
    db
      .select({
        id: recordingSessions.id,
        status: recordingSessions.status,
        startedAt: recordingSessions.startedAt,
        endedAt: recordingSessions.endedAt,
        playbackUrl: recordingSessions.playbackUrl,
        total: sql<number>`(SELECT COUNT(*) FROM participant_clips c WHERE c.session_id = ${recordingSessions.id})`,
        ready: sql<number>`(SELECT COUNT(*) FROM participant_clips c WHERE c.session_id = ${recordingSessions.id} AND c.status = 'ready')`,
      })
      .from(recordingSessions)
      .where(and(eq(recordingSessions.accountId, accountId), eq(recordingSessions.roomId, roomId)))
      .orderBy(desc(recordingSessions.createdAt), desc(recordingSessions.id))
      .limit(1),
  ]);
  const session = sessions[0];
  const recording: RoomRecording | null = session
    ? {
        sessionId: session.id,
        status: session.status,
        startedAtMs: session.startedAt?.getTime() ?? null,
        endedAtMs: session.endedAt?.getTime() ?? null,
        playbackUrl: session.playbackUrl,
        clips: { total: Number(session.total), ready: Number(session.ready) },
      }
    : null;
  const entries = rows.map(toEntry);
  const latest = new Map<string, StageTimelineEntry>();
  for (const entry of entries) latest.set(entry.participantId, entry);
  const onStage = [...latest.values()]
    .filter((e) => e.action === "on_stage")
    .map((e) => ({
      participantId: e.participantId,
      participantName: e.participantName,
      userId: e.userId,
      sinceMs: e.occurredAtMs,
    }));
  return { ok: true, value: { recording, entries, onStage } };
}

const flowsRunInTheWorkersApp = async (): Promise<StageResult<never>> => ({
  ok: false,
  code: "conflict",
  message: "Cross-database flows run as Workflows in the workers app",
});

/**
 * The in-process form of the contract, over the shards (the same routing the workers app does). Workflows exist only
 * in the workers app, so flows go to `operations` (by default they answer conflict).
 */
export function stageApiFor(shards: ReadonlyMap<string, D1Database>, operations?: OperationsApi): StageApi {
  return {
    recordStageEvent: (input) => routed(shards, input, recordStageEvent),
    stageTimeline: (input) => routed(shards, input, stageTimeline),
    shardIds: async () => [...shards.keys()],
    shardStats: () => shardStats(openShards(shards)),
    sessionLogs: (input) => routed(shards, input, sessionLogs),
    listClips: (input) => routed(shards, input, listClips),
    myClips: (input) => routed(shards, input, myClips),
    webhookDeliveries: (input) => routed(shards, input, webhookDeliveries),
    appendCredit: (input) => routed(shards, input, appendCredit),
    creditLedger: (input) => routed(shards, input, creditLedger),
    // Delivery Workflows run in the workers app: in process, nothing is dispatched or redelivered.
    dispatchWebhooks: async () => ({ ok: true, value: { events: 0, deliveries: 0 } }),
    redeliverWebhook: flowsRunInTheWorkersApp,
    // Live rooms are Durable Objects of the workers app: in process there are none to close.
    endLiveAccess: async () => ({ ok: true, value: { rooms: 0, closed: 0 } }),
    startOperation: operations ? (input) => operations.startOperation(input) : flowsRunInTheWorkersApp,
    operationInstanceStatus: operations ? (input) => operations.operationInstanceStatus(input) : flowsRunInTheWorkersApp,
    reconcile: operations ? (input) => operations.reconcile(input) : flowsRunInTheWorkersApp,
  };
}

/** Every configured shard opened for this request, by id. */
export function openShards(shards: ReadonlyMap<string, D1Database>): Map<string, SessionsDb> {
  return new Map([...shards.keys()].flatMap((id) => {
    const db = shardDb(shards, id);
    return db ? [[id, db] as const] : [];
  }));
}
