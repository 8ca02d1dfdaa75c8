import { events, rooms } from "@greenroom/db/webapp/schema";
import type { StageTimeline } from "@greenroom/stage/contract";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Authorized, authorizeAndReadAll, type PermissionKey, tableRow } from "../access";
import type { Ctx } from "../context";
import { DomainError, notFound, parseInput } from "../errors";
import type { EventRow, RoomRow } from "../events";
import { type RoomRecordingPanel, roomRecordingQuery, toRecordingPanel } from "../operations/room-recording";
import { shardFromRows, shardStatements } from "../shards/assign";
import { type StageCandidate, stageCandidatesQuery, toStageCandidate } from "../stage/candidates";

export const RoomPageInput = z.object({
  roomId: z.string().min(1).max(64),
  /** What the page needs: `room.enter` for the room page, `stage.view` for the stage page. */
  permission: z.enum(["room.enter", "stage.view"]).default("room.enter"),
});

export type RoomPageData = {
  room: RoomRow;
  event: EventRow;
  access: Authorized;
  /** The room's stage: everyone who may enter the room sees who is on stage and the recording. */
  timeline: StageTimeline;
  /** Who a host may put on stage (people granted the room or its event); empty unless the actor has stage.manage. */
  candidates: StageCandidate[];
  /** The recording panel (the room's latest start or stop operation), for those who may see the stage. */
  recording: RoomRecordingPanel | null;
};

/**
 * The room and stage pages: the active room and its event with authorization in one D1 batch (one round trip; the
 * stage page's batch also reads who may go on stage), then the stage timeline in one RPC call to the workers app.
 */
// verb-exempt: its only write is the account's sessions shard, assigned once on first use; nothing to audit
export async function roomPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof RoomPageInput> }): Promise<RoomPageData> {
  const { roomId, permission } = parseInput(RoomPageInput, input);
  const [access, [roomRows, eventRows, , shardRows, candidateRows, recordingRows]] = await authorizeAndReadAll<
    [Record<string, unknown>[], Record<string, unknown>[], unknown[], unknown[], unknown[], unknown[]]
  >(
    ctx,
    permission satisfies PermissionKey,
    { kind: "room", roomId },
    [
      sql`SELECT * FROM rooms WHERE id = ${roomId} AND status = 'active'`,
      sql`SELECT e.* FROM events e JOIN rooms r ON r.event_id = e.id WHERE r.id = ${roomId}`,
      // the account's sessions shard, assigned on first use
      ...shardStatements(sql`SELECT account_id FROM rooms WHERE id = ${roomId}`, ctx.now()),
      // the stage page's people picker
      permission === "stage.view" ? stageCandidatesQuery(roomId) : sql`SELECT 1 WHERE 0`,
      // the recording panel's operation (cross-database flows)
      roomRecordingQuery(roomId),
    ],
  );
  const [room, event] = [roomRows[0], eventRows[0]];
  if (!room || !event) throw notFound("Room not found");
  const result = await ctx.stage.stageTimeline({ shard: shardFromRows(shardRows), accountId: access.accountId, roomId });
  if (!result.ok) throw new DomainError(result.code, result.message);
  const candidates = access.permissions.has("stage.manage") ? candidateRows.map(toStageCandidate) : [];
  const recording = access.permissions.has("stage.view") ? toRecordingPanel(recordingRows, access) : null;
  return { room: tableRow(rooms, room), event: tableRow(events, event), access, timeline: result.value, candidates, recording };
}
