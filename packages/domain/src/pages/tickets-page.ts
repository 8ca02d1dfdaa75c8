import { events, rooms } from "@greenroom/db/webapp/schema";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Authorized, authorizeAndReadAll, tableRow } from "../access";
import type { Ctx } from "../context";
import { notFound, parseInput } from "../errors";
import type { EventRow, RoomRow } from "../events";
import { type TicketType, ticketTypesFrom } from "../tickets/ticket-types";

export const TicketsPageInput = z.object({ eventId: z.string().min(1).max(64) });

export type TicketsPageData = { event: EventRow; rooms: RoomRow[]; ticketTypes: TicketType[]; access: Authorized };

/** The organizer's ticket types page (/events/:id/tickets): event, rooms, types with their rooms. One round trip. */
export async function ticketsPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof TicketsPageInput> }): Promise<TicketsPageData> {
  const { eventId } = parseInput(TicketsPageInput, input);
  const [access, [eventRows, roomRows, typeRows, linkRows]] = await authorizeAndReadAll<
    [Record<string, unknown>[], Record<string, unknown>[], Record<string, unknown>[], { ticket_type_id: string; room_id: string }[]]
  >(ctx, "orders.manage", { kind: "event", eventId }, [
    sql`SELECT * FROM events WHERE id = ${eventId}`,
    sql`SELECT * FROM rooms WHERE event_id = ${eventId} AND status = 'active' ORDER BY position, created_at`,
    sql`SELECT * FROM ticket_types WHERE event_id = ${eventId} ORDER BY status, created_at`,
    sql`SELECT ttr.ticket_type_id, ttr.room_id FROM ticket_type_rooms ttr
        JOIN ticket_types tt ON tt.id = ttr.ticket_type_id WHERE tt.event_id = ${eventId}`,
  ]);
  const event = eventRows[0];
  if (!event) throw notFound("Event not found");
  return {
    event: tableRow(events, event),
    rooms: roomRows.map((r) => tableRow(rooms, r)),
    ticketTypes: ticketTypesFrom(typeRows, linkRows),
    access,
  };
}
