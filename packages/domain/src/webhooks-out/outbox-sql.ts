import type { WebhookOutEventType } from "@greenroom/db/webapp/schema";
import { type SQL, sql } from "drizzle-orm";

/** The outbox id (and `webhook-id`) of an event: derived from its type and resource, so it is written once. */
export const outboxId = (type: string, resourceId: string) => `evt_${type.replace(".", "_")}_${resourceId}`;

/** SQL for `outboxId`, for rows chosen inside a statement. */
const outboxIdSql = (type: string, resourceId: SQL) => sql`${`evt_${type.replace(".", "_")}_`} || ${resourceId}`;

/**
 * One statement for a batch: an outbox row of `type` for each row `source` selects (columns `account_id`,
 * `event_id`, `resource_id`), when the account has an enabled subscription that wants it. Idempotent (the id is
 * derived from the resource), and it reads nothing the batch's later statements depend on through `changes()`.
 */
export function outboxStatement(type: WebhookOutEventType, source: SQL, at: number, shard: string | null = null): SQL {
  return sql`
    INSERT INTO webhook_outbox (id, account_id, event_id, type, resource_id, shard, created_at)
    SELECT ${outboxIdSql(type, sql`src.resource_id`)}, src.account_id, src.event_id, ${type}, src.resource_id, ${shard}, ${at}
    FROM (${source}) src
    WHERE EXISTS (
      SELECT 1 FROM webhook_subscriptions s
      WHERE s.account_id = src.account_id AND s.enabled = 1 AND (s.event_id IS NULL OR s.event_id = src.event_id)
        AND EXISTS (SELECT 1 FROM json_each(s.event_types) j WHERE j.value = ${type}))
    ON CONFLICT (id) DO NOTHING`;
}

/** The outbox rows for the orders `which` selects (a condition on `o`): placed, refunded, and their tickets. */
export function orderOutboxStatements(which: SQL, at: number): SQL[] {
  return [
    outboxStatement(
      "order.placed",
      sql`SELECT o.account_id, o.event_id, o.id AS resource_id FROM orders o
          WHERE ${which} AND o.status = 'placed' AND o.body -> '$.placed' IS NOT NULL`,
      at,
    ),
    outboxStatement(
      "order.refunded",
      sql`SELECT o.account_id, o.event_id, o.id AS resource_id FROM orders o WHERE ${which} AND o.status = 'refunded'`,
      at,
    ),
    outboxStatement(
      "ticket.issued",
      sql`SELECT t.account_id, t.event_id, t.id AS resource_id FROM tickets t
          WHERE t.order_id IN (SELECT o.id FROM orders o WHERE ${which}) AND t.status = 'valid'`,
      at,
    ),
  ];
}
