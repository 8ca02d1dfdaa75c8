import { createId } from "@paralleldrive/cuid2";
import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { z } from "zod";
import { authorize, authorizeAndReadAll, conditionalAuditEntry, requireEditableEvent } from "../access";
import { batchStatements } from "../batch";
import { type CsvRowError, type ManualOrderRow, parseManualOrdersCsv } from "../commerce/csv-orders";
import { type Ctx, unixSeconds } from "../context";
import { DomainError, parseInput } from "../errors";
import { LIMITS, rateLimited } from "../limits";
import { mailOrderConfirmations } from "./confirmation-mail";
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
  /** The call that created the order, so that call (and only it) can mail the buyers it created. */
  batch: string;
};

/** Tickets an import still wants: the order id, the ticket type and the units. */
type Demand = { o: string; t: string; q: number };

type ManualOptions = { action: string; beyondCapacity: boolean; batch: string };

export const BEYOND_CAPACITY_HINT = "Lower the quantity, or tick “Issue beyond capacity” to issue them anyway.";

/**
 * Statements that add manual orders (retailer `manual`) to an event in one batch, however many: the bodies travel
 * as one JSON parameter (D1 allows 100 bound parameters per statement) and are inserted with `json_each`. An order
 * id the account already has is left as it is, so importing the same file again creates nothing. Lines resolve to a
 * ticket type by mapping, id or name; then tickets, rooms and grants as for any order. One audit row counts them.
 *
 * The orders go in only past ONE conditional gate, the per-account ticket quota's upsert: its row is counted up
 * by this call's new units only while they fit the hour's `LIMITS.ticketsPerAccount`, AND (unless the organizer
 * ticked "Issue beyond capacity") every ticket type keeps `issued + wanted <= capacity`, where `wanted` sums
 * `demand` (this chunk and, for a CSV, the rest of the file) over orders that do not exist yet. The order insert
 * depends on that upsert (`changes() > 0`). D1 runs a batch without interleaving, so concurrent imports see each
 * other's issued tickets and never oversell together. The first statement reads the types that would overflow,
 * so the caller can say why a refused batch changed nothing.
 */
function manualOrderStatements(ctx: Ctx, accountId: string, eventId: string, bodies: ManualBody[], demand: Demand[], options: ManualOptions): SQLWrapper[] {
  const at = unixSeconds(ctx.now());
  const payload = JSON.stringify(bodies);
  const which = sql`o.account_id = ${accountId} AND o.retailer = 'manual'
    AND o.external_order_id IN (SELECT j.value ->> '$.externalOrderId' FROM json_each(${payload}) j)`;
  const isNew = (orderId: SQL) =>
    sql`NOT EXISTS (SELECT 1 FROM orders x WHERE x.account_id = ${accountId} AND x.retailer = 'manual' AND x.external_order_id = ${orderId})`;
  const wanted = sql`
    SELECT d.value ->> '$.t' AS type_id, sum(d.value ->> '$.q') AS units FROM json_each(${JSON.stringify(demand)}) d
    WHERE ${isNew(sql`d.value ->> '$.o'`)} GROUP BY 1`;
  const overflowing = sql`
    SELECT tt.id, tt.name, tt.issued, tt.capacity, w.units FROM (${wanted}) w
    JOIN ticket_types tt ON tt.id = w.type_id AND tt.event_id = ${eventId}
    WHERE tt.capacity IS NOT NULL AND tt.issued + w.units > tt.capacity`;
  const chunkUnits = JSON.stringify(bodies.map((b) => ({ o: b.externalOrderId, q: b.lines.reduce((n, l) => n + l.quantity, 0) })));
  const newUnits = sql`(SELECT coalesce(sum(c.value ->> '$.q'), 0) FROM json_each(${chunkUnits}) c WHERE ${isNew(sql`c.value ->> '$.o'`)})`;
  const quota = LIMITS.ticketsPerAccount;
  const expired = at - quota.windowSeconds;
  return [
    overflowing,
    sql`
      INSERT INTO auth_throttle (key, window_started_at, failures)
      SELECT ${ticketQuotaKey(accountId)}, ${at}, units FROM (SELECT ${newUnits} AS units)
      WHERE units <= ${quota.max} ${options.beyondCapacity ? sql`` : sql`AND NOT EXISTS (${overflowing})`}
      ON CONFLICT(key) DO UPDATE SET
        failures = CASE WHEN window_started_at <= ${expired} THEN excluded.failures ELSE failures + excluded.failures END,
        window_started_at = CASE WHEN window_started_at <= ${expired} THEN ${at} ELSE window_started_at END
      WHERE window_started_at <= ${expired} OR failures + excluded.failures <= ${quota.max}`,
    sql`
      INSERT INTO orders (id, account_id, retailer, body, status, needs_mapping, created_at, updated_at)
      SELECT lower(hex(randomblob(16))), e.account_id, 'manual', json(j.value), 'placed', 0, ${at}, ${at}
      FROM events e, json_each(${payload}) j
      WHERE e.id = ${eventId} AND e.account_id = ${accountId} AND changes() > 0
      ON CONFLICT (account_id, retailer, external_order_id) DO NOTHING`,
    conditionalAuditEntry(ctx, {
      accountId,
      action: options.action,
      targetType: "event",
      targetId: eventId,
      after: options.beyondCapacity ? sql`json_object('orders', changes(), 'beyondCapacity', json('true'))` : sql`json_object('orders', changes())`,
    }),
    ...orderStateStatements(which, at),
    sql`SELECT o.id, o.external_order_id, o.needs_mapping, o.body ->> '$.batch' = ${options.batch} AS mine FROM orders o WHERE ${which}`,
  ];
}

