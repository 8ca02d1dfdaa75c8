// Caps on the size of what one request may create, beside the rate limits in `limits.ts` (which re-exports this file).
// No imports, so the database-free commerce code can use them too.

/**
 * Caps on one order, for every way an order comes in (manual, CSV, retailer webhooks): far above a real order, low
 * enough that one order cannot issue a flood of tickets. Webhook ingestion checks them with `orderUnitsProblem`.
 */
export const ORDER_CAPS = {
  /** Units on one order line. */
  unitsPerLine: 500,
  /** Units over all lines of one order. */
  unitsPerOrder: 1_000,
} as const;
export const UNITS_PER_LINE_MESSAGE = `At most ${ORDER_CAPS.unitsPerLine} tickets on one order line`;
export const UNITS_PER_ORDER_MESSAGE = `At most ${ORDER_CAPS.unitsPerOrder} tickets on one order`;

/** Rows of one manual-orders CSV file (and its size). */
export const CSV_IMPORT_CAPS = { rows: 5_000, bytes: 1024 * 1024 } as const;

/**
 * Whether an order's lines stay within `ORDER_CAPS`: null when they do, else the field and the message to show
 * (`quantity` for one line over its cap, `lines` for the order's total).
 */
export function orderUnitsProblem(lines: readonly { quantity: number }[]): { field: "quantity" | "lines"; message: string } | null {
  if (lines.some((line) => line.quantity > ORDER_CAPS.unitsPerLine)) return { field: "quantity", message: UNITS_PER_LINE_MESSAGE };
  const total = lines.reduce((sum, line) => sum + line.quantity, 0);
  return total > ORDER_CAPS.unitsPerOrder ? { field: "lines", message: UNITS_PER_ORDER_MESSAGE } : null;
}
