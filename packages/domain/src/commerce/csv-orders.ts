// Manual orders from a CSV file, parsed with csv-parse (sibling of csv-stringify; its sync API needs only the Buffer
// global, which workerd provides under nodejs_compat). One row is one order:
//
//   order_id, email, name, ticket_type, quantity [, amount, currency]
//
// Header names are matched on their letters and digits only, without regard to case ("Order ID", "order-id" and
// "ORDER_ID" are order_id; "E-mail" is email); unknown columns are ignored. ticket_type is a ticket type's name or id, resolved by the caller. amount
// is a decimal in the currency's major unit ("25.00") and is returned in minor units; it needs a currency.
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { CSV_IMPORT_CAPS, ORDER_CAPS } from "../caps";
import { normalizeCurrency, toMinorUnits } from "./money";

export const MANUAL_ORDERS_MAX_ROWS = CSV_IMPORT_CAPS.rows;
export const MANUAL_ORDERS_MAX_BYTES = CSV_IMPORT_CAPS.bytes;
const QUANTITY_MESSAGE = `A whole number from 1 to ${ORDER_CAPS.unitsPerLine} (the most tickets on one order line)`;

const REQUIRED = ["order_id", "email", "name", "ticket_type", "quantity"] as const;
const OPTIONAL = ["amount", "currency"] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

export type ManualOrderRow = {
  /** Line of the file where the row starts (the header is line 1). */
  line: number;
  orderId: string;
  email: string;
  name: string;
  ticketType: string;
  quantity: number;
  /** Minor units of `currency`. */
  amount?: number;
  currency?: string;
};

/** `line` 0 with field "file" is about the file as a whole; line 1 is the header. */
export type CsvRowError = { line: number; field: string; message: string };
export type ManualOrdersParse = { rows: ManualOrderRow[]; errors: CsvRowError[] };

const text = (max: number) => z.string().trim().min(1, "Required").max(max, `At most ${max} characters`);
const RowSchema = z
  .object({
    order_id: text(100),
    email: z.string().trim().min(1, "Required").max(254).toLowerCase().pipe(z.email("Not a valid email address")),
    name: text(200),
    ticket_type: text(200),
    quantity: z
      .string()
      .trim()
      .min(1, { message: "Required", abort: true })
      .regex(/^\d{1,6}$/, QUANTITY_MESSAGE)
      .transform(Number)
      .pipe(z.number().int().min(1, QUANTITY_MESSAGE).max(ORDER_CAPS.unitsPerLine, QUANTITY_MESSAGE)),
    amount: z.string().trim().optional(),
    currency: z.string().trim().optional(),
  })
  .superRefine((row, ctx) => {
    const currency = row.currency ? normalizeCurrency(row.currency) : null;
    if (row.currency && !currency) ctx.addIssue({ code: "custom", path: ["currency"], message: "A three-letter currency code" });
    if (!row.amount) return;
    if (!row.currency) ctx.addIssue({ code: "custom", path: ["currency"], message: "Required when amount is given" });
    else if (currency && toMinorUnits(row.amount, currency) === null) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: `Not an amount in ${currency}, e.g. 25.00` });
    }
  });

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");
const COLUMN_BY_SQUASHED = new Map<string, Column>([...REQUIRED, ...OPTIONAL].map((column) => [squash(column), column]));
/** The column a header cell names, or null for a column this import does not read. */
const columnOf = (header: string): Column | null => COLUMN_BY_SQUASHED.get(squash(header)) ?? null;

type CsvRecord = { record: string[]; info: { lines: number } };

/** csv-parse's typings do not narrow on `info: true`, which makes each record `{ record, info }`. */
const parseWithInfo = (source: string) =>
  parse(source, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as CsvRecord[];

const fileError = (message: string): ManualOrdersParse => ({ rows: [], errors: [{ line: 0, field: "file", message }] });

function decode(input: string | Uint8Array): string | null {
  if (typeof input === "string") return input;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(input);
  } catch {
    return null;
  }
}

