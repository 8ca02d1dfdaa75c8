import type { SessionsDb } from "@greenroom/db/sessions/client";
import { sql } from "drizzle-orm";
import type { RecordingStatus, StageTimeline } from "./contract";

/** One person on stage as every viewer of the room sees it; a guest (added by name, no account) is marked. */
export type LiveOnStage = { participantId: string; participantName: string; userId: string | null; guest: boolean; sinceMs: number };

/**
 * What a room's RoomLive object keeps and sends to each WebSocket: who is on stage and the recording, with a
 * version that only grows as the room's rows change (see `liveStageVersion`), so a stale publish is ignored.
 */
export type LiveStage = {
  type: "stage";
  roomId: string;
  version: number;
  onStage: LiveOnStage[];
  recording: { status: RecordingStatus; playbackUrl: string | null; clips: { total: number; ready: number } } | null;
};

/** `guest:<name>` participants have no account; everyone else is `user:<id>` (or the old `name:` ids). */
export const isGuestParticipant = (participantId: string, userId: string | null) =>
  userId === null && participantId.startsWith("guest:");

// Within one recording session the status only moves forward; a new session adds a whole step (sessions × 6).
const STATUS_RANK: Record<RecordingStatus, number> = { pending: 0, starting: 1, recording: 2, stopping: 3, stopped: 4, failed: 5 };

/**
 * A number that grows with every change of the room's live state, computed from counters that never go back: the
 * room's last stage event seq, its recording sessions (× 6, plus the latest one's status rank) and its clips (made
 * and settled). Read *before* the timeline, the state sent with it is never older than the version says.
 */
export async function liveStageVersion(db: SessionsDb, room: { accountId: string; roomId: string }): Promise<number> {
  const { accountId, roomId } = room;
  const row = await db.get<{ seq: number; sessions: number; status: RecordingStatus | null; clips: number; settled: number }>(sql`
    SELECT
      (SELECT COALESCE(MAX(seq), 0) FROM stage_events WHERE room_id = ${roomId} AND account_id = ${accountId}) AS seq,
      (SELECT COUNT(*) FROM recording_sessions WHERE account_id = ${accountId} AND room_id = ${roomId}) AS sessions,
      (SELECT status FROM recording_sessions WHERE account_id = ${accountId} AND room_id = ${roomId}
        ORDER BY created_at DESC, id DESC LIMIT 1) AS status,
      (SELECT COUNT(*) FROM participant_clips WHERE account_id = ${accountId} AND room_id = ${roomId}) AS clips,
      (SELECT COUNT(*) FROM participant_clips WHERE account_id = ${accountId} AND room_id = ${roomId}
        AND status <> 'pending') AS settled`);
  if (!row) return 0;
  const rank = row.status ? STATUS_RANK[row.status] : 0;
  return Number(row.seq) + Number(row.sessions) * 6 + rank + Number(row.clips) + Number(row.settled);
}

/** The live state of a room from its timeline (who is on stage, the latest recording). */
export function liveStageOf(roomId: string, version: number, timeline: StageTimeline): LiveStage {
  return {
    type: "stage",
    roomId,
    version,
    onStage: timeline.onStage.map((p) => ({ ...p, guest: isGuestParticipant(p.participantId, p.userId) })),
    recording: timeline.recording
      ? { status: timeline.recording.status, playbackUrl: timeline.recording.playbackUrl, clips: timeline.recording.clips }
      : null,
  };
}

// ── Live access ───────────────────────────────────────────────────────────────────────────────────────────────────

/** At most this many open sockets per user in one room; the next one is refused (429) until one closes. */
export const LIVE_SOCKETS_PER_USER = 5;

/**
 * The longest a viewer's token may live (issued to expiry). A socket is closed when its token expires, so a user
 * whose access ended is cut off within this time even if the fan-out that should have closed their socket was lost.
 */
export const LIVE_TOKEN_MAX_LIFETIME_MS = 10 * 60 * 1000;

/** Close codes a viewer's page acts on: fetch a fresh token (page re-render) and reconnect, or show access ended. */
export const LIVE_CLOSE = { expired: 4001, accessEnded: 4003 } as const;

/** What a socket is sent just before it is closed because the viewer's access ended. */
export type LiveClosed = { type: "closed"; reason: "access_ended" };

/** The checked viewer, as the webapp's entry forwards the upgrade to the workers app (one header each). */
export const VIEWER_HEADERS = {
  userId: "x-greenroom-viewer",
  sessionVersion: "x-greenroom-viewer-session",
  issuedAtMs: "x-greenroom-viewer-issued",
  expiresAtMs: "x-greenroom-viewer-expires",
} as const;
