import { ticketTypes } from "@greenroom/db/webapp/schema";
import { sql } from "drizzle-orm";
import { type Authorized, authorizeAndReadAll, requireEditableEvent, tableRow } from "../access";
import type { Ctx } from "../context";
import { invalid, notFound } from "../errors";
import { zonedWallTimeToDate } from "../events/time";

export type TicketTypeRow = typeof ticketTypes.$inferSelect;

/** A ticket type with the rooms it opens. */
export type TicketType = TicketTypeRow & { roomIds: string[] };

/** Whether a free type can be registered for at `now`, as the public page shows it before the form. */
export type Availability = "open" | "sold_out" | "not_yet" | "closed" | "unavailable";

export function availabilityOf(type: TicketTypeRow, now: Date): Availability {
  if (type.status !== "active" || !type.free) return "unavailable";
  if (type.salesStartAt && type.salesStartAt.getTime() > now.getTime()) return "not_yet";
  if (type.salesEndAt && type.salesEndAt.getTime() <= now.getTime()) return "closed";
  if (type.capacity !== null && type.issued >= type.capacity) return "sold_out";
  return "open";
}

/** Raw ticket type rows (and their room links) from a batch, as ticket types with their room ids. */
export function ticketTypesFrom(rows: Record<string, unknown>[], links: { ticket_type_id: string; room_id: string }[]): TicketType[] {
  return rows.map((raw) => {
    const row = tableRow(ticketTypes, raw);
    return { ...row, roomIds: links.filter((l) => l.ticket_type_id === row.id).map((l) => l.room_id) };
  });
}

/** The sales window typed as wall-clock times, read in the event's time zone as the event form reads its times. */
export function salesWindow(data: { salesStartAt?: string | undefined; salesEndAt?: string | undefined }, zone: string) {
  const start = data.salesStartAt ? zonedWallTimeToDate(data.salesStartAt, zone) : null;
  const end = data.salesEndAt ? zonedWallTimeToDate(data.salesEndAt, zone) : null;
  if (data.salesStartAt && !start) throw invalid("Some fields need attention", { salesStartAt: ["Enter a valid date and time"] });
  if (data.salesEndAt && !end) throw invalid("Some fields need attention", { salesEndAt: ["Enter a valid date and time"] });
  return { start, end };
}

/** Every chosen room must be an active room of this event: another event's room is refused by name. */
export function requireEventRooms(roomIds: string[], eventRooms: { id: string }[]): void {
  const own = new Set(eventRooms.map((r) => r.id));
  if (roomIds.some((id) => !own.has(id))) {
    throw invalid("Some fields need attention", { roomIds: ["Choose rooms of this event only"] });
  }
}

/**
 * The shared preamble of creating and editing a ticket type: `orders.manage` on an editable event (one batch with
 * the event's time zone and its active rooms), the sales window read in that time zone, and every chosen room one
 * of this event's.
 */
export async function ticketTypeWrite(
  ctx: Ctx,
  data: { eventId: string; roomIds: string[]; salesStartAt?: string | undefined; salesEndAt?: string | undefined },
): Promise<{ access: Authorized; start: Date | null; end: Date | null }> {
  const [access, [eventRows, roomRows]] = await authorizeAndReadAll<[{ time_zone: string }[], { id: string }[]]>(
    ctx,
    "orders.manage",
    { kind: "event", eventId: data.eventId },
    [
      sql`SELECT time_zone FROM events WHERE id = ${data.eventId}`,
      sql`SELECT id FROM rooms WHERE event_id = ${data.eventId} AND status = 'active'`,
    ],
  );
  requireEditableEvent(access);
  const event = eventRows[0];
  if (!event) throw notFound("Event not found");
  const { start, end } = salesWindow(data, event.time_zone);
  requireEventRooms(data.roomIds, roomRows);
  return { access, start, end };
}
