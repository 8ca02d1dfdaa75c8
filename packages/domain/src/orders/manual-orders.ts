import { createId } from "@paralleldrive/cuid2";
import { type SQLWrapper, sql } from "drizzle-orm";
import type { z } from "zod";
import { authorize, authorizeAndReadAll, conditionalAuditEntry, requireEditableEvent } from "../access";
import { batchStatements } from "../batch";
import { type CsvRowError, type ManualOrderRow, parseManualOrdersCsv } from "../commerce/csv-orders";
import { type Ctx, unixSeconds } from "../context";
import { parseInput } from "../errors";
import { orderStateStatements } from "./issue-sql";
import { CreateManualOrderInput, CsvImportInput, EventOrdersInput } from "./schemas";

type ManualBody = {
  eventId: string;
  externalOrderId: string;
  buyerEmail: string;
  buyerName: string;
  lines: { externalSku: string; quantity: number; title?: string }[];
  amount?: number;
  currency?: string;
  raw: unknown;
  placed: true;
};

/**
 * Statements that add manual orders (retailer `manual`) to an event in one batch, however many: the bodies travel
 * as one JSON parameter (D1 allows 100 bound parameters per statement) and are inserted with `json_each`. An order
 * id the account already has is left as it is, so importing the same file again creates nothing. Lines resolve to a
 * ticket type by mapping, id or name; then tickets, rooms and grants as for any order. One audit row counts them.
 */
function manualOrderStatements(ctx: Ctx, accountId: string, eventId: string, bodies: ManualBody[], action: string): SQLWrapper[] {
  const at = unixSeconds(ctx.now());
  const payload = JSON.stringify(bodies);
  const which = sql`o.account_id = ${accountId} AND o.retailer = 'manual'
    AND o.external_order_id IN (SELECT j.value ->> '$.externalOrderId' FROM json_each(${payload}) j)`;
  return [
    sql`
      INSERT INTO orders (id, account_id, retailer, body, status, needs_mapping, created_at, updated_at)
      SELECT lower(hex(randomblob(16))), e.account_id, 'manual', json(j.value), 'placed', 0, ${at}, ${at}
      FROM events e, json_each(${payload}) j
      WHERE e.id = ${eventId} AND e.account_id = ${accountId}
      ON CONFLICT (account_id, retailer, external_order_id) DO NOTHING`,
    conditionalAuditEntry(ctx, {
      accountId,
      action,
      targetType: "event",
      targetId: eventId,
      after: sql`json_object('orders', changes())`,
    }),
    ...orderStateStatements(which, at),
  ];
}

const bodyOf = (eventId: string, row: Omit<ManualOrderRow, "line">, ticketTypeId: string, raw: unknown): ManualBody => ({
  eventId,
  externalOrderId: row.orderId,
  buyerEmail: row.email,
  buyerName: row.name,
  lines: [{ externalSku: ticketTypeId, quantity: row.quantity }],
  ...(row.amount !== undefined ? { amount: row.amount } : {}),
  ...(row.currency ? { currency: row.currency } : {}),
  raw,
  placed: true,
});

/** One order typed in by an organizer (`orders.manage`): its tickets, rooms and grants in the same batch. */
export async function createManualOrder({ ctx, input }: { ctx: Ctx; input: z.input<typeof CreateManualOrderInput> }) {
  const data = parseInput(CreateManualOrderInput, input);
  const access = await authorize(ctx, "orders.manage", { kind: "event", eventId: data.eventId });
  requireEditableEvent(access);
  const orderId = data.orderId ?? `manual-${createId()}`;
  const row = { orderId, email: data.email, name: data.name, ticketType: data.ticketTypeId, quantity: data.quantity };
  const results = await batchStatements(ctx, [
    ...manualOrderStatements(ctx, access.accountId, data.eventId, [bodyOf(data.eventId, row, data.ticketTypeId, { source: "form" })], "order.manual"),
    sql`SELECT o.id, o.needs_mapping FROM orders o
        WHERE o.account_id = ${access.accountId} AND o.retailer = 'manual' AND o.external_order_id = ${orderId}`,
  ]);
  const created = (results[0]?.meta.changes ?? 0) > 0;
  const order = results.at(-1)?.results[0] as { id: string; needs_mapping: number } | undefined;
  return { created, orderId: order?.id ?? null, externalOrderId: orderId, needsMapping: order?.needs_mapping === 1 };
}

export type CsvPreviewRow = {
  line: number;
  orderId: string;
  email: string;
  name: string;
  ticketType: string;
  quantity: number;
  /** `new`: will be imported; `existing`: the account already has this order id (nothing happens). */
  state: "new" | "existing";
};
export type CsvPreview = { rows: CsvPreviewRow[]; errors: CsvRowError[]; importable: number };

type TypeRow = { id: string; name: string };

