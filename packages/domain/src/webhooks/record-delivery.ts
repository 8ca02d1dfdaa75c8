import { sql } from "drizzle-orm";
import { z } from "zod";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { Id } from "../ids";
import { parseInput } from "../errors";
import { WebhookRetailer } from "../orders/schemas";

export const RecordDeliveryInput = z.object({
  accountId: Id,
  retailer: WebhookRetailer,
  status: z.number().int().min(100).max(599),
  note: z.string().max(300),
});

/** The connection's "last delivery" line shown to the organizer: when, the HTTP status answered, and a short note. */
// verb-exempt: machine bookkeeping after a signature-verified delivery; it touches only that connection's status
export async function recordDelivery({ ctx, input }: { ctx: Ctx; input: z.input<typeof RecordDeliveryInput> }): Promise<void> {
  const data = parseInput(RecordDeliveryInput, input);
  await batchStatements(ctx, [
    sql`
      UPDATE retailer_connections
      SET last_delivery_at = ${unixSeconds(ctx.now())}, last_delivery_status = ${data.status}, last_delivery_note = ${data.note}
      WHERE account_id = ${data.accountId} AND retailer = ${data.retailer}`,
  ]);
}
