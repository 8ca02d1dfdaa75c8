import { currentSessionUser } from "@greenroom/domain/auth";
import {
  EndLiveAccessInput,
  type EndLiveAccessResult,
  invalidResult,
  liveStageOf,
  liveStageVersion,
  type StageResult,
  shardDb,
  stageTimeline,
  VIEWER_HEADERS,
} from "@greenroom/stage";
import { configOf, type WorkersEnv } from "./env";
import { systemContext } from "./flows/system-context";
import { viewerOf } from "./room-live";

/** Where a room's stage lives: its tenant, the shard holding its rows, and the room. */
export type LiveRoom = { shard: string; accountId: string; roomId: string };

/** The room's RoomLive Durable Object (one per room id; room ids are unique across accounts). */
export const roomLive = (env: WorkersEnv, roomId: string) => env.ROOM_LIVE.get(env.ROOM_LIVE.idFromName(roomId));

/**
 * Pushes a room's current stage state (who is on stage, the recording and its status) to everyone watching the room,
 * through the room's RoomLive Durable Object. Called after every stage change and recording status change.
 * The version is read before the timeline, so the state sent is never older than its version; the object drops a
 * publish whose version it already has, so concurrent publishes of one change broadcast it once.
 * Answers whether it was broadcast; an unknown shard or an unreadable timeline publishes nothing.
 */
export async function publishStage(env: WorkersEnv, room: LiveRoom): Promise<{ broadcast: boolean; version: number } | null> {
  const db = shardDb(configOf(env).shards, room.shard);
  if (!db) return null;
  const version = await liveStageVersion(db, room);
  const timeline = await stageTimeline(db, room);
  if (!timeline.ok) return null;
  const result = await roomLive(env, room.roomId).publish(liveStageOf(room.roomId, version, timeline.value));
  return { broadcast: result.broadcast, version: result.version };
}

/** The path the webapp forwards a viewer's WebSocket upgrade to, after checking their token. */
export const LIVE_PATH = /^\/live\/rooms\/([A-Za-z0-9_-]{1,64})$/;

/** The user's registry of rooms they hold sockets in (see UserLive). */
export const userLive = (env: WorkersEnv, userId: string) => env.USER_LIVE.get(env.USER_LIVE.idFromName(userId));

const refuse = (status: number, message: string) => new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * Hands a WebSocket upgrade for `/live/rooms/<roomId>` to the room's object; anything else is not ours (null).
 * The webapp's entry has checked the token's signature, room and expiry; here its session version is compared with
 * the user's (one read of the webapp D1): a token from before "Sign out everywhere", or of a disabled or deleting
 * user, opens nothing (403). An accepted socket is noted in the user's registry, so ending their access finds it.
 */
export async function forwardToRoom(env: WorkersEnv, request: Request): Promise<Response | null> {
  const roomId = LIVE_PATH.exec(new URL(request.url).pathname)?.[1];
  if (!roomId) return null;
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    return new Response("Expected a WebSocket upgrade.", { status: 426, headers: { Upgrade: "websocket" } });
  }
  const viewer = viewerOf(request.headers);
  const version = request.headers.get(VIEWER_HEADERS.sessionVersion);
  if (!viewer || !version || !/^\d{1,9}$/.test(version)) return refuse(400, "The viewer is missing.");
  const user = await currentSessionUser({ ctx: systemContext(env), input: { userId: viewer.userId, sessionVersion: Number(version) } });
  if (!user) return refuse(403, "Sign in again: this live room link is no longer valid.");
  const response = await roomLive(env, roomId).fetch(request);
  if (response.status === 101) {
    // A lost note only means signing out finds this socket at its token's expiry instead of at once.
    await userLive(env, viewer.userId)
      .opened(roomId, viewer.expiresAtMs)
      .catch((error: unknown) => console.error("UserLive.opened failed:", error instanceof Error ? error.name : "unknown error"));
  }
  return response;
}

/**
 * Ends a user's live access at `atMs`: in the rooms named, or else in every room of their registry, the RoomLive
 * object closes their sockets and refuses their tokens issued until then. Rooms are told in parallel.
 */
export async function endLiveAccess(env: WorkersEnv, input: unknown): Promise<StageResult<EndLiveAccessResult>> {
  const parsed = EndLiveAccessInput.safeParse(input);
  if (!parsed.success) return invalidResult(parsed.error);
  const { userId, atMs } = parsed.data;
  const rooms = parsed.data.roomIds ?? (await userLive(env, userId).openRooms(Date.now()));
  const results = await Promise.all([...new Set(rooms)].map((roomId) => roomLive(env, roomId).disconnect(userId, atMs)));
  return { ok: true, value: { rooms: results.length, closed: results.reduce((sum, r) => sum + r.closed, 0) } };
}
