import type { z } from "zod";
import { tickets } from "@greenroom/db/webapp/schema";
import { and, eq, sql } from "drizzle-orm";
import { authorize, conditionalAuditEntry, requireEditableEvent } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { parseInput } from "../errors";
import { outboxStatement } from "../webhooks-out/outbox-sql";
import { checkTicketCode } from "./codes";
import { CheckInInput } from "./schemas";
import { parseShortCode } from "./short-code";

/** What the door sees after a scan or a typed code. */
export type CheckInResult =
  | { status: "checked_in"; holderName: string; holderEmail: string; ticketTypeName: string; at: Date }
  | { status: "already_checked_in"; holderName: string; ticketTypeName: string; at: Date; byName: string }
  | { status: "revoked"; holderName: string; ticketTypeName: string }
  | { status: "not_this_event" }
  | { status: "invalid_code" };

type TicketRow = {
  status: "valid" | "revoked";
  holder_name: string;
  holder_email: string;
  checked_in_at: number | null;
  checked_in_by: string | null;
  type_name: string;
  by_name: string | null;
  by_email: string | null;
};

/**
 * Checks a ticket in at the door of `eventId` (permission `tickets.check_in`), by its signed code (the QR code) or
 * by its short code (read out by the holder, or picked from a search by name: it names a ticket of this event
 * only, found by the unique `(event_id, short_code)`). A signed code's signature is verified first; then ONE conditional UPDATE admits a valid, not yet checked-in ticket of this event, its audit row depends
 * on it, and the ticket is read back in the same batch to say what happened: admitted, already checked in (when
 * and by whom), refunded, or not a ticket of this event (another event's ticket looks the same as an unknown one).
 * A subscribed account's `ticket.checked_in` outbox row is written in the same batch (once per ticket).
 */
export async function checkInTicket({ ctx, input }: { ctx: Ctx; input: z.input<typeof CheckInInput> }): Promise<CheckInResult> {
  const data = parseInput(CheckInInput, input);
  const actor = requireActor(ctx);
  const access = await authorize(ctx, "tickets.check_in", { kind: "event", eventId: data.eventId });
  requireEditableEvent(access);
  const verdict = await checkTicketCode(ctx, data.code);
  let ticketId: string;
  if (verdict.ok) ticketId = verdict.ticketId;
  else {
    // Not a signed code: perhaps the short code the holder reads out, which names a ticket of this event only.
    const short = parseShortCode(data.code);
    if (!short) return { status: "invalid_code" };
    const [found] = await ctx.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.eventId, data.eventId), eq(tickets.shortCode, short)))
      .limit(1);
    if (!found) return { status: "not_this_event" };
    ticketId = found.id;
  }
  const at = unixSeconds(ctx.now());
  const [updated, , , read] = await batchStatements(ctx, [
    sql`
      UPDATE tickets SET checked_in_at = ${at}, checked_in_by = ${actor.userId}
      WHERE id = ${ticketId} AND status = 'valid' AND event_id = ${data.eventId} AND checked_in_at IS NULL`,
    conditionalAuditEntry(ctx, {
      accountId: access.accountId,
      action: "ticket.check_in",
      targetType: "ticket",
      targetId: ticketId,
      after: { eventId: data.eventId },
    }),
    outboxStatement(
      "ticket.checked_in",
      sql`SELECT account_id, event_id, id AS resource_id FROM tickets
          WHERE id = ${ticketId} AND event_id = ${data.eventId} AND status = 'valid' AND checked_in_at IS NOT NULL`,
      at,
    ),
    sql`
      SELECT t.status, t.holder_name, t.holder_email, t.checked_in_at, t.checked_in_by, tt.name AS type_name,
             u.name AS by_name, u.email AS by_email
      FROM tickets t JOIN ticket_types tt ON tt.id = t.ticket_type_id LEFT JOIN users u ON u.id = t.checked_in_by
      WHERE t.id = ${ticketId} AND t.event_id = ${data.eventId}`,
  ]);
  const ticket = (read?.results as TicketRow[] | undefined)?.[0];
  if (!ticket) return { status: "not_this_event" };
  const holderName = ticket.holder_name || ticket.holder_email;
  if (updated?.meta.changes) {
    return { status: "checked_in", holderName, holderEmail: ticket.holder_email, ticketTypeName: ticket.type_name, at: new Date(at * 1000) };
  }
  if (ticket.status !== "valid") return { status: "revoked", holderName, ticketTypeName: ticket.type_name };
  return {
    status: "already_checked_in",
    holderName,
    ticketTypeName: ticket.type_name,
    at: new Date((ticket.checked_in_at ?? at) * 1000),
    byName: ticket.by_name || ticket.by_email || "someone no longer on the team",
  };
}
