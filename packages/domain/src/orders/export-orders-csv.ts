import { sql } from "drizzle-orm";
import type { z } from "zod";
import { authorizeAndRead } from "../access";
import { formatMoneyDecimal } from "../commerce/money";
import type { Ctx } from "../context";
import { streamCsv } from "../csv-stream";
import { parseInput } from "../errors";
import { type OrderListRow, type OrdersCursor, ordersPageQuery, toOrderEntry } from "./query";
import { OrdersPageInput } from "./schemas";

const COLUMNS = ["order_id", "retailer", "status", "needs_mapping", "email", "name", "ticket_types", "tickets", "amount", "currency", "created_at"];
const PAGE = 1000;

/**
 * The event's orders as CSV, with the list's filters (`orders.manage`; authorized before the first byte). The body
 * streams keyset pages of 1,000 orders as the client reads. Amounts are decimals in the currency's major unit with
 * ISO 4217's number of decimals (`formatMoneyDecimal`: IQD 1234.567, JPY 1500), as the CSV import reads them.
 */
export async function exportOrdersCsv({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof OrdersPageInput>;
}): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const filters = parseInput(OrdersPageInput, input);
  const [, events] = await authorizeAndRead<{ slug: string }>(
    ctx,
    "orders.manage",
    { kind: "event", eventId: filters.eventId },
    sql`SELECT slug FROM events WHERE id = ${filters.eventId}`,
  );
  const name = `${(events[0]?.slug ?? filters.eventId).replace(/[^A-Za-z0-9_-]/g, "-")}-orders.csv`;
  const body = streamCsv<OrderListRow, OrdersCursor>({
    columns: COLUMNS,
    pageSize: PAGE,
    page: (cursor, limit) => ctx.db.all<OrderListRow>(ordersPageQuery(filters, cursor, limit)),
    cursorAfter: (last) => ({ createdAt: last.created_at, id: last.id }),
    record: (row) => {
      const o = toOrderEntry(row);
      return [
        o.externalOrderId,
        o.retailer,
        o.status,
        o.needsMapping ? "yes" : "no",
        o.buyerEmail ?? "",
        o.buyerName ?? "",
        o.ticketTypes,
        o.tickets,
        o.amount !== null && o.currency ? formatMoneyDecimal(o.amount, o.currency) : (o.amount ?? ""),
        o.currency ?? "",
        o.createdAt.toISOString(),
      ];
    },
  });
  return { filename: name, body };
}
