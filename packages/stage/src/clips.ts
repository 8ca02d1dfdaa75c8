import type { SessionsDb } from "@greenroom/db/sessions/client";
import { createId } from "@paralleldrive/cuid2";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { MediaProvider } from "./media/provider";
import { rawBatch } from "./raw-batch";

/** Clips per INSERT statement: each statement binds one JSON parameter (plus six fixed ones), far below 100. */
const CLIPS_PER_STATEMENT = 500;

const GenerateClipsInput = z.object({
  accountId: z.string().min(1),
  sessionId: z.string().min(1),
  endOffsetMs: z.number().int().nonnegative(),
  nowMs: z.number().int().nonnegative(),
});

const RenderPendingClipsInput = z.object({
  accountId: z.string().min(1),
  sessionId: z.string().min(1),
  streamId: z.string().min(1),
  limit: z.number().int().min(1).max(100),
});

type SessionRow = { event_id: string; room_id: string; started_at: number | null };
type EventRow = {
  participant_id: string;
  participant_name: string;
  user_id: string | null;
  action: "on_stage" | "off_stage";
  occurred_at: number;
  offset_ms: number | null;
};
type PairedClip = { id: string; p: string; n: string; u: string | null; s: number; e: number };

/** How far a session's clips are: the caller loops while `pending` > 0; the UI shows `ready` of `total`. */
export type ClipCounts = { total: number; ready: number; failed: number; pending: number };

/**
 * One clip per enter/exit pair: events in `seq` order, offsets from `offset_ms` (or occurred_at − started_at),
 * clamped to the recording. A participant already on stage when the recording began opens at 0; an enter with no
 * exit closes at `endOffsetMs`; a repeated enter keeps the first; zero-length pairs are skipped.
 */
export function pairStageEvents(
  events: readonly EventRow[],
  onStageAtStart: readonly Pick<EventRow, "participant_id" | "participant_name" | "user_id">[],
  startedAtMs: number,
  endOffsetMs: number,
): PairedClip[] {
  const clamp = (ms: number) => Math.min(endOffsetMs, Math.max(0, ms));
  const open = new Map<string, { start: number; name: string; userId: string | null }>();
  for (const p of onStageAtStart) open.set(p.participant_id, { start: 0, name: p.participant_name, userId: p.user_id });
  const clips: PairedClip[] = [];
  // One CUID2 per run with a counter after it: createId() costs about half a millisecond, too much 5,000 times.
  const idBase = createId();
  const close = (participantId: string, end: number) => {
    const entered = open.get(participantId);
    if (!entered) return;
    open.delete(participantId);
    if (end > entered.start) {
      const id = `${idBase}${clips.length.toString(36)}`;
      clips.push({ id, p: participantId, n: entered.name, u: entered.userId, s: entered.start, e: end });
    }
  };
  for (const event of events) {
    const at = clamp(event.offset_ms ?? event.occurred_at - startedAtMs);
    if (event.action === "on_stage") {
      if (!open.has(event.participant_id)) {
        open.set(event.participant_id, { start: at, name: event.participant_name, userId: event.user_id });
      }
    } else {
      close(event.participant_id, at);
    }
  }
  for (const participantId of [...open.keys()]) close(participantId, endOffsetMs);
  return clips;
}

type CountRow = { total: number; ready: number; failed: number; pending: number };

const countsQuery = (accountId: string, sessionId: string) =>
  sql`
    SELECT COUNT(*) AS total,
           COALESCE(SUM(status = 'ready'), 0) AS ready,
           COALESCE(SUM(status = 'failed'), 0) AS failed,
           COALESCE(SUM(status = 'pending'), 0) AS pending
    FROM participant_clips WHERE session_id = ${sessionId} AND account_id = ${accountId}`;

const toCounts = (rows: unknown[]): ClipCounts => {
  const row = rows[0] as CountRow | undefined;
  return {
    total: Number(row?.total ?? 0),
    ready: Number(row?.ready ?? 0),
    failed: Number(row?.failed ?? 0),
    pending: Number(row?.pending ?? 0),
  };
};

/** The clip counts of one session. */
export async function clipCounts(db: SessionsDb, input: { accountId: string; sessionId: string }): Promise<ClipCounts> {
  return toCounts(await db.all(countsQuery(input.accountId, input.sessionId)));
}

/**
 * Writes one pending clip per enter/exit pair of each participant in the session (see `pairStageEvents`), copying
 * the participant's name and user id. One read batch (the session, its events, who was on stage at its start), then
 * one write batch of bulk inserts (a JSON parameter read with json_each, `ON CONFLICT DO NOTHING` on the unique
 * (session, participant, start)): running it again inserts nothing. Answers how many it inserted and the counts.
 */
