import type { SessionsDb } from "@greenroom/db/sessions/client";
import { sql } from "drizzle-orm";
import { type StageResult, type WebhookDelivery, WebhookDeliveriesInput, type WebhookDeliveryStatus } from "./contract";
import { invalidResult as invalid } from "./results";

// The outgoing webhook delivery log, on the account's sessions shard: one row per (outbox event, subscription)
// delivery Workflow instance, updated after every attempt. Every row carries its account id.

export type DeliveryStart = {
  id: string;
  accountId: string;
  subscriptionId: string;
  messageId: string;
  type: string;
  atMs: number;
};

/** The delivery's row, pending, once (a retried step or a second dispatch of the same instance adds nothing). */
export async function startDelivery(db: SessionsDb, d: DeliveryStart): Promise<void> {
  await db.run(sql`
    INSERT INTO webhook_out_deliveries (id, account_id, subscription_id, message_id, type, status, attempts, created_at, updated_at)
    VALUES (${d.id}, ${d.accountId}, ${d.subscriptionId}, ${d.messageId}, ${d.type}, 'pending', 0, ${d.atMs}, ${d.atMs})
    ON CONFLICT (id) DO NOTHING`);
}

type DeliveryStatus = WebhookDeliveryStatus;

/**
 * One attempt's result: the attempts counted up, the response code (null: no answer) and a short reason, which
 * never contains the secret or the receiver's body.
 */
export async function recordAttempt(
  db: SessionsDb,
  a: { id: string; accountId: string; status: DeliveryStatus; responseStatus: number | null; error: string | null; atMs: number },
): Promise<void> {
  await db.run(sql`
    UPDATE webhook_out_deliveries
    SET attempts = attempts + 1, status = ${a.status}, last_response_status = ${a.responseStatus},
        last_error = ${a.error === null ? null : a.error.slice(0, 300)}, updated_at = ${a.atMs}
    WHERE id = ${a.id} AND account_id = ${a.accountId}`);
}

/** The delivery's outcome without an attempt (skipped, or given up on): the last response code stays. */
export async function settleDelivery(db: SessionsDb, a: { id: string; accountId: string; status: DeliveryStatus; reason: string; atMs: number }) {
  await db.run(sql`
    UPDATE webhook_out_deliveries SET status = ${a.status}, last_error = ${a.reason.slice(0, 300)}, updated_at = ${a.atMs}
    WHERE id = ${a.id} AND account_id = ${a.accountId}`);
}

/** A subscription's latest deliveries, newest first (the webapp's page has authorized the viewer). */
export async function webhookDeliveries(db: SessionsDb, raw: unknown): Promise<StageResult<WebhookDelivery[]>> {
  const parsed = WebhookDeliveriesInput.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { accountId, subscriptionId, limit } = parsed.data;
  const rows = await db.all<Record<string, unknown>>(sql`
    SELECT id, message_id, type, status, attempts, last_response_status, last_error, created_at, updated_at
    FROM webhook_out_deliveries WHERE account_id = ${accountId} AND subscription_id = ${subscriptionId}
    ORDER BY created_at DESC, id LIMIT ${limit}`);
  return {
    ok: true,
    value: rows.map((r) => ({
      id: String(r.id),
      messageId: String(r.message_id),
      type: String(r.type),
      status: r.status as DeliveryStatus,
      attempts: Number(r.attempts),
      lastResponseStatus: r.last_response_status === null ? null : Number(r.last_response_status),
      lastError: r.last_error === null ? null : String(r.last_error),
      createdAtMs: Number(r.created_at),
      updatedAtMs: Number(r.updated_at),
    })),
  };
}

/** One delivery of the account (to redeliver it: the same message to the same subscription). */
export async function webhookDelivery(db: SessionsDb, accountId: string, id: string) {
  const [row] = await db.all<{ subscription_id: string; message_id: string; type: string }>(sql`
    SELECT subscription_id, message_id, type FROM webhook_out_deliveries WHERE id = ${id} AND account_id = ${accountId}`);
  return row ?? null;
}

/** The ready clips of a recording session (for their clip.ready events). */
export async function readyClipIds(db: SessionsDb, s: { accountId: string; sessionId: string }): Promise<string[]> {
  const rows = await db.all<{ id: string }>(sql`
    SELECT id FROM participant_clips WHERE account_id = ${s.accountId} AND session_id = ${s.sessionId} AND status = 'ready'`);
  return rows.map((r) => r.id);
}
