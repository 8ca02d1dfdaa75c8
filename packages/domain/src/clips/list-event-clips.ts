import type { ClipView } from "@greenroom/stage/contract";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { authorizeAndReadAll } from "../access";
import type { Ctx } from "../context";
import { notFound, parseInput } from "../errors";
import { unwrap } from "../stage/unwrap";
import { type ClipProgress, clipProgress } from "./counts";
import { ListEventClipsInput } from "./schemas";

export type SessionClips = { sessionId: string; startedAtMs: number | null; clips: ClipView[]; progress: ClipProgress };
export type RoomClips = { roomId: string; roomName: string; sessions: SessionClips[] };

export type EventClips = {
  event: { id: string; name: string; timeZone: string };
  rooms: RoomClips[];
  progress: ClipProgress;
  /** More clips exist than one answer carries. */
  truncated: boolean;
};

/**
 * Every clip of an event, grouped by room and recording session, for its organizers (`event.update`: owners and
 * event admins; another tenant's event is not_found). One D1 batch (authorization, the event, its room names and the
 * account's shard, read without assigning one), then one RPC to that shard; an account with no shard has no clips.
 */
export async function listEventClips({ ctx, input }: { ctx: Ctx; input: z.input<typeof ListEventClipsInput> }): Promise<EventClips> {
  const { eventId } = parseInput(ListEventClipsInput, input);
  const [access, [eventRows, roomRows, shardRows]] = await authorizeAndReadAll<
    [{ id: string; name: string; time_zone: string }[], { id: string; name: string }[], { shard_id: string }[]]
  >(ctx, "event.update", { kind: "event", eventId }, [
    sql`SELECT id, name, time_zone FROM events WHERE id = ${eventId}`,
    sql`SELECT id, name FROM rooms WHERE event_id = ${eventId} ORDER BY position, created_at`,
    sql`SELECT shard_id FROM account_shards WHERE account_id = (SELECT account_id FROM events WHERE id = ${eventId})`,
  ]);
  const event = eventRows[0];
  if (!event) throw notFound("Event not found");
  const shard = shardRows[0]?.shard_id;
  const list = shard
    ? unwrap(await ctx.stage.listClips({ shard, accountId: access.accountId, eventId }))
    : { clips: [], truncated: false };

  const roomNames = new Map(roomRows.map((r) => [r.id, r.name]));
  const byRoom = new Map<string, Map<string, SessionClips>>();
  for (const clip of list.clips) {
    const sessions = byRoom.get(clip.roomId) ?? new Map<string, SessionClips>();
    byRoom.set(clip.roomId, sessions);
    const session = sessions.get(clip.sessionId) ?? {
      sessionId: clip.sessionId,
      startedAtMs: clip.sessionStartedAtMs,
      clips: [],
      progress: clipProgress([]),
    };
    sessions.set(clip.sessionId, session);
    session.clips.push(clip);
  }
  // Rooms in the event's order (a room no longer listed, last); sessions oldest first, as the shard sorted them.
  const order = [...roomNames.keys()];
  const rank = (roomId: string) => (order.includes(roomId) ? order.indexOf(roomId) : order.length);
  const rooms = [...byRoom.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([roomId, sessions]) => ({
      roomId,
      roomName: roomNames.get(roomId) ?? "Removed room",
      sessions: [...sessions.values()].map((s) => ({ ...s, progress: clipProgress(s.clips) })),
    }));
  return {
    event: { id: event.id, name: event.name, timeZone: event.time_zone },
    rooms,
    progress: clipProgress(list.clips),
    truncated: list.truncated,
  };
}
