import { prepareSql } from "@greenroom/db/raw";
import type { SessionsDb } from "@greenroom/db/sessions/client";
import { recordingSessions } from "@greenroom/db/sessions/schema";
import { type SQL, and, eq, sql } from "drizzle-orm";

// The sessions side of the cross-database flows. Each function is one Workflow step (or its compensation): a single
// conditional statement or one batch, idempotent, keyed by the operation id (the recording session's id) or by the
// account and event or user it removes. Running one twice changes nothing the first run did not.

/** Raw statements in one atomic D1 batch (drizzle's batch() takes no raw SQL with parameters). */
async function batch(db: SessionsDb, statements: SQL[]): Promise<D1Result[]> {
  return db.$client.batch(statements.map((statement) => prepareSql(db, statement)));
}

export type RecordingSessionRow = typeof recordingSessions.$inferSelect;

/** Thrown when a step can never succeed (retrying cannot help): the Workflow fails the step for good at once. */
export class FlowRefusal extends Error {
  override readonly name = "FlowRefusal";
}

export async function recordingSession(db: SessionsDb, key: { accountId: string; sessionId: string }): Promise<RecordingSessionRow | null> {
  const [row] = await db
    .select()
    .from(recordingSessions)
    .where(and(eq(recordingSessions.id, key.sessionId), eq(recordingSessions.accountId, key.accountId)))
    .limit(1);
  return row ?? null;
}

/**
 * Creates the room's recording session (id = the operation id) as pending and moves it to starting. A room that
 * already has a live session keeps it: the insert does nothing (the partial unique index) and this is a refusal.
 */
export async function createRecordingSession(
  db: SessionsDb,
  input: { accountId: string; sessionId: string; eventId: string; roomId: string; startedBy: string; nowMs: number },
): Promise<RecordingSessionRow> {
  await batch(db, [
    sql`
      INSERT INTO recording_sessions (id, account_id, event_id, room_id, status, started_by, created_at)
      VALUES (${input.sessionId}, ${input.accountId}, ${input.eventId}, ${input.roomId}, 'pending', ${input.startedBy},
              ${Math.floor(input.nowMs / 1000)})
      ON CONFLICT DO NOTHING`,
    sql`UPDATE recording_sessions SET status = 'starting' WHERE id = ${input.sessionId} AND status = 'pending'`,
  ]);
  const row = await recordingSession(db, input);
  if (!row) throw new FlowRefusal("This room is already being recorded");
  if (row.status === "failed" || row.status === "stopped") throw new FlowRefusal(`This recording session is already ${row.status}`);
  return row;
}

/** Stores the live stream the provider made, so a compensation can find it from the row alone. */
export async function saveLiveStream(
  db: SessionsDb,
  input: { accountId: string; sessionId: string; streamId: string; playbackUrl: string },
): Promise<void> {
  await db.run(sql`
    UPDATE recording_sessions SET provider_stream_id = ${input.streamId}, playback_url = ${input.playbackUrl}
    WHERE id = ${input.sessionId} AND account_id = ${input.accountId} AND status IN ('pending', 'starting')`);
}

/** The provider is recording: store the egress and move starting → recording (a repeat finds it recording). */
export async function markRecording(
  db: SessionsDb,
  input: { accountId: string; sessionId: string; egressId: string; nowMs: number },
): Promise<RecordingSessionRow> {
  await db.run(sql`
    UPDATE recording_sessions SET egress_id = ${input.egressId}, status = 'recording', started_at = ${input.nowMs}
    WHERE id = ${input.sessionId} AND account_id = ${input.accountId} AND status = 'starting'`);
  const row = await recordingSession(db, input);
  if (row?.status !== "recording") throw new FlowRefusal(`The recording session is ${row?.status ?? "gone"}, not starting`);
  return row;
}

/** Compensation of the start: the session is failed (unless it already ended), which frees the room. */
export async function failRecordingSession(db: SessionsDb, input: { accountId: string; sessionId: string; nowMs: number }): Promise<void> {
  await db.run(sql`
    UPDATE recording_sessions SET status = 'failed', ended_at = ${input.nowMs}
    WHERE id = ${input.sessionId} AND account_id = ${input.accountId}
      AND status IN ('pending', 'starting', 'recording', 'stopping')`);
}

