import { z } from "zod";
import { sql } from "drizzle-orm";
import { authorizeAndRead, type PermissionKey } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { Id } from "../ids";

const Cursor = z
  .string()
  .max(200)
  .regex(/^\d{1,12}\.[A-Za-z0-9_-]{1,64}$/, "Use the nextCursor of the previous page");
const Flag = z.preprocess((v) => (v === "true" || v === "1" ? true : v === "false" || v === "0" ? false : v), z.boolean());

export const ListEventTicketsInput = z.object({
  eventId: Id,
  /** Only tickets checked in (true) or not yet (false). */
  checkedIn: Flag.optional(),
  ticketTypeId: Id.optional(),
  /** One ticket, by id (a webhook payload's URL names it). */
  ticketId: Id.optional(),
  /** Only tickets that open this room. */
  roomId: Id.optional(),
  /** Only tickets issued, checked in or revoked at or after this time (unix seconds): a door device's sync. */
  updatedSince: z.coerce.number().int().min(0).max(99_999_999_999).optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export type EventTicket = {
  id: string;
  ticketTypeId: string;
  ticketTypeName: string;
  holderName: string;
  holderEmail: string;
  status: "valid" | "revoked";
  checkedInAt: Date | null;
  createdAt: Date;
  /** The latest of issued, checked in and revoked: what `updatedSince` and the cursor order by. */
  updatedAt: Date;
};

type Row = {
  id: string;
  ticket_type_id: string;
  ticket_type_name: string;
  holder_name: string;
  holder_email: string;
  status: "valid" | "revoked";
  checked_in_at: number | null;
  created_at: number;
  updated_at: number;
};

type TicketPage = { tickets: EventTicket[]; nextCursor: string | null };

/**
 * The attendees of an event as its tickets, for organizers and programs (`participants.view`; another tenant's
 * event is not_found): filtered by check-in, ticket type, room and change time, in keyset pages ordered by last
 * change. One batch.
 */
export async function listAttendees({ ctx, input }: { ctx: Ctx; input: z.input<typeof ListEventTicketsInput> }): Promise<TicketPage> {
  return ticketPage(ctx, "participants.view", parseInput(ListEventTicketsInput, input));
}

/** The same list for the door (`tickets.check_in`): a door device asks for what changed since its last sync. */
export async function listCheckIns({ ctx, input }: { ctx: Ctx; input: z.input<typeof ListEventTicketsInput> }): Promise<TicketPage> {
  return ticketPage(ctx, "tickets.check_in", parseInput(ListEventTicketsInput, input));
}

async function ticketPage(ctx: Ctx, permission: PermissionKey, data: z.output<typeof ListEventTicketsInput>): Promise<TicketPage> {
  const [afterAt, afterId] = data.cursor ? data.cursor.split(".") : [null, null];
  const changedAt = sql`MAX(t.created_at, COALESCE(t.checked_in_at, 0), COALESCE(t.revoked_at, 0))`;
  const [, rows] = await authorizeAndRead<Row>(
    ctx,
    permission,
    { kind: "event", eventId: data.eventId },
    sql`SELECT t.id, t.ticket_type_id, tt.name AS ticket_type_name, t.holder_name, t.holder_email, t.status,
               t.checked_in_at, t.created_at, ${changedAt} AS updated_at
        FROM tickets t JOIN ticket_types tt ON tt.id = t.ticket_type_id
        WHERE t.event_id = ${data.eventId}
          AND (${data.checkedIn === undefined ? null : data.checkedIn ? 1 : 0} IS NULL
               OR (t.checked_in_at IS NOT NULL) = ${data.checkedIn === undefined ? null : data.checkedIn ? 1 : 0})
          AND (${data.ticketTypeId ?? null} IS NULL OR t.ticket_type_id = ${data.ticketTypeId ?? null})
          AND (${data.ticketId ?? null} IS NULL OR t.id = ${data.ticketId ?? null})
          AND (${data.roomId ?? null} IS NULL OR EXISTS (
                SELECT 1 FROM ticket_type_rooms r WHERE r.ticket_type_id = t.ticket_type_id AND r.room_id = ${data.roomId ?? null}))
          AND (${data.updatedSince ?? null} IS NULL OR ${changedAt} >= ${data.updatedSince ?? null})
          AND (${afterAt === null ? null : Number(afterAt)} IS NULL OR ${changedAt} > ${Number(afterAt)}
               OR (${changedAt} = ${Number(afterAt)} AND t.id > ${afterId}))
        ORDER BY updated_at, t.id LIMIT ${data.limit + 1}`,
  );
  const page = rows.slice(0, data.limit).map((r) => ({
    id: r.id,
    ticketTypeId: r.ticket_type_id,
    ticketTypeName: r.ticket_type_name,
    holderName: r.holder_name,
    holderEmail: r.holder_email,
    status: r.status,
    checkedInAt: r.checked_in_at === null ? null : new Date(r.checked_in_at * 1000),
    createdAt: new Date(r.created_at * 1000),
    updatedAt: new Date(r.updated_at * 1000),
  }));
  const last = rows.length > data.limit ? rows[data.limit - 1] : undefined;
  return { tickets: page, nextCursor: last ? `${last.updated_at}.${last.id}` : null };
}