/** The per-account ticket quota's row in `auth_throttle`. */
export const ticketQuotaKey = (accountId: string) => `tickets:${accountId}`;

type Overflow = { id: string; name: string; issued: number; capacity: number; units: number };

/**
 * Runs `manualOrderStatements` and says what happened: the orders this call created, or why nothing was created
 * (a ticket type over capacity: conflict, with the field message on `field`; the hourly ticket quota: rate_limited).
 * Then, when asked, mails the buyers of the orders it created.
 */
async function runManualOrders(
  ctx: Ctx,
  args: { accountId: string; eventId: string; bodies: ManualBody[]; demand: Demand[]; options: ManualOptions; field: string; mail?: string },
) {
  const results = await batchStatements(ctx, manualOrderStatements(ctx, args.accountId, args.eventId, args.bodies, args.demand, args.options));
  if ((results[1]?.meta.changes ?? 0) === 0) {
    const over = (results[0]?.results ?? []) as Overflow[];
    const first = over[0];
    if (first && !args.options.beyondCapacity) {
      const left = Math.max(0, Number(first.capacity) - Number(first.issued));
      const message = `Only ${left} of ${first.capacity} “${first.name}” tickets are left, and this needs ${first.units}. ${BEYOND_CAPACITY_HINT}`;
      throw new DomainError("conflict", message, { fieldErrors: { [args.field]: [message] } });
    }
    throw rateLimited(LIMITS.ticketsPerAccount);
  }
  const orders = (results.at(-1)?.results ?? []) as { id: string; external_order_id: string; needs_mapping: number; mine: number }[];
  const created = orders.filter((o) => o.mine === 1).map((o) => o.id);
  const mailed = args.mail ? (await mailOrderConfirmations(ctx, { orderIds: created, baseUrl: args.mail })).filter(Boolean).length : 0;
  return { created: created.length, mailed, orders };
}

const bodyOf = (eventId: string, row: Omit<ManualOrderRow, "line">, ticketTypeId: string, raw: unknown, batch: string): ManualBody => ({
  eventId,
  externalOrderId: row.orderId,
  buyerEmail: row.email,
  buyerName: row.name,
  lines: [{ externalSku: ticketTypeId, quantity: row.quantity }],
  ...(row.amount !== undefined ? { amount: row.amount } : {}),
  ...(row.currency ? { currency: row.currency } : {}),
  raw,
  placed: true,
  batch,
});

/**
 * One order typed in by an organizer (`orders.manage`): its tickets, rooms and grants in the same batch, refused
 * beyond the ticket type's capacity unless `beyondCapacity`, and mailed to the buyer when `mailBuyers`. The answer
 * is the same whether or not the buyer's address has a Greenroom account.
 */