export async function generateClips(
  db: SessionsDb,
  raw: z.input<typeof GenerateClipsInput>,
): Promise<ClipCounts & { inserted: number }> {
  const { accountId, sessionId, endOffsetMs, nowMs } = GenerateClipsInput.parse(raw);
  const [sessions, events, atStart] = await rawBatch(db, [
    sql`SELECT event_id, room_id, started_at FROM recording_sessions WHERE id = ${sessionId} AND account_id = ${accountId}`,
    sql`SELECT participant_id, participant_name, user_id, action, occurred_at, offset_ms FROM stage_events
        WHERE session_id = ${sessionId} AND account_id = ${accountId} ORDER BY seq`,
    // Who was on stage when the recording began: their latest event in the room before the start is an enter.
    sql`
      WITH s AS (SELECT room_id, started_at FROM recording_sessions WHERE id = ${sessionId} AND account_id = ${accountId})
      SELECT e.participant_id, e.participant_name, e.user_id, e.action, e.occurred_at, e.offset_ms
      FROM stage_events e JOIN s ON e.room_id = s.room_id
      WHERE e.account_id = ${accountId} AND e.action = 'on_stage' AND e.session_id IS NOT ${sessionId}
        AND e.occurred_at < s.started_at
        AND e.seq = (SELECT MAX(x.seq) FROM stage_events x
                     WHERE x.room_id = e.room_id AND x.participant_id = e.participant_id AND x.occurred_at < s.started_at)`,
  ]);
  const session = sessions?.rows[0] as SessionRow | undefined;
  if (!session) throw new Error(`No recording session ${sessionId} in this account`);
  if (session.started_at === null) return { inserted: 0, ...(await clipCounts(db, { accountId, sessionId })) };

  const clips = pairStageEvents(
    (events?.rows ?? []) as EventRow[],
    (atStart?.rows ?? []) as EventRow[],
    session.started_at,
    endOffsetMs,
  );
  const createdAt = Math.floor(nowMs / 1000);
  const inserts: SQL[] = [];
  for (let i = 0; i < clips.length; i += CLIPS_PER_STATEMENT) {
    const chunk = JSON.stringify(clips.slice(i, i + CLIPS_PER_STATEMENT));
    inserts.push(
      sql`
        INSERT INTO participant_clips
          (id, account_id, event_id, room_id, session_id, participant_id, participant_name, user_id, start_offset_ms,
           end_offset_ms, status, created_at)
        SELECT value ->> '$.id', ${accountId}, ${session.event_id}, ${session.room_id}, ${sessionId}, value ->> '$.p',
               value ->> '$.n', value ->> '$.u', value ->> '$.s', value ->> '$.e', 'pending', ${createdAt}
        FROM json_each(${chunk}) WHERE true
        ON CONFLICT DO NOTHING`,
    );
  }
  const results = await rawBatch(db, [...inserts, countsQuery(accountId, sessionId)]);
  const inserted = results.slice(0, -1).reduce((sum, result) => sum + result.changes, 0);
  return { inserted, ...toCounts(results.at(-1)?.rows ?? []) };
}

/**
 * Renders up to `limit` pending clips of the session: asks the provider for each (keyed by the clip's id, so a
 * retried call makes nothing twice), then marks each ready with its playback URL, or failed, in one statement that
 * only touches clips still pending. Answers the session's counts, so the caller loops while some are pending.
 */
export async function renderPendingClips(
  db: SessionsDb,
  provider: MediaProvider,
  raw: z.input<typeof RenderPendingClipsInput>,
): Promise<ClipCounts> {
  const { accountId, sessionId, streamId, limit } = RenderPendingClipsInput.parse(raw);
  const pending = await db.all<{ id: string; start_offset_ms: number; end_offset_ms: number }>(sql`
    SELECT id, start_offset_ms, end_offset_ms FROM participant_clips
    WHERE session_id = ${sessionId} AND account_id = ${accountId} AND status = 'pending'
    ORDER BY start_offset_ms, id LIMIT ${limit}`);
  if (pending.length === 0) return clipCounts(db, { accountId, sessionId });
  const outcomes = await Promise.allSettled(
    pending.map((clip) =>
      provider.createClip({ key: clip.id, streamId, startOffsetMs: clip.start_offset_ms, endOffsetMs: clip.end_offset_ms }),
    ),
  );
  const results = pending.map((clip, i) => {
    const outcome = outcomes[i];
    return outcome?.status === "fulfilled"
      ? { id: clip.id, status: "ready", url: outcome.value.playbackUrl }
      : { id: clip.id, status: "failed", url: null };
  });
  const [, counts] = await rawBatch(db, [
    sql`
      UPDATE participant_clips SET status = r.status, playback_url = r.url
      FROM (SELECT value ->> '$.id' AS id, value ->> '$.status' AS status, value ->> '$.url' AS url
            FROM json_each(${JSON.stringify(results)})) AS r
      WHERE participant_clips.id = r.id AND participant_clips.account_id = ${accountId}
        AND participant_clips.status = 'pending'`,
    countsQuery(accountId, sessionId),
  ]);
  return toCounts(counts?.rows ?? []);
}
