import type { z } from "zod";
import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { outboxStatement } from "../webhooks-out/outbox-sql";
import { type Ctx, unixSeconds } from "../context";
import { conflict, notFound, parseInput } from "../errors";
import { ipLimitKey, LIMITS, limitSlotStatement, rateLimited } from "../limits";
import { grantsForTickets } from "./access-sql";
import { RegisterFreeTicketInput } from "./schemas";
import { newShortCodeSql } from "./short-code";
import { mailRegistration } from "./registration-mail";

export const SOLD_OUT_MESSAGE = "Sorry, this ticket is sold out.";
export const SALES_CLOSED_MESSAGE = "Registration for this ticket is closed.";
export const SALES_NOT_OPEN_MESSAGE = "Registration for this ticket has not opened yet.";

export type Registration = {
  /** `already_registered`: this address already had a ticket of this type; nothing new was issued. */
  outcome: "registered" | "already_registered";
  email: string;
  eventId: string;
  eventName: string;
  /** True only when the signed-in actor holds the ticket through their own verified address: it is access already. */
  yours: boolean;
};

type TypeRow = {
  free: number;
  status: string;
  capacity: number | null;
  issued: number;
  sales_start_at: number | null;
  sales_end_at: number | null;
  event_id: string;
  event_name: string;
  event_status: string;
  event_slug: string;
  starts_at: number;
  ends_at: number;
  time_zone: string;
  type_name: string;
};
type HeldRow = { id: string; holder_user_id: string | null; short_code: string | null };
export type UserRow = { id: string; verified: number };

/**
 * Free registration from the public event page. One batch: a slot under the per-IP limit, then ONE conditional
 * UPDATE that takes a seat (free, active, published, under capacity, within the sales window, and no registration
 * of this address yet); the ticket, its audit row, its rooms and (for a verified holder) its grants depend on that
 * seat. The same address twice gets one ticket and one mail: the ticket link, or how to confirm the address first.
 */
// verb-exempt: public registration by a visitor who may have no account; the seat is one conditional UPDATE and the ticket is audited with conditionalAuditEntry
export async function registerFreeTicket({ ctx, input }: { ctx: Ctx; input: z.input<typeof RegisterFreeTicketInput> }): Promise<Registration> {
  const data = parseInput(RegisterFreeTicketInput, input);
  try {
    return await register(ctx, data);
  } catch (error) {
    // Two tickets of one event drew the same short code (about one in 10^7 for an event of a thousand tickets):
    // the batch changed nothing, so it is simply run again with new draws.
    if (!String((error as { cause?: unknown })?.cause ?? error).includes("short_code")) throw error;
    return register(ctx, data);
  }
}

