import type { z } from "zod";
import { sql } from "drizzle-orm";
import { ARCHIVED_EVENT_MESSAGE } from "../access";
import { type Ctx, requireActor } from "../context";
import { conflict, parseInput } from "../errors";
import { StartRecordingInput, StopRecordingInput } from "./schemas";
import { type StartedOperation, eventOpen, latestRecordingSession, startTenantFlow } from "./shared";

const activeOf = (kind: string, roomId: string) =>
  sql`EXISTS (SELECT 1 FROM operations WHERE kind = ${kind} AND subject_id = ${roomId} AND state IN ('running', 'compensating'))`;

/**
 * Starts recording a room's stage (stage.manage): the start-recording Workflow checks the grant again, creates the
 * session on the account's shard and starts the provider. Answers at once with the operation, which the UI follows.
 */
export async function startRecording({ ctx, input }: { ctx: Ctx; input: z.input<typeof StartRecordingInput> }): Promise<StartedOperation> {
  const { roomId, requestId } = parseInput(StartRecordingInput, input);
  const actor = requireActor(ctx);
  const room = sql`SELECT account_id FROM rooms WHERE id = ${roomId}`;
  const eventOfRoom = sql`SELECT event_id FROM rooms WHERE id = ${roomId}`;
  return startTenantFlow(ctx, {
    kind: "start_recording",
    subjectType: "room",
    subjectId: roomId,
    permission: "stage.manage",
    resource: { kind: "room", roomId },
    account: room,
    params: (shard) =>
      sql`json_object('shard', ${shard}, 'accountId', (${room}), 'eventId', (${eventOfRoom}), 'roomId', ${roomId}, 'actorId', ${actor.userId})`,
    guard: sql`${eventOpen(eventOfRoom)} AND NOT ${activeOf("stop_recording", roomId)}`,
    requestId,
    refused: (access) =>
      access.eventStatus === "archived"
        ? conflict(ARCHIVED_EVENT_MESSAGE)
        : access.eventStatus === "deleting"
          ? conflict("This event is being deleted; nothing in it can change.")
          : conflict("The recording is still stopping. Start again once it has stopped."),
  });
}

/**
 * Stops the room's recording (stage.manage): the stop Workflow stops the egress, generates each participant's clips
 * and renders them. Refused when the room has no recording its start flow completed, or that one is already stopped.
 */
export async function stopRecording({ ctx, input }: { ctx: Ctx; input: z.input<typeof StopRecordingInput> }): Promise<StartedOperation> {
  const { roomId, requestId } = parseInput(StopRecordingInput, input);
  const actor = requireActor(ctx);
  const room = sql`SELECT account_id FROM rooms WHERE id = ${roomId}`;
  const eventOfRoom = sql`SELECT event_id FROM rooms WHERE id = ${roomId}`;
  return startTenantFlow(ctx, {
    kind: "stop_recording",
    subjectType: "room",
    subjectId: roomId,
    permission: "stage.manage",
    resource: { kind: "room", roomId },
    account: room,
    params: (shard) =>
      sql`json_object('shard', ${shard}, 'accountId', (${room}), 'eventId', (${eventOfRoom}), 'roomId', ${roomId},
                      'actorId', ${actor.userId}, 'sessionId', ${latestRecordingSession(roomId)})`,
    guard: sql`${latestRecordingSession(roomId)} IS NOT NULL AND NOT ${activeOf("start_recording", roomId)}
               AND NOT EXISTS (SELECT 1 FROM operations s WHERE s.kind = 'stop_recording' AND s.subject_id = ${roomId}
                                 AND s.state IN ('completed', 'failed')
                                 AND json_extract(s.params, '$.sessionId') = ${latestRecordingSession(roomId)})`,
    requestId,
    refused: () => conflict("This room is not being recorded."),
  });
}
