import { z } from "zod";
import { rooms } from "@greenroom/db/webapp/schema";
import { sql } from "drizzle-orm";
import { type Authorized, authorizeAndReadAll, tableRow } from "../access";
import { type Ctx, requireActor } from "../context";
import { parseInput } from "../errors";
import type { EventRow, RoomRow } from "../events";
import { eventShell, type EventShellRows, eventShellQueries } from "./event-shell";

export const EventPageInput = z.object({ eventId: z.string().min(1).max(64) });

/** What the setup checklist counts: active ticket types, and invitations pending or accepted. */
export type EventSetup = { ticketTypes: number; invitations: number };

/**
 * `archivedRooms` is filled only for actors who may edit the event (they may restore them); `setup` only for those
 * who may publish it (the checklist is theirs).
 */
export type EventPageData = {
  event: EventRow;
  rooms: RoomRow[];
  archivedRooms: RoomRow[];
  access: Authorized;
  setup: EventSetup | null;
};

/** The event page (/events/:id): the event, the rooms the actor may see and their permissions. One round trip. */
export async function eventPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof EventPageInput> }): Promise<EventPageData> {
  const { eventId } = parseInput(EventPageInput, input);
  const actor = requireActor(ctx);
  const [access, [eventRows, roomRows, grantRows, archivedRows, setupRows]] = await authorizeAndReadAll<
    [...EventShellRows, Record<string, unknown>[], EventSetup[]]
  >(ctx, "event.view", { kind: "event", eventId }, [
    ...eventShellQueries(eventId, actor.userId),
    sql`SELECT * FROM rooms WHERE event_id = ${eventId} AND status = 'archived' ORDER BY position, created_at`,
    sql`SELECT (SELECT count(*) FROM ticket_types WHERE event_id = ${eventId} AND status = 'active') AS ticketTypes,
               (SELECT count(*) FROM invitations WHERE event_id = ${eventId} AND status IN ('pending', 'accepted')) AS invitations`,
  ]);
  const archivedRooms = access.permissions.has("event.update") ? archivedRows.map((r) => tableRow(rooms, r)) : [];
  const counts = setupRows[0];
  const setup = access.permissions.has("event.publish") && counts ? { ticketTypes: Number(counts.ticketTypes), invitations: Number(counts.invitations) } : null;
  return { ...eventShell(access, [eventRows, roomRows, grantRows]), archivedRooms, access, setup };
}
