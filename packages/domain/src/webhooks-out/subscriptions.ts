import type { WebhookOutEventType } from "@greenroom/db/webapp/schema";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { authorize, authorizeAndRead, conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { openSecret, sealSecret } from "../commerce/secret-box";
import { type Ctx, unixSeconds } from "../context";
import { DomainError, invalid, notFound, parseInput } from "../errors";
import { newId } from "../ids";
import { commerceKeyring } from "../orders/keyring";
import { shardStatements } from "../shards/assign";
import {
  AccountWebhooksInput,
  CreateWebhookSubscriptionInput,
  SetWebhookSubscriptionEnabledInput,
  WebhookSubscriptionRef,
} from "./schemas";
import { newWebhookSecret } from "./signing";
import { checkOutboundUrl } from "./url-safety";

/** Subscriptions an account may have at once. */
export const MAX_SUBSCRIPTIONS = 20;

export type WebhookSubscription = {
  id: string;
  url: string;
  eventTypes: WebhookOutEventType[];
  eventId: string | null;
  eventName: string | null;
  enabled: boolean;
  disabledReason: string | null;
  createdAt: Date;
};

const webhooksOff = () =>
  new DomainError("conflict", "Outgoing webhooks are not configured on this server (COMMERCE_KEYS is not set).");

/** What a subscription's sealed secret is bound to: a sealed secret copied to another row does not open. */
export const secretContext = (accountId: string, subscriptionId: string) => ({ accountId, retailer: `webhook-out:${subscriptionId}` });

/** Opens a subscription's signing secret (the workers app, to sign a delivery). Never log what it returns. */
export async function openSubscriptionSecret(commerceKeys: string | null, sealed: string, accountId: string, subscriptionId: string) {
  const keyring = commerceKeyring(commerceKeys);
  if (!keyring) throw webhooksOff();
  return openSecret(keyring, sealed, secretContext(accountId, subscriptionId));
}

/**
 * Subscribes an HTTPS URL to some of the account's event types (`webhooks.manage`, account owners only), optionally
 * for one event of the account. The URL must be public (see checkOutboundUrl): a refusal is a field error on `url`
 * and writes nothing. The new signing secret is returned ONCE; only its sealed form is stored, and the audit row
 * names the URL and types, never the secret.
 */
export async function createWebhookSubscription({
  ctx,
  input,
  commerceKeys,
  allowLocalHttp = false,
}: {
  ctx: Ctx;
  input: z.input<typeof CreateWebhookSubscriptionInput>;
  commerceKeys: string | null;
  allowLocalHttp?: boolean;
}): Promise<{ subscriptionId: string; secret: string }> {
  const data = parseInput(CreateWebhookSubscriptionInput, input);
  const verdict = checkOutboundUrl(data.url, { allowLocalHttp });
  if (!verdict.ok) throw invalid("Some fields need attention", { url: [verdict.reason] });
  const keyring = commerceKeyring(commerceKeys);
  if (!keyring) throw webhooksOff();
  const access = await authorize(ctx, "webhooks.manage", { kind: "account", accountId: data.accountId });
  const id = newId();
  const secret = newWebhookSecret();
  const sealed = await sealSecret(keyring, secret, secretContext(access.accountId, id));
  const at = unixSeconds(ctx.now());
  const eventOk = data.eventId
    ? sql`EXISTS (SELECT 1 FROM events WHERE id = ${data.eventId} AND account_id = ${access.accountId} AND status <> 'deleting')`
    : sql`1`;
  const [inserted, , counts] = await batchStatements(ctx, [
    sql`
      INSERT INTO webhook_subscriptions (id, account_id, event_id, url, event_types, enabled, sealed_secret, created_at, updated_at)
      SELECT ${id}, ${access.accountId}, ${data.eventId ?? null}, ${verdict.url.toString()}, json(${JSON.stringify(data.eventTypes)}), 1,
             ${sealed}, ${at}, ${at}
      WHERE ${eventOk} AND (SELECT count(*) FROM webhook_subscriptions WHERE account_id = ${access.accountId}) < ${MAX_SUBSCRIPTIONS}`,
    conditionalAuditEntry(ctx, {
      accountId: access.accountId,
      action: "webhook_subscription.create",
      targetType: "webhook_subscription",
      targetId: id,
      after: { url: verdict.url.toString(), eventTypes: data.eventTypes, eventId: data.eventId ?? null },
    }),
    sql`SELECT count(*) AS n FROM webhook_subscriptions WHERE account_id = ${access.accountId}`,
    // The account's sessions shard, where its delivery log lives (assigned now if it has none yet).
    shardStatements(sql`${access.accountId}`, ctx.now())[0],
  ]);
  if (!inserted?.meta.changes) {
    const n = Number((counts?.results[0] as { n: number } | undefined)?.n ?? 0);
    if (n >= MAX_SUBSCRIPTIONS) throw new DomainError("conflict", `An account may have at most ${MAX_SUBSCRIPTIONS} webhook subscriptions.`);
    throw invalid("Some fields need attention", { eventId: ["No such event in this account"] });
  }
  return { subscriptionId: id, secret };
}

/** A new signing secret for a subscription (`webhooks.manage`), returned once; the old one stops signing at once. */
export async function rotateWebhookSecret({
  ctx,
  input,
  commerceKeys,
}: {
  ctx: Ctx;
  input: z.input<typeof WebhookSubscriptionRef>;
  commerceKeys: string | null;
}): Promise<{ secret: string }> {
  const data = parseInput(WebhookSubscriptionRef, input);
  const keyring = commerceKeyring(commerceKeys);
  if (!keyring) throw webhooksOff();
  const access = await authorize(ctx, "webhooks.manage", { kind: "account", accountId: data.accountId });
  const secret = newWebhookSecret();
  const sealed = await sealSecret(keyring, secret, secretContext(access.accountId, data.subscriptionId));
  const [updated] = await batchStatements(ctx, [
    sql`UPDATE webhook_subscriptions SET sealed_secret = ${sealed}, updated_at = ${unixSeconds(ctx.now())}
        WHERE id = ${data.subscriptionId} AND account_id = ${access.accountId}`,
    conditionalAuditEntry(ctx, {
      accountId: access.accountId,
      action: "webhook_subscription.rotate_secret",
      targetType: "webhook_subscription",
      targetId: data.subscriptionId,
    }),
  ]);
  if (!updated?.meta.changes) throw notFound("No such webhook subscription");
  return { secret };
}

/** Turns a subscription off (nothing more is sent to it) or back on (`webhooks.manage`). */
export async function setWebhookSubscriptionEnabled({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof SetWebhookSubscriptionEnabledInput>;
}): Promise<{ enabled: boolean }> {
  const data = parseInput(SetWebhookSubscriptionEnabledInput, input);
  const access = await authorize(ctx, "webhooks.manage", { kind: "account", accountId: data.accountId });
  const [updated] = await batchStatements(ctx, [
    sql`UPDATE webhook_subscriptions
        SET enabled = ${data.enabled ? 1 : 0}, disabled_reason = ${data.enabled ? null : "owner"}, updated_at = ${unixSeconds(ctx.now())}
        WHERE id = ${data.subscriptionId} AND account_id = ${access.accountId}`,
    conditionalAuditEntry(ctx, {
      accountId: access.accountId,
      action: data.enabled ? "webhook_subscription.enable" : "webhook_subscription.disable",
      targetType: "webhook_subscription",
      targetId: data.subscriptionId,
    }),
  ]);
  if (!updated?.meta.changes) throw notFound("No such webhook subscription");
  return { enabled: data.enabled };
}

/** Removes a subscription (`webhooks.manage`); deliveries under way find it gone and stop. */
export async function deleteWebhookSubscription({ ctx, input }: { ctx: Ctx; input: z.input<typeof WebhookSubscriptionRef> }): Promise<void> {
  const data = parseInput(WebhookSubscriptionRef, input);
  const access = await authorize(ctx, "webhooks.manage", { kind: "account", accountId: data.accountId });
  const [deleted] = await batchStatements(ctx, [
    sql`DELETE FROM webhook_subscriptions WHERE id = ${data.subscriptionId} AND account_id = ${access.accountId}`,
    conditionalAuditEntry(ctx, {
      accountId: access.accountId,
      action: "webhook_subscription.delete",
      targetType: "webhook_subscription",
      targetId: data.subscriptionId,
    }),
  ]);
  if (!deleted?.meta.changes) throw notFound("No such webhook subscription");
}

type SubscriptionRow = {
  id: string;
  url: string;
  event_types: string;
  event_id: string | null;
  event_name: string | null;
  enabled: number;
  disabled_reason: string | null;
  created_at: number;
};

/** The account's subscriptions, newest first (`webhooks.manage`); one round trip with the authorization. */
export async function listWebhookSubscriptions({ ctx, input }: { ctx: Ctx; input: z.input<typeof AccountWebhooksInput> }): Promise<WebhookSubscription[]> {
  const data = parseInput(AccountWebhooksInput, input);
  const [, rows] = await authorizeAndRead<SubscriptionRow>(
    ctx,
    "webhooks.manage",
    { kind: "account", accountId: data.accountId },
    sql`SELECT s.id, s.url, s.event_types, s.event_id, e.name AS event_name, s.enabled, s.disabled_reason, s.created_at
        FROM webhook_subscriptions s LEFT JOIN events e ON e.id = s.event_id
        WHERE s.account_id = ${data.accountId} ORDER BY s.created_at DESC, s.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    eventTypes: JSON.parse(r.event_types) as WebhookOutEventType[],
    eventId: r.event_id,
    eventName: r.event_name,
    enabled: r.enabled === 1,
    disabledReason: r.disabled_reason,
    createdAt: new Date(r.created_at * 1000),
  }));
}
