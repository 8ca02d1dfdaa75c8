import { type SQL, sql } from "drizzle-orm";
import { readBatch } from "../access";
import { buildIcs } from "../commerce/ics";
import type { Ctx } from "../context";
import { whereYourTicketsAre } from "../tickets/ticket-mail";

export type OrderMailRow = {
  order_id: string;
  buyer_email: string | null;
  event_id: string;
  event_name: string;
  starts_at: number;
  ends_at: number;
  tickets: number;
  verified: number | null;
};

/**
 * The buyer's confirmation after an order was placed: how many tickets, where they are (My events), what to do first
 * when the address has no verified account yet (tickets open their rooms only for a verified address), and the
 * event as an `.ics` calendar file. One read, then the mail; a failing mailer is reported as `false`, never thrown,
 * since the order itself is stored either way.
 */
// verb-exempt: sends mail only, after a signature-verified ingestion placed this order
export async function mailOrderConfirmation(ctx: Ctx, input: { orderId: string; baseUrl: string }): Promise<boolean> {
  const [rows] = await readBatch(ctx, [orderMailQuery(sql`o.id = ${input.orderId}`)]);
  return sendOrderConfirmation(ctx, rows?.[0] as OrderMailRow | undefined, input.baseUrl);
}

/** The read behind the confirmation, to run in another batch (ingestion's): the placed order `which` selects (on `o`). */
export function orderMailQuery(which: SQL): SQL {
  return sql`SELECT o.id AS order_id, o.buyer_email, e.id AS event_id, e.name AS event_name, e.starts_at, e.ends_at,
               (SELECT count(*) FROM tickets t WHERE t.order_id = o.id AND t.status = 'valid') AS tickets,
               (SELECT u.email_verified_at IS NOT NULL FROM users u WHERE u.email = o.buyer_email) AS verified
        FROM orders o JOIN events e ON e.id = o.event_id
        WHERE ${which} AND o.status = 'placed'`;
}

/** The confirmation for a row that `orderMailQuery` read; false when there is nothing to send or the mailer failed. */
export async function sendOrderConfirmation(ctx: Ctx, row: OrderMailRow | undefined, baseUrl: string): Promise<boolean> {
  if (!row?.buyer_email) return false;
  const base = baseUrl.replace(/\/+$/, "");
  const myEvents = `${base}/my`;
  const count = Number(row.tickets);
  const intro =
    count > 0
      ? `Thank you for your order: ${count} ticket${count === 1 ? "" : "s"} for ${row.event_name}.`
      : `Thank you for your order for ${row.event_name}. The organizer is still setting up its tickets; they will appear under My events.`;
  const account = row.verified ? "verified" : row.verified === 0 ? "unverified" : "none";
  const next = whereYourTicketsAre({ baseUrl: base, email: row.buyer_email, account, count });
  const ics = buildIcs({
    uid: `order-${row.order_id}@greenroom`,
    dtstamp: ctx.now(),
    start: new Date(row.starts_at * 1000),
    end: new Date(row.ends_at * 1000),
    summary: row.event_name,
    description: `Your tickets: ${myEvents}`,
    url: `${base}/events/${row.event_id}`,
  });
  try {
    await ctx.mail.send({
      to: row.buyer_email,
      subject: `Your tickets for ${row.event_name}`,
      text: `${intro}\n\n${next}\n\nThe attached calendar file adds the event to your calendar.`,
      attachments: [{ filename: "event.ics", contentType: "text/calendar; charset=utf-8", content: ics }],
    });
    return true;
  } catch {
    return false;
  }
}
