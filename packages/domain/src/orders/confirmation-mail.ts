import { type SQL, sql } from "drizzle-orm";
import { readBatch } from "../access";
import { buildIcs, calendarUid } from "../commerce/ics";
import { formatMoney } from "../commerce/money";
import type { Ctx } from "../context";
import { takeTicketMailBudget } from "../limits";
import { whereYourTicketsAre } from "../tickets/ticket-mail";

export type OrderMailRow = {
  id: string;
  buyer_email: string | null;
  event_id: string;
  event_name: string;
  event_slug: string;
  starts_at: number;
  ends_at: number;
  tickets: number;
  amount: number | null;
  currency: string | null;
  verified: number | null;
};

/**
 * The buyer's confirmation after an order was placed (one order: a webhook's; see `mailOrderConfirmations`).
 * Reported as `false`, never thrown, when it was not sent.
 */
// verb-exempt: sends mail only, after a signature-verified ingestion placed this order
export async function mailOrderConfirmation(ctx: Ctx, input: { orderId: string; baseUrl: string }): Promise<boolean> {
  const [sent] = await mailOrderConfirmations(ctx, { orderIds: [input.orderId], baseUrl: input.baseUrl });
  return sent ?? false;
}

/**
 * Each buyer's confirmation after orders were placed: how many tickets, the amount paid (`formatMoney`), where
 * they are (My events), what to do first when the address has no verified account yet, and the event as an `.ics`
 * file. One read for all orders, one batch for the daily mail budgets (per address and per event: a mail over
 * either is not sent), then the mails. A failing mailer is reported as `false`, never thrown, since the orders are
 * stored either way. Answers one flag per order id, in order.
 */
// verb-exempt: sends mail only, for orders that a verb which authorized the caller has just placed
export async function mailOrderConfirmations(ctx: Ctx, input: { orderIds: readonly string[]; baseUrl: string }): Promise<boolean[]> {
  if (input.orderIds.length === 0) return [];
  const [rows] = await readBatch(ctx, [orderMailQuery(sql`o.id IN (SELECT value FROM json_each(${JSON.stringify(input.orderIds)}))`)]);
  const sent = await sendOrderConfirmations(ctx, (rows ?? []) as OrderMailRow[], input.baseUrl);
  return input.orderIds.map((id) => sent.has(id));
}

/** The read behind the confirmations, for any batch (ingestion's, so a webhook pays no round trip for it): the placed orders with a buyer that `which` (a condition on `o`) selects. */
export function orderMailQuery(which: SQL): SQL {
  return sql`SELECT o.id, o.buyer_email, e.id AS event_id, e.name AS event_name, e.slug AS event_slug, e.starts_at, e.ends_at,
               o.body ->> '$.amount' AS amount, o.body ->> '$.currency' AS currency,
               (SELECT count(*) FROM tickets t WHERE t.order_id = o.id AND t.status = 'valid') AS tickets,
               (SELECT u.email_verified_at IS NOT NULL FROM users u WHERE u.email = o.buyer_email) AS verified
        FROM orders o JOIN events e ON e.id = o.event_id
        WHERE ${which} AND o.status = 'placed' AND o.buyer_email IS NOT NULL`;
}

/** The budgets, then the mails, for rows that `orderMailQuery` read: the ids of the orders whose mail was sent. */
export async function sendOrderConfirmations(ctx: Ctx, found: readonly OrderMailRow[], baseUrl: string): Promise<Set<string>> {
  if (found.length === 0) return new Set();
  const allowed = await takeTicketMailBudget(
    ctx,
    found.map((row) => ({ to: String(row.buyer_email), eventId: row.event_id })),
  );
  const sent = new Set<string>();
  for (const [index, row] of found.entries()) {
    if (allowed[index] && (await sendOrderConfirmation(ctx, row, baseUrl))) sent.add(row.id);
  }
  return sent;
}

/** One confirmation whose budgets were already taken (by `sendOrderConfirmations`, or in ingestion's batch). */
export async function sendOrderConfirmation(ctx: Ctx, row: OrderMailRow, baseUrl: string): Promise<boolean> {
  const email = String(row.buyer_email);
  const base = baseUrl.replace(/\/+$/, "");
  const myEvents = `${base}/my`;
  const count = Number(row.tickets);
  const paid = row.amount !== null && row.currency ? ` Amount: ${formatMoney(Number(row.amount), row.currency)}.` : "";
  const intro =
    count > 0
      ? `Thank you for your order: ${count} ticket${count === 1 ? "" : "s"} for ${row.event_name}.${paid}`
      : `Thank you for your order for ${row.event_name}.${paid} The organizer is still setting up its tickets; they will appear under My events.`;
  const account = row.verified ? "verified" : row.verified === 0 ? "unverified" : "none";
  const next = whereYourTicketsAre({ baseUrl: base, email, account, count });
  const ics = buildIcs({
    // One entry per holder and event, whichever mail or page the file came from.
    uid: await calendarUid(row.event_id, email),
    dtstamp: ctx.now(),
    start: new Date(row.starts_at * 1000),
    end: new Date(row.ends_at * 1000),
    summary: row.event_name,
    description: `Your tickets: ${myEvents}`,
    url: `${base}/e/${row.event_slug}`,
  });
  try {
    await ctx.mail.send({
      to: email,
      subject: `Your tickets for ${row.event_name}`,
      text: `${intro}\n\n${next}\n\nThe attached calendar file adds the event to your calendar.`,
      attachments: [{ filename: "event.ics", contentType: "text/calendar; charset=utf-8", content: ics }],
    });
    return true;
  } catch {
    return false;
  }
}
