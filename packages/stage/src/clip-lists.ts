import type { SessionsDb } from "@greenroom/db/sessions/client";
import { sql } from "drizzle-orm";
import { CLIP_LIST_LIMIT, type ClipList, type ClipView, ListClipsInput, MyClipsInput, type StageResult } from "./contract";
import { invalidResult as invalid } from "./results";

type ClipRow = {
  id: string;
  account_id: string;
  event_id: string;
  room_id: string;
  session_id: string;
  started_at: number | null;
  participant_id: string;
  participant_name: string;
  user_id: string | null;
  start_offset_ms: number;
  end_offset_ms: number;
  status: ClipView["status"];
  playback_url: string | null;
};

const CLIP_COLUMNS = sql`c.id, c.account_id, c.event_id, c.room_id, c.session_id, s.started_at, c.participant_id,
  c.participant_name, c.user_id, c.start_offset_ms, c.end_offset_ms, c.status, c.playback_url`;

function toList(rows: ClipRow[]): ClipList {
  const clips = rows.slice(0, CLIP_LIST_LIMIT).map(
    (r): ClipView => ({
      id: r.id,
      accountId: r.account_id,
      eventId: r.event_id,
      roomId: r.room_id,
      sessionId: r.session_id,
      sessionStartedAtMs: r.started_at,
      participantId: r.participant_id,
      participantName: r.participant_name,
      userId: r.user_id,
      guest: r.user_id === null,
      startOffsetMs: r.start_offset_ms,
      endOffsetMs: r.end_offset_ms,
      status: r.status,
      playbackUrl: r.playback_url,
    }),
  );
  return { clips, truncated: rows.length > CLIP_LIST_LIMIT };
}

/** Every clip of one event in the account: by room, then session (oldest first), then start. */
export async function listClips(db: SessionsDb, raw: unknown): Promise<StageResult<ClipList>> {
  const parsed = ListClipsInput.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { accountId, eventId } = parsed.data;
  const rows = await db.all<ClipRow>(sql`
    SELECT ${CLIP_COLUMNS} FROM participant_clips c JOIN recording_sessions s ON s.id = c.session_id
    WHERE c.account_id = ${accountId} AND c.event_id = ${eventId}
    ORDER BY c.room_id, s.started_at, c.session_id, c.start_offset_ms, c.participant_name
    LIMIT ${CLIP_LIST_LIMIT + 1}`);
  return { ok: true, value: toList(rows) };
}

/** One user's clips in the named accounts of this shard (one JSON parameter for the accounts), newest first. */
export async function myClips(db: SessionsDb, raw: unknown): Promise<StageResult<ClipList>> {
  const parsed = MyClipsInput.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { accountIds, userId } = parsed.data;
  const rows = await db.all<ClipRow>(sql`
    SELECT ${CLIP_COLUMNS} FROM participant_clips c JOIN recording_sessions s ON s.id = c.session_id
    WHERE c.user_id = ${userId} AND c.account_id IN (SELECT value FROM json_each(${JSON.stringify(accountIds)}))
    ORDER BY s.started_at DESC, c.session_id, c.start_offset_ms
    LIMIT ${CLIP_LIST_LIMIT + 1}`);
  return { ok: true, value: toList(rows) };
}