/** Ticket types by id and by lower-cased name, as CSV rows name them. */
function typeResolver(types: TypeRow[]) {
  const byKey = new Map<string, string>();
  for (const type of types) {
    if (!byKey.has(type.name.toLowerCase())) byKey.set(type.name.toLowerCase(), type.id);
    byKey.set(type.id, type.id);
  }
  return (value: string) => byKey.get(value) ?? byKey.get(value.toLowerCase()) ?? null;
}

/** Parses the CSV and resolves ticket types: valid rows (in file order), and row-level errors. */
function resolveCsv(csv: string, types: TypeRow[]) {
  const parsed = parseManualOrdersCsv(csv);
  const resolve = typeResolver(types);
  const errors = [...parsed.errors];
  const rows: (ManualOrderRow & { ticketTypeId: string })[] = [];
  for (const row of parsed.rows) {
    const ticketTypeId = resolve(row.ticketType);
    if (!ticketTypeId) errors.push({ line: row.line, field: "ticket_type", message: `No ticket type "${row.ticketType}" in this event` });
    else rows.push({ ...row, ticketTypeId });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}

const typesQuery = (eventId: string) => sql`SELECT id, name FROM ticket_types WHERE event_id = ${eventId} ORDER BY created_at`;

/**
 * The preview of a manual-orders CSV (`orders.manage`): each valid row with whether its order id already exists,
 * and the row-level errors (bad fields, unknown ticket types, repeated order ids). Reads only, one round trip.
 */
export async function previewOrdersCsv({ ctx, input }: { ctx: Ctx; input: z.input<typeof CsvImportInput> }): Promise<CsvPreview> {
  const data = parseInput(CsvImportInput, input);
  const ids = JSON.stringify(parseManualOrdersCsv(data.csv).rows.map((r) => r.orderId));
  const [, [types, existing]] = await authorizeAndReadAll<[TypeRow[], { id: string }[]]>(
    ctx,
    "orders.manage",
    { kind: "event", eventId: data.eventId },
    [
      typesQuery(data.eventId),
      sql`SELECT o.external_order_id AS id FROM orders o JOIN events e ON e.id = ${data.eventId}
          WHERE o.account_id = e.account_id AND o.retailer = 'manual'
            AND o.external_order_id IN (SELECT value FROM json_each(${ids}))`,
    ],
  );
  const { rows, errors } = resolveCsv(data.csv, types);
  const seen = new Set(existing.map((e) => e.id));
  const preview = rows.map((row) => ({
    line: row.line,
    orderId: row.orderId,
    email: row.email,
    name: row.name,
    ticketType: row.ticketType,
    quantity: row.quantity,
    state: seen.has(row.orderId) ? ("existing" as const) : ("new" as const),
  }));
  return { rows: preview, errors, importable: preview.filter((r) => r.state === "new").length };
}

export type CsvChunkResult = { done: number; total: number; created: number; next: number | null; errors: CsvRowError[] };

/**
 * Imports one chunk of a manual-orders CSV (`orders.manage`): the valid rows from `offset`, at most `limit`, in one
 * batch. The page calls it chunk after chunk for its progress bar; without JavaScript the action walks every chunk
 * in one request. Rows with errors are skipped (the preview listed them). Idempotent per order id.
 */
export async function importOrdersCsvChunk({ ctx, input }: { ctx: Ctx; input: z.input<typeof CsvImportInput> }): Promise<CsvChunkResult> {
  const data = parseInput(CsvImportInput, input);
  const [access, [types]] = await authorizeAndReadAll<[TypeRow[]]>(ctx, "orders.manage", { kind: "event", eventId: data.eventId }, [
    typesQuery(data.eventId),
  ]);
  requireEditableEvent(access);
  const { rows, errors } = resolveCsv(data.csv, types);
  const chunk = rows.slice(data.offset, data.offset + data.limit);
  let created = 0;
  if (chunk.length > 0) {
    const bodies = chunk.map((row) => bodyOf(data.eventId, row, row.ticketTypeId, { source: "csv", line: row.line }));
    const results = await batchStatements(ctx, manualOrderStatements(ctx, access.accountId, data.eventId, bodies, "order.import"));
    created = results[0]?.meta.changes ?? 0;
  }
  const done = Math.min(rows.length, data.offset + chunk.length);
  return { done, total: rows.length, created, next: done < rows.length ? done : null, errors };
}

/** The ticket types of an event, for the manual order form and the mapping form (`orders.manage`). */
export async function listTicketTypesForOrders({ ctx, input }: { ctx: Ctx; input: z.input<typeof EventOrdersInput> }) {
  const data = parseInput(EventOrdersInput, input);
  const [, [types]] = await authorizeAndReadAll<[TypeRow[]]>(ctx, "orders.manage", { kind: "event", eventId: data.eventId }, [typesQuery(data.eventId)]);
  return types;
}