export async function createManualOrder({ ctx, input }: { ctx: Ctx; input: z.input<typeof CreateManualOrderInput> }) {
  const data = parseInput(CreateManualOrderInput, input);
  const access = await authorize(ctx, "orders.manage", { kind: "event", eventId: data.eventId });
  requireEditableEvent(access);
  const orderId = data.orderId ?? `manual-${createId()}`;
  const row = { orderId, email: data.email, name: data.name, ticketType: data.ticketTypeId, quantity: data.quantity };
  const batch = createId();
  const outcome = await runManualOrders(ctx, {
    accountId: access.accountId,
    eventId: data.eventId,
    bodies: [bodyOf(data.eventId, row, data.ticketTypeId, { source: "form" }, batch)],
    demand: [{ o: orderId, t: data.ticketTypeId, q: data.quantity }],
    options: { action: "order.manual", beyondCapacity: data.beyondCapacity, batch },
    field: "quantity",
    ...(data.mailBuyers && data.baseUrl ? { mail: data.baseUrl } : {}),
  });
  const order = outcome.orders.find((o) => o.external_order_id === orderId);
  return {
    created: outcome.created > 0,
    mailed: outcome.mailed > 0,
    orderId: order?.id ?? null,
    externalOrderId: orderId,
    needsMapping: order?.needs_mapping === 1,
  };
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
/** A ticket type the new rows of a file would fill past its capacity (advice for the page; the import checks again). */
export type CsvOverCapacity = { name: string; wanted: number; left: number; capacity: number };
export type CsvPreview = { rows: CsvPreviewRow[]; errors: CsvRowError[]; importable: number; overCapacity: CsvOverCapacity[] };

type TypeRow = { id: string; name: string; issued?: number; capacity?: number | null };

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

const typesQuery = (eventId: string) => sql`SELECT id, name, issued, capacity FROM ticket_types WHERE event_id = ${eventId} ORDER BY created_at`;

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
  const wanted = new Map<string, number>();
  for (const row of rows) if (!seen.has(row.orderId)) wanted.set(row.ticketTypeId, (wanted.get(row.ticketTypeId) ?? 0) + row.quantity);
  const overCapacity = types.flatMap((type) => {
    const units = wanted.get(type.id) ?? 0;
    const capacity = type.capacity ?? null;
    if (capacity === null || units === 0 || (type.issued ?? 0) + units <= capacity) return [];
    return [{ name: type.name, wanted: units, left: Math.max(0, capacity - (type.issued ?? 0)), capacity }];
  });
  const preview = rows.map((row) => ({
    line: row.line,
    orderId: row.orderId,
    email: row.email,
    name: row.name,
    ticketType: row.ticketType,
    quantity: row.quantity,
    state: seen.has(row.orderId) ? ("existing" as const) : ("new" as const),
  }));
  return { rows: preview, errors, importable: preview.filter((r) => r.state === "new").length, overCapacity };
}

export type CsvChunkResult = {
  done: number;
  total: number;
  created: number;
  /** Buyers mailed their tickets (only with `mailBuyers`; within the daily mail budgets). */
  mailed: number;
  next: number | null;
  errors: CsvRowError[];
};

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
  let mailed = 0;
  if (chunk.length > 0) {
    const batch = createId();
    const bodies = chunk.map((row) => bodyOf(data.eventId, row, row.ticketTypeId, { source: "csv", line: row.line }, batch));
    // Capacity is checked for this chunk and the rest of the file together, so a file that does not fit is
    // refused at its first chunk and issues nothing.
    const demand = rows.slice(data.offset).map((row) => ({ o: row.orderId, t: row.ticketTypeId, q: row.quantity }));
    const outcome = await runManualOrders(ctx, {
      accountId: access.accountId,
      eventId: data.eventId,
      bodies,
      demand,
      options: { action: "order.import", beyondCapacity: data.beyondCapacity, batch },
      field: "file",
      ...(data.mailBuyers && data.baseUrl ? { mail: data.baseUrl } : {}),
    });
    created = outcome.created;
    mailed = outcome.mailed;
  }
  const done = Math.min(rows.length, data.offset + chunk.length);
  return { done, total: rows.length, created, mailed, next: done < rows.length ? done : null, errors };
}

/** The ticket types of an event, for the manual order form and the mapping form (`orders.manage`). */
export async function listTicketTypesForOrders({ ctx, input }: { ctx: Ctx; input: z.input<typeof EventOrdersInput> }) {
  const data = parseInput(EventOrdersInput, input);
  const [, [types]] = await authorizeAndReadAll<[TypeRow[]]>(ctx, "orders.manage", { kind: "event", eventId: data.eventId }, [typesQuery(data.eventId)]);
  return types;
}
