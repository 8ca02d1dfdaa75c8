import { events, rooms } from "@greenroom/db/webapp/schema";
import { type SQL, sql } from "drizzle-orm";
import { type Authorized, tableRow } from "../access";
import { notFound } from "../errors";
import type { EventRow, RoomRow } from "../events";

/** The reads every event page starts with, for one batch: the event, its active rooms, the actor's grants on it. */
export function eventShellQueries(eventId: string, userId: string): [SQL, SQL, SQL] {
  return [
    sql`SELECT * FROM events WHERE id = ${eventId}`,
    sql`SELECT * FROM rooms WHERE event_id = ${eventId} AND status = 'active' ORDER BY position, created_at`,
    sql`SELECT room_id FROM access_grants WHERE event_id = ${eventId} AND user_id = ${userId}`,
  ];
}

export type EventShellRows = [Record<string, unknown>[], Record<string, unknown>[], { room_id: string | null }[]];

/** The event and the rooms the actor may see: owners and event-wide grants see every room, a room grant its room. */
export function eventShell(
  access: Authorized,
  [eventRows, roomRows, grantRows]: EventShellRows,
): { event: EventRow; rooms: RoomRow[] } {
  const raw = eventRows[0];
  if (!raw) throw notFound("Event not found");
  const all = roomRows.map((r) => tableRow(rooms, r));
  const eventWide = access.isOwner || grantRows.some((g) => g.room_id === null);
  const granted = new Set(grantRows.map((g) => g.room_id));
  return { event: tableRow(events, raw), rooms: eventWide ? all : all.filter((r) => granted.has(r.id)) };
}