/**
 * Parses and validates a manual-orders CSV. Never throws for bad content: `rows` holds the valid rows, `errors` one
 * entry per problem. Problems with the file as a whole (too large, too many rows, empty, not CSV, header missing a
 * column) return no rows. A repeated order_id is an error on each later row; the first stays.
 */
export function parseManualOrdersCsv(
  input: string | Uint8Array,
  limits: { maxRows?: number; maxBytes?: number } = {},
): ManualOrdersParse {
  const maxRows = limits.maxRows ?? MANUAL_ORDERS_MAX_ROWS;
  const maxBytes = limits.maxBytes ?? MANUAL_ORDERS_MAX_BYTES;
  const size = typeof input === "string" ? new TextEncoder().encode(input).byteLength : input.byteLength;
  if (size > maxBytes) return fileError(`The file is larger than ${Math.floor(maxBytes / 1024)} KiB`);
  const source = decode(input);
  if (source === null) return fileError("The file is not UTF-8 text");
  if (source.replace(/^\uFEFF/, "").trim() === "") return fileError("The file is empty");

  let records: CsvRecord[];
  try {
    // One line ending throughout: csv-parse counts a CRLF inside a quoted field as two lines, and a file may mix
    // endings. A line break inside a quoted cell therefore comes back as "\n".
    records = parseWithInfo(source.replace(/\r\n?/g, "\n"));
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === "number" ? (error as { lines: number }).lines : 0;
    return { rows: [], errors: [{ line, field: "file", message: `Not a readable CSV file near line ${line}` }] };
  }

  const [header, ...body] = records;
  if (!header) return fileError("The file is empty");
  const columns = header.record.map(columnOf);
  const headerErrors: CsvRowError[] = [];
  for (const name of REQUIRED) {
    if (!columns.includes(name)) headerErrors.push({ line: 1, field: name, message: `The header has no ${name} column` });
  }
  for (const name of [...REQUIRED, ...OPTIONAL]) {
    if (columns.indexOf(name) !== columns.lastIndexOf(name)) {
      headerErrors.push({ line: 1, field: name, message: `The header has ${name} more than once` });
    }
  }
  if (headerErrors.length > 0) return { rows: [], errors: headerErrors };
  if (body.length === 0) return fileError("The file has a header but no orders");
  if (body.length > maxRows) {
    return fileError(`The file has ${body.length} rows; at most ${maxRows.toLocaleString("en-US")} rows can be imported at once. Split it into smaller files.`);
  }

  const rows: ManualOrderRow[] = [];
  const errors: CsvRowError[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { record, info } of body) {
    // info.lines is where the record ends; quoted fields may span lines.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    if (record.length > columns.length && record.slice(columns.length).some((cell) => cell.trim() !== "")) {
      errors.push({ line, field: "row", message: `The row has ${record.length} cells; the header has ${columns.length}` });
      continue;
    }
    const raw: Partial<Record<Column, string>> = {};
    columns.forEach((name, index) => {
      if (name) raw[name] = record[index] ?? "";
    });
    const rowErrors: CsvRowError[] = [];
    const orderId = raw.order_id?.trim() ?? "";
    const seenOn = firstLineOf.get(orderId);
    if (orderId && seenOn !== undefined) {
      rowErrors.push({ line, field: "order_id", message: `order_id ${orderId} is already on line ${seenOn}` });
    } else if (orderId) firstLineOf.set(orderId, line);
    const parsed = RowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        rowErrors.push({ line, field: String(issue.path[0] ?? "row"), message: issue.message });
      }
    }
    if (!parsed.success || rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const row = parsed.data;
    const currency = row.currency ? (normalizeCurrency(row.currency) ?? undefined) : undefined;
    const amount = row.amount && currency ? (toMinorUnits(row.amount, currency) ?? undefined) : undefined;
    rows.push({
      line,
      orderId: row.order_id,
      email: row.email,
      name: row.name,
      ticketType: row.ticket_type,
      quantity: row.quantity,
      ...(amount !== undefined ? { amount } : {}),
      ...(currency ? { currency } : {}),
    });
  }
  return { rows, errors };
}
