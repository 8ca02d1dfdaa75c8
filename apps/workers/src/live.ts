import { liveStageOf, liveStageVersion, shardDb, stageTimeline } from "@greenroom/stage";
import { configOf, type WorkersEnv } from "./env";

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

/** Hands a WebSocket upgrade for `/live/rooms/<roomId>` to the room's object; anything else is not ours (null). */
export function forwardToRoom(env: WorkersEnv, request: Request): Promise<Response> | null {
  const roomId = LIVE_PATH.exec(new URL(request.url).pathname)?.[1];
  if (!roomId) return null;
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    return Promise.resolve(new Response("Expected a WebSocket upgrade.", { status: 426, headers: { Upgrade: "websocket" } }));
  }
  return roomLive(env, roomId).fetch(request);
}
