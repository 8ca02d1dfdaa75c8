import type { z } from "zod";
import { sql } from "drizzle-orm";
import { type Ctx, requireActor } from "../context";
import { conflict, parseInput } from "../errors";
import { DeleteEventInput } from "./schemas";
import { type StartedOperation, startTenantFlow } from "./shared";

/**
 * Deletes an event for good (account owners only: `account.manage`, which no role grants). The delete-event Workflow
 * marks it deleting, removes its sessions, stage events, clips and logs from the account's shard, then the event.
 * Refused while a recording of one of its rooms is starting or stopping.
 */
export async function deleteEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof DeleteEventInput> }): Promise<StartedOperation> {
  const { eventId, requestId } = parseInput(DeleteEventInput, input);
  const actor = requireActor(ctx);
  const account = sql`SELECT account_id FROM events WHERE id = ${eventId}`;
  return startTenantFlow(ctx, {
    kind: "delete_event",
    subjectType: "event",
    subjectId: eventId,
    permission: "account.manage",
    resource: { kind: "event", eventId },
    account,
    params: (shard) => sql`json_object('shard', ${shard}, 'accountId', (${account}), 'eventId', ${eventId}, 'actorId', ${actor.userId})`,
    guard: sql`EXISTS (SELECT 1 FROM events WHERE id = ${eventId} AND status IN ('draft', 'active', 'archived'))
               AND NOT EXISTS (SELECT 1 FROM operations o JOIN rooms r ON r.id = o.subject_id
                               WHERE r.event_id = ${eventId} AND o.kind IN ('start_recording', 'stop_recording')
                                 AND o.state IN ('running', 'compensating'))`,
    requestId,
    refused: () => conflict("A recording in this event is starting or stopping. Delete the event once it has finished."),
  });
}