/** First step of the stop: recording → stopping. A session already stopping or stopped is fine (a retried stop). */
export async function markStopping(db: SessionsDb, input: { accountId: string; sessionId: string }): Promise<RecordingSessionRow> {
  await db.run(sql`
    UPDATE recording_sessions SET status = 'stopping'
    WHERE id = ${input.sessionId} AND account_id = ${input.accountId} AND status = 'recording'`);
  const row = await recordingSession(db, input);
  if (!row || !["stopping", "stopped"].includes(row.status)) {
    throw new FlowRefusal(`The recording session is ${row?.status ?? "gone"}, not recording`);
  }
  return row;
}

/** Last step of the stop: stopping → stopped, with the end time (kept on a repeat). */
export async function markStopped(db: SessionsDb, input: { accountId: string; sessionId: string; nowMs: number }): Promise<void> {
  await db.run(sql`
    UPDATE recording_sessions SET status = 'stopped', ended_at = COALESCE(ended_at, ${input.nowMs})
    WHERE id = ${input.sessionId} AND account_id = ${input.accountId} AND status = 'stopping'`);
}

/** Compensation of the stop's first step, while nothing was stopped at the provider: back to recording. */
export async function resumeRecordingStatus(db: SessionsDb, input: { accountId: string; sessionId: string }): Promise<void> {
  await db.run(sql`
    UPDATE recording_sessions SET status = 'recording'
    WHERE id = ${input.sessionId} AND account_id = ${input.accountId} AND status = 'stopping'`);
}

export type DeletedRows = { sessions: number; stageEvents: number; clips: number; logs: number };

/**
 * The provider resources of an event's recordings that may still be live (not stopped or failed): what deleting the
 * event must stop at the provider before its rows go, so no stream or egress is left running without a session.
 */
export async function liveRecordingsOfEvent(
  db: SessionsDb,
  input: { accountId: string; eventId: string },
): Promise<{ sessionId: string; streamId: string | null; egressId: string | null }[]> {
  return db.all<{ sessionId: string; streamId: string | null; egressId: string | null }>(sql`
    SELECT id AS sessionId, provider_stream_id AS streamId, egress_id AS egressId FROM recording_sessions
    WHERE account_id = ${input.accountId} AND event_id = ${input.eventId}
      AND status IN ('pending', 'starting', 'recording', 'stopping')`);
}

/**
 * Removes everything an event left on its account's shard, in one atomic batch: its clips, stage events, the logs of
 * its sessions, and the sessions. A repeat deletes nothing more.
 */
export async function deleteEventRows(db: SessionsDb, input: { accountId: string; eventId: string }): Promise<DeletedRows> {
  const sessionsOfEvent = sql`SELECT id FROM recording_sessions WHERE account_id = ${input.accountId} AND event_id = ${input.eventId}`;
  const [clips, events, logs, sessions] = await batch(db, [
    sql`DELETE FROM participant_clips WHERE account_id = ${input.accountId} AND event_id = ${input.eventId}`,
    sql`DELETE FROM stage_events WHERE account_id = ${input.accountId} AND event_id = ${input.eventId}`,
    sql`DELETE FROM session_logs WHERE account_id = ${input.accountId} AND session_id IN (${sessionsOfEvent})`,
    sql`DELETE FROM recording_sessions WHERE account_id = ${input.accountId} AND event_id = ${input.eventId}`,
  ]);
  const changed = (result: D1Result | undefined) => result?.meta.changes ?? 0;
  return { clips: changed(clips), stageEvents: changed(events), logs: changed(logs), sessions: changed(sessions) };
}

/** Removes a user's stage events and clips from one shard (a user appears in many accounts). A repeat deletes nothing. */
export async function deleteUserRows(db: SessionsDb, input: { userId: string }): Promise<{ stageEvents: number; clips: number }> {
  const [clips, events] = await batch(db, [
    sql`DELETE FROM participant_clips WHERE user_id = ${input.userId}`,
    sql`DELETE FROM stage_events WHERE user_id = ${input.userId}`,
  ]);
  return { clips: clips?.meta.changes ?? 0, stageEvents: events?.meta.changes ?? 0 };
}

/** The egress has stopped: the session's end time is set once (a repeat keeps the first), while it is stopping. */
export async function markEgressStopped(
  db: SessionsDb,
  input: { accountId: string; sessionId: string; nowMs: number },
): Promise<RecordingSessionRow> {
  await db.run(sql`
    UPDATE recording_sessions SET ended_at = COALESCE(ended_at, ${input.nowMs})
    WHERE id = ${input.sessionId} AND account_id = ${input.accountId} AND status = 'stopping'`);
  const row = await recordingSession(db, input);
  if (!row) throw new FlowRefusal("The recording session is gone");
  return row;
}
