import type { WebappDb } from "@greenroom/db/webapp/client";
import { prepareSql } from "@greenroom/db/raw";
import { type SQL, sql } from "drizzle-orm";
import { newId } from "../ids";
import { outboxId } from "./outbox-sql";

// The webapp-side reads and writes of the delivery Workflows and their dispatcher (the workers app, no actor: a
// subscription's owner authorized it when they created it). The sessions-side delivery log is @greenroom/stage's.

/** One outbox event to one subscription: what a delivery Workflow is started with. */
export type DeliveryTarget = {
  messageId: string;
  accountId: string;
  subscriptionId: string;
  type: string;
  resourceId: string;
  eventId: string | null;
  /** The account's sessions shard (its delivery log), null if none is assigned yet. */
  shard: string | null;
  /** Where the resource lives on the sessions side (recording.stopped, clip.ready). */
  resourceShard: string | null;
  createdAt: number;
};

const all = async <T>(db: WebappDb, query: SQL) => ((await prepareSql(db, query).all()).results ?? []) as T[];

/**
 * The oldest undispatched outbox events (at most `limit`), each with every enabled subscription of its account that
 * wants it now; an event no subscription wants any more comes back once with `subscriptionId` empty (it is marked
 * dispatched all the same).
 */
export async function pendingDeliveries(db: WebappDb, limit: number): Promise<DeliveryTarget[]> {
  type Row = {
    id: string;
    account_id: string;
    type: string;
    resource_id: string;
    event_id: string | null;
    resource_shard: string | null;
    created_at: number;
    subscription_id: string | null;
    shard: string | null;
  };
  const rows = await all<Row>(
    db,
    sql`
      SELECT o.id, o.account_id, o.type, o.resource_id, o.event_id, o.shard AS resource_shard, o.created_at,
             s.id AS subscription_id, x.shard_id AS shard
      FROM (SELECT * FROM webhook_outbox WHERE dispatched_at IS NULL ORDER BY created_at, id LIMIT ${limit}) o
      LEFT JOIN webhook_subscriptions s ON s.account_id = o.account_id AND s.enabled = 1
        AND (CASE WHEN o.type = 'webhook.test' THEN s.id = o.resource_id
             ELSE (s.event_id IS NULL OR s.event_id = o.event_id)
                  AND EXISTS (SELECT 1 FROM json_each(s.event_types) j WHERE j.value = o.type) END)
      LEFT JOIN account_shards x ON x.account_id = o.account_id
      ORDER BY o.created_at, o.id, s.id`,
  );
  return rows.map((r) => ({
    messageId: r.id,
    accountId: r.account_id,
    subscriptionId: r.subscription_id ?? "",
    type: r.type,
    resourceId: r.resource_id,
    eventId: r.event_id,
    shard: r.shard,
    resourceShard: r.resource_shard,
    createdAt: r.created_at,
  }));
}

/** Marks outbox events dispatched once their delivery Workflows exist (one JSON parameter for the ids). */
export async function markDispatched(db: WebappDb, messageIds: string[], at: number): Promise<void> {
  if (messageIds.length === 0) return;
  await prepareSql(
    db,
    sql`UPDATE webhook_outbox SET dispatched_at = ${at}
        WHERE dispatched_at IS NULL AND id IN (SELECT value FROM json_each(${JSON.stringify(messageIds)}))`,
  ).run();
}

/** What a delivery attempt needs of its subscription now; null when it was deleted. */
export type SubscriptionForDelivery = { url: string; enabled: boolean; sealedSecret: string };

export async function subscriptionForDelivery(db: WebappDb, accountId: string, subscriptionId: string): Promise<SubscriptionForDelivery | null> {
  const [row] = await all<{ url: string; enabled: number; sealed_secret: string }>(
    db,
    sql`SELECT url, enabled, sealed_secret FROM webhook_subscriptions WHERE id = ${subscriptionId} AND account_id = ${accountId}`,
  );
  return row ? { url: row.url, enabled: row.enabled === 1, sealedSecret: row.sealed_secret } : null;
}

/** The receiver answered 410 Gone: the subscription is disabled (and says why), with an audit row by no actor. */
export async function disableGoneSubscription(db: WebappDb, accountId: string, subscriptionId: string, at: number): Promise<void> {
  await db.$client.batch([
    prepareSql(
      db,
      sql`UPDATE webhook_subscriptions SET enabled = 0, disabled_reason = 'gone', updated_at = ${at}
          WHERE id = ${subscriptionId} AND account_id = ${accountId} AND enabled = 1`,
    ),
    prepareSql(
      db,
      sql`INSERT INTO audit_log (id, account_id, actor_id, action, target_type, target_id, before, after, created_at)
          SELECT ${newId()}, ${accountId}, NULL, 'webhook_subscription.disable', 'webhook_subscription', ${subscriptionId},
                 NULL, ${JSON.stringify({ reason: "410 Gone" })}, ${at}
          WHERE changes() > 0`,
    ),
  ]);
}

