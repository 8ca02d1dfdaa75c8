import type { WebhookOutEventType } from "@greenroom/db/webapp/schema";
import type { WebhookDelivery } from "@greenroom/stage/contract";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { authorize, authorizeAndRead, conditionalAuditEntry } from "../access";
import { ownedAccountReads } from "../pages/owned-account";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { DomainError, notFound, parseInput } from "../errors";
import { Id, OptionalId } from "../ids";
import { testEventId } from "./delivery-source";
import { WebhookSubscriptionRef } from "./schemas";
import type { WebhookSubscription } from "./subscriptions";

export const WebhooksPageInput = z.object({ accountId: z.string().max(64).optional(), subscriptionId: OptionalId });

export type WebhooksPage = {
  /** The account shown: the preferred one if the actor owns it, else their first; null if they own none. */
  account: { id: string; name: string } | null;
  subscriptions: WebhookSubscription[];
  /** The account's events, for the "only this event" choice. */
  events: { id: string; name: string }[];
  /** The chosen subscription's delivery log (newest first), when one is chosen. */
  deliveries: { subscriptionId: string; entries: WebhookDelivery[] } | null;
};

type SubscriptionRow = {
  shard: string | null;
  id: string | null;
  url: string;
  event_types: string;
  event_id: string | null;
  event_name: string | null;
  enabled: number;
  disabled_reason: string | null;
  created_at: number;
};

/**
 * The account's Webhooks page (/account/webhooks): its subscriptions, its events (for the form) and, for a chosen
 * subscription of this account, its delivery log from the workers app. One D1 batch: ownership of the account is
 * the authorization (`webhooks.manage` comes only with it).
 */
export async function webhooksPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof WebhooksPageInput> }): Promise<WebhooksPage> {
  const data = parseInput(WebhooksPageInput, input);
  const { account, rows } = await ownedAccountReads<[SubscriptionRow[], { id: string; name: string }[]]>(ctx, data.accountId, (chosen) => [
    sql`SELECT x.shard_id AS shard, s.id, s.url, s.event_types, s.event_id, e.name AS event_name, s.enabled,
               s.disabled_reason, s.created_at
        FROM accounts a LEFT JOIN account_shards x ON x.account_id = a.id
        LEFT JOIN webhook_subscriptions s ON s.account_id = a.id LEFT JOIN events e ON e.id = s.event_id
        WHERE a.id = ${chosen} ORDER BY s.created_at DESC, s.id`,
    sql`SELECT id, name FROM events WHERE account_id = ${chosen} AND status <> 'deleting' ORDER BY created_at DESC LIMIT 200`,
  ]);
  if (!account) return { account: null, subscriptions: [], events: [], deliveries: null };
  const [subscriptionRows, events] = rows;
  const subscriptions = subscriptionRows
    .filter((r) => r.id)
    .map((r) => ({
      id: r.id ?? "",
      url: r.url,
      eventTypes: JSON.parse(r.event_types) as WebhookOutEventType[],
      eventId: r.event_id,
      eventName: r.event_name,
      enabled: r.enabled === 1,
      disabledReason: r.disabled_reason,
      createdAt: new Date(r.created_at * 1000),
    }));
  let deliveries: WebhooksPage["deliveries"] = null;
  const chosen = subscriptions.find((s) => s.id === data.subscriptionId);
  const shard = subscriptionRows[0]?.shard;
  if (chosen) {
    const log = shard ? await ctx.stage.webhookDeliveries({ shard, accountId: account.id, subscriptionId: chosen.id }) : null;
    deliveries = { subscriptionId: chosen.id, entries: log?.ok ? log.value : [] };
  }
  return { account: { id: account.id, name: account.name }, subscriptions, events, deliveries };
}

/**
 * Sends a test event (`webhook.test`) to one subscription of the account (`webhooks.manage`): an outbox row of its
 * own with an audit row, then the workers app is asked to dispatch now (if that fails, the cron does it).
 */
export async function sendTestWebhook({ ctx, input }: { ctx: Ctx; input: z.input<typeof WebhookSubscriptionRef> }): Promise<{ messageId: string }> {
  const data = parseInput(WebhookSubscriptionRef, input);
  const access = await authorize(ctx, "webhooks.manage", { kind: "account", accountId: data.accountId });
  const messageId = testEventId();
  const [inserted] = await batchStatements(ctx, [
    sql`
      INSERT INTO webhook_outbox (id, account_id, event_id, type, resource_id, shard, created_at)
      SELECT ${messageId}, account_id, event_id, 'webhook.test', id, NULL, ${unixSeconds(ctx.now())}
      FROM webhook_subscriptions WHERE id = ${data.subscriptionId} AND account_id = ${access.accountId} AND enabled = 1`,
    conditionalAuditEntry(ctx, {
      accountId: access.accountId,
      action: "webhook_subscription.test",
      targetType: "webhook_subscription",
      targetId: data.subscriptionId,
    }),
  ]);
  if (!inserted?.meta.changes) throw notFound("No such enabled webhook subscription");
  await ctx.stage.dispatchWebhooks().catch(() => null);
  return { messageId };
}

export const RedeliverInput = z.object({ accountId: Id, deliveryId: Id });

/** Sends a logged delivery of the account again, with the same webhook-id (`webhooks.manage`). */
export async function redeliverWebhook({ ctx, input }: { ctx: Ctx; input: z.input<typeof RedeliverInput> }): Promise<{ deliveryId: string }> {
  const data = parseInput(RedeliverInput, input);
  const [, rows] = await authorizeAndRead<{ shard_id: string }>(
    ctx,
    "webhooks.manage",
    { kind: "account", accountId: data.accountId },
    sql`SELECT shard_id FROM account_shards WHERE account_id = ${data.accountId}`,
  );
  const shard = rows[0]?.shard_id;
  if (!shard) throw notFound("No such delivery");
  const result = await ctx.stage.redeliverWebhook({ shard, accountId: data.accountId, deliveryId: data.deliveryId });
  if (!result.ok) throw new DomainError("conflict", "The delivery could not be started again. Try again in a minute.");
  if (!result.value.deliveryId) throw notFound("No such delivery");
  return { deliveryId: result.value.deliveryId };
}
