import { events } from "@greenroom/db/webapp/schema";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { readBatch, tableRow } from "../access";
import { type MyClip, myClipsFromRows, myClipsQueries } from "../clips/list-my-clips";
import { buildIcs, calendarUid } from "../commerce/ics";
import { formatTicketCode } from "../commerce/ticket-code";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { parseInput } from "../errors";
import type { EventRow } from "../events";
import { ticketCodeFor } from "../tickets/codes";
import { formatShortCode } from "../tickets/short-code";

export const MyEventsPageInput = z.object({
  /** The site's public origin, for the links inside calendar files. */
  baseUrl: z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin),
});

export type MyRoom = { id: string; name: string; kind: string; roles: string[] };

export type MyTicket = {
  id: string;
  typeName: string;
  /** The signed code, as the QR code carries it. */
  code: string;
  /** The same code grouped for reading aloud or typing. */
  printedCode: string;
  /** The 8 characters a person reads out at the door, `K7QM-4TXR` (null only if never issued). */
  shortCode: string | null;
  checkedInAt: Date | null;
  /** The event as an RFC 5545 calendar file, for "Add to calendar". */
  ics: string;
};

export type MyEvent = { event: EventRow; accountName: string; rooms: MyRoom[]; tickets: MyTicket[] };

export type MyEventsData = {
  verified: boolean;
  events: MyEvent[];
  /** Open invitations to the actor's verified address: accepted through the link in their mail. */
  invitations: { id: string; eventName: string; roleName: string }[];
  ownsEvents: boolean;
  /** The actor's own clips, across every account that shared a room with them (one RPC per shard). */
  clips: MyClip[];
};

type MeRow = { email: string; verified: number };
type TicketRow = { id: string; event_id: string; type_name: string; checked_in_at: number | null; short_code: string | null };
type RoomRow = { event_id: string; room_id: string; room_name: string; kind: string; role_name: string };

/**
 * "My events" (/my): the events the actor's tickets and grants open, each with the rooms they may enter and their
 * role there, and each ticket with its signed code and calendar file. Only the actor's own rows are read, and tickets
 * only once their address is verified (a ticket reaches a user through a verified address), and the actor's own
 * clips. One round trip, plus one RPC per sessions shard that holds the actor's accounts.
 */
export async function myEventsPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof MyEventsPageInput> }): Promise<MyEventsData> {
  const { baseUrl } = parseInput(MyEventsPageInput, input);
  const userId = requireActor(ctx).userId;
  const now = unixSeconds(ctx.now());
  const verifiedMe = sql`SELECT id, email FROM users WHERE id = ${userId} AND email_verified_at IS NOT NULL`;
  const [meRows, ticketRows, roomRows, eventRows, invitationRows, ownedRows, clipShardRows, clipNameRows] = (await readBatch(ctx, [
    sql`SELECT email, email_verified_at IS NOT NULL AS verified FROM users WHERE id = ${userId}`,
    sql`WITH me AS (${verifiedMe})
        SELECT t.id, t.event_id, tt.name AS type_name, t.checked_in_at, t.short_code
        FROM tickets t JOIN me ON t.holder_user_id = me.id AND t.holder_email = me.email
        JOIN ticket_types tt ON tt.id = t.ticket_type_id
        WHERE t.status = 'valid' ORDER BY t.created_at`,
    sql`WITH me AS (${verifiedMe})
        SELECT g.event_id, r.id AS room_id, r.name AS room_name, r.kind, ro.name AS role_name
        FROM access_grants g JOIN me ON me.id = g.user_id
        JOIN roles ro ON ro.id = g.role_id
        JOIN rooms r ON r.event_id = g.event_id AND r.status = 'active' AND (g.room_id IS NULL OR r.id = g.room_id)
        ORDER BY r.position, r.created_at`,
    sql`WITH me AS (${verifiedMe})
        SELECT e.*, a.name AS account_name FROM events e JOIN accounts a ON a.id = e.account_id
        WHERE e.status <> 'archived' AND e.id IN (
          SELECT g.event_id FROM access_grants g JOIN me ON me.id = g.user_id
          UNION
          SELECT t.event_id FROM tickets t JOIN me ON t.holder_user_id = me.id AND t.holder_email = me.email
          WHERE t.status = 'valid')
        ORDER BY e.starts_at`,
    sql`WITH me AS (${verifiedMe})
        SELECT i.id, e.name AS event_name, ro.name AS role_name
        FROM invitations i JOIN me ON i.email = me.email JOIN events e ON e.id = i.event_id
        JOIN roles ro ON ro.id = i.role_id
        WHERE i.status = 'pending' AND i.expires_at > ${now} AND e.status <> 'archived'
        ORDER BY i.created_at`,
    sql`SELECT 1 AS owns FROM events e JOIN account_ownership o ON o.account_id = e.account_id
        WHERE o.user_id = ${userId} LIMIT 1`,
    ...myClipsQueries(userId),
  ])) as [
    MeRow[],
    TicketRow[],
    RoomRow[],
    (Record<string, unknown> & { account_name: string })[],
    MyEventsData["invitations"],
    unknown[],
    unknown[],
    unknown[],
  ];
  const clips = await myClipsFromRows(ctx, userId, clipShardRows, clipNameRows);

  const stamp = ctx.now();
  const result: MyEvent[] = [];
  for (const raw of eventRows) {
    const event = tableRow(events, raw);
    const rooms = new Map<string, MyRoom>();
    for (const row of roomRows.filter((r) => r.event_id === event.id)) {
      const room = rooms.get(row.room_id) ?? { id: row.room_id, name: row.room_name, kind: row.kind, roles: [] };
      if (!room.roles.includes(row.role_name)) room.roles.push(row.role_name);
      rooms.set(row.room_id, room);
    }
    const tickets: MyTicket[] = [];
    for (const t of ticketRows.filter((row) => row.event_id === event.id)) {
      const code = await ticketCodeFor(ctx, t.id);
      tickets.push({
        id: t.id,
        typeName: t.type_name,
        code,
        printedCode: formatTicketCode(code),
        shortCode: t.short_code === null ? null : formatShortCode(t.short_code),
        checkedInAt: t.checked_in_at === null ? null : new Date(t.checked_in_at * 1000),
        ics: buildIcs({
          uid: await calendarUid(event.id, String(meRows[0]?.email ?? "")),
          dtstamp: stamp,
          start: event.startsAt,
          end: event.endsAt,
          summary: event.name,
          description: `${t.type_name} ticket. Your ticket and rooms: ${baseUrl}/e/${event.slug}`,
          url: `${baseUrl}/e/${event.slug}`,
        }),
      });
    }
    result.push({ event, accountName: raw.account_name, rooms: [...rooms.values()], tickets });
  }
  return {
    verified: Boolean(meRows[0]?.verified),
    events: result,
    invitations: invitationRows,
    ownsEvents: ownedRows.length > 0,
    clips,
  };
}