/** The API path of a resource (the REST API serves it; see docs/webhooks-out.md). */
const apiPath = (eventId: string | null, kind: string, id: string) =>
  eventId ? `/api/v1/events/${eventId}/${kind}/${id}` : `/api/v1/${kind}/${id}`;

/**
 * The `data` of a webapp-side event, read now (so it carries the resource as it is at delivery time), with its API
 * URL; null when the resource is gone (deleted with its event). Never secrets; the holder's address is the
 * account's own data.
 */
export async function webappResource(db: WebappDb, target: Pick<DeliveryTarget, "type" | "resourceId" | "accountId" | "subscriptionId">) {
  const { type, resourceId: id, accountId } = target;
  if (type === "webhook.test") return { subscriptionId: id, message: "A test event from Greenroom" };
  if (type.startsWith("order.")) {
    const [o] = await all<Record<string, unknown>>(
      db,
      sql`SELECT o.id, o.event_id, o.retailer, o.external_order_id, o.status, o.buyer_email, o.body ->> '$.buyerName' AS buyer_name,
                 o.body ->> '$.amount' AS amount, o.body ->> '$.currency' AS currency, o.created_at, o.updated_at,
                 (SELECT json_group_array(json_object('ticketTypeId', l.ticket_type_id, 'quantity', l.quantity, 'refunded', l.refunded))
                  FROM order_lines l WHERE l.order_id = o.id) AS lines
          FROM orders o WHERE o.id = ${id} AND o.account_id = ${accountId}`,
    );
    if (!o) return null;
    const eventId = o.event_id as string | null;
    return {
      id,
      eventId,
      retailer: o.retailer,
      externalOrderId: o.external_order_id,
      status: o.status,
      buyerEmail: o.buyer_email,
      buyerName: o.buyer_name,
      amount: o.amount === null ? null : Number(o.amount),
      currency: o.currency,
      lines: JSON.parse(String(o.lines ?? "[]")),
      createdAt: new Date(Number(o.created_at) * 1000).toISOString(),
      updatedAt: new Date(Number(o.updated_at) * 1000).toISOString(),
      url: apiPath(eventId, "orders", id),
    };
  }
  const [t] = await all<Record<string, unknown>>(
    db,
    sql`SELECT t.id, t.event_id, t.ticket_type_id, tt.name AS ticket_type_name, t.source, t.order_id, t.holder_email,
               t.holder_name, t.status, t.checked_in_at, t.created_at
        FROM tickets t JOIN ticket_types tt ON tt.id = t.ticket_type_id WHERE t.id = ${id} AND t.account_id = ${accountId}`,
  );
  if (!t) return null;
  const eventId = t.event_id as string;
  return {
    id,
    eventId,
    ticketTypeId: t.ticket_type_id,
    ticketTypeName: t.ticket_type_name,
    source: t.source,
    orderId: t.order_id,
    holderEmail: t.holder_email,
    holderName: t.holder_name,
    status: t.status,
    checkedInAt: t.checked_in_at === null ? null : new Date(Number(t.checked_in_at) * 1000).toISOString(),
    createdAt: new Date(Number(t.created_at) * 1000).toISOString(),
    url: apiPath(eventId, "attendees", id),
  };
}

/**
 * Outbox rows for events that happen on the sessions side (recording.stopped, clip.ready), written by the workers
 * app's Workflow step right after the change it reports; keyed like every outbox row, so a retried step adds none.
 */
export async function emitSessionsEvents(
  db: WebappDb,
  events: { type: "recording.stopped" | "clip.ready"; accountId: string; eventId: string; resourceId: string; shard: string }[],
  at: number,
): Promise<void> {
  if (events.length === 0) return;
  const rows = JSON.stringify(events.map((e) => ({ ...e, id: outboxId(e.type, e.resourceId) })));
  await prepareSql(
    db,
    sql`
      INSERT INTO webhook_outbox (id, account_id, event_id, type, resource_id, shard, created_at)
      SELECT j.value ->> '$.id', j.value ->> '$.accountId', j.value ->> '$.eventId', j.value ->> '$.type',
             j.value ->> '$.resourceId', j.value ->> '$.shard', ${at}
      FROM json_each(${rows}) j
      WHERE EXISTS (
        SELECT 1 FROM webhook_subscriptions s
        WHERE s.account_id = j.value ->> '$.accountId' AND s.enabled = 1
          AND (s.event_id IS NULL OR s.event_id = j.value ->> '$.eventId')
          AND EXISTS (SELECT 1 FROM json_each(s.event_types) t WHERE t.value = j.value ->> '$.type'))
      ON CONFLICT (id) DO NOTHING`,
  ).run();
}

/** A test event for one subscription (its own outbox row, a fresh id each time). */
export const testEventId = () => `evt_test_${newId()}`;