async function register(ctx: Ctx, data: z.infer<typeof RegisterFreeTicketInput>): Promise<Registration> {
  const now = unixSeconds(ctx.now());
  const ticketId = createId();
  const ipKey = ipLimitKey("register-ip", data.ip);
  const afterSlot = ipKey ? sql`AND changes() > 0` : sql``;
  const [slot, , ticket, , , , , , typeRows, heldRows, userRows] = await batchStatements(ctx, [
    ipKey ? limitSlotStatement(sql`SELECT ${ipKey} AS key`, LIMITS.registrationsPerIp, now) : sql`SELECT 1`,
    sql`
      UPDATE ticket_types SET issued = issued + 1
      WHERE id = ${data.ticketTypeId} AND free = 1 AND status = 'active'
        AND EXISTS (SELECT 1 FROM events e WHERE e.id = ticket_types.event_id AND e.status = 'active')
        AND (capacity IS NULL OR issued < capacity)
        AND (sales_start_at IS NULL OR sales_start_at <= ${now})
        AND (sales_end_at IS NULL OR sales_end_at > ${now})
        AND NOT EXISTS (
          SELECT 1 FROM tickets
          WHERE ticket_type_id = ${data.ticketTypeId} AND holder_email = ${data.email} AND source = 'registration')
        ${afterSlot}`,
    // changes(): the seat was taken just above. The holder is a user only once that address is verified; the
    // ticket is claimed at once only when that verified holder is the one signed in (see ticketsClaimedOnSignIn).
    sql`
      INSERT INTO tickets (id, account_id, event_id, ticket_type_id, source, seq, holder_email, holder_name,
                           holder_user_id, claimed_at, status, short_code, created_at)
      SELECT ${ticketId}, tt.account_id, tt.event_id, tt.id, 'registration', 0, ${data.email}, ${data.name},
             (SELECT id FROM users WHERE email = ${data.email} AND email_verified_at IS NOT NULL),
             (SELECT ${now} FROM users WHERE id = ${ctx.actor?.userId ?? null} AND email = ${data.email} AND email_verified_at IS NOT NULL),
             'valid', ${newShortCodeSql()}, ${now}
      FROM ticket_types tt WHERE tt.id = ${data.ticketTypeId} AND changes() > 0`,
    conditionalAuditEntry(ctx, {
      accountId: sql`(SELECT account_id FROM ticket_types WHERE id = ${data.ticketTypeId})`,
      action: "ticket.register",
      targetType: "ticket",
      targetId: ticketId,
      after: { ticketTypeId: data.ticketTypeId, email: data.email },
    }),
    sql`
      INSERT INTO room_access_tickets (ticket_id, room_id, event_id)
      SELECT t.id, r.id, r.event_id FROM tickets t
      JOIN ticket_type_rooms ttr ON ttr.ticket_type_id = t.ticket_type_id
      JOIN rooms r ON r.id = ttr.room_id AND r.event_id = t.event_id
      WHERE t.id = ${ticketId}`,
    grantsForTickets(sql`t.id = ${ticketId}`, now),
    // The outgoing webhook events of a new registration, for subscribed accounts (once: keyed by the ticket).
    outboxStatement("registration.created", sql`SELECT account_id, event_id, id AS resource_id FROM tickets WHERE id = ${ticketId}`, now),
    outboxStatement("ticket.issued", sql`SELECT account_id, event_id, id AS resource_id FROM tickets WHERE id = ${ticketId}`, now),
    // Reads after the writes, to tell the visitor what happened.
    sql`
      SELECT tt.free, tt.status, tt.capacity, tt.issued, tt.sales_start_at, tt.sales_end_at, tt.name AS type_name,
             e.id AS event_id, e.name AS event_name, e.status AS event_status, e.slug AS event_slug, e.starts_at,
             e.ends_at, e.time_zone
      FROM ticket_types tt JOIN events e ON e.id = tt.event_id WHERE tt.id = ${data.ticketTypeId}`,
    sql`
      SELECT id, holder_user_id, short_code FROM tickets
      WHERE ticket_type_id = ${data.ticketTypeId} AND holder_email = ${data.email} AND source = 'registration'`,
    sql`SELECT id, email_verified_at IS NOT NULL AS verified FROM users WHERE email = ${data.email}`,
  ]);
  const type = (typeRows?.results as TypeRow[] | undefined)?.[0];
  if (!type?.free || type.status !== "active" || type.event_status !== "active") {
    throw notFound("This ticket is not available.");
  }
  if (ipKey && !slot?.meta.changes) throw rateLimited(LIMITS.registrationsPerIp);
  const held = (heldRows?.results as HeldRow[] | undefined)?.[0];
  if (!held) {
    if (type.sales_start_at !== null && type.sales_start_at > now) throw conflict(SALES_NOT_OPEN_MESSAGE);
    if (type.sales_end_at !== null && type.sales_end_at <= now) throw conflict(SALES_CLOSED_MESSAGE);
    throw conflict(SOLD_OUT_MESSAGE);
  }
  const outcome = ticket?.meta.changes ? "registered" : "already_registered";
  const user = (userRows?.results as UserRow[] | undefined)?.[0];
  // "Already registered" sends nothing: registering again must not be a way to mail someone.
  if (outcome === "registered") {
    await mailRegistration(ctx, {
      email: data.email,
      name: data.name,
      baseUrl: data.baseUrl,
      ticketId: held.id,
      shortCode: held.short_code ?? "",
      typeName: type.type_name,
      event: {
        id: type.event_id,
        name: type.event_name,
        slug: type.event_slug,
        startsAt: new Date(type.starts_at * 1000),
        endsAt: new Date(type.ends_at * 1000),
        timeZone: type.time_zone,
      },
      user,
    });
  }
  return {
    outcome,
    email: data.email,
    eventId: type.event_id,
    eventName: type.event_name,
    yours: Boolean(ctx.actor && held.holder_user_id === ctx.actor.userId),
  };
}
