import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { authorize, conditionalAuditEntry, requireEditableEvent } from "../access";
import { batchStatements } from "../batch";
import { sealSecret } from "../commerce/secret-box";
import { commerceKeyring } from "./keyring";
import { type Ctx, unixSeconds } from "../context";
import { DomainError, parseInput } from "../errors";
import { Id } from "../ids";
import { SaveRetailerConnectionInput, WebhookRetailer } from "./schemas";

export const commerceOff = () =>
  new DomainError("conflict", "Retailer connections are not configured on this server (COMMERCE_KEYS is not set).");

/**
 * Saves the account's webhook secret for a retailer (and Eventbrite's API token), sealed with AES-GCM under the
 * current COMMERCE_KEYS version and bound to the account and retailer. A connection is account-wide (every event of
 * the account trusts it; each event has its own endpoint URL), so it needs `retailers.manage`, an account-level
 * permission only ownership carries: an event admin (`orders.manage` on one event) is refused (forbidden) and nothing
 * changes. The secret is never returned, logged or audited: the audit row says only that it changed. Saving again
 * replaces it.
 */
export async function saveRetailerConnection({
  ctx,
  input,
  commerceKeys,
}: {
  ctx: Ctx;
  input: z.input<typeof SaveRetailerConnectionInput>;
  /** The Worker's COMMERCE_KEYS (null when unset: connections cannot be saved). */
  commerceKeys: string | null;
}): Promise<{ retailer: string }> {
  const data = parseInput(SaveRetailerConnectionInput, input);
  const keyring = commerceKeyring(commerceKeys);
  if (!keyring) throw commerceOff();
  const access = await authorize(ctx, "retailers.manage", { kind: "event", eventId: data.eventId });
  requireEditableEvent(access);
  const context = { accountId: access.accountId, retailer: data.retailer };
  const sealed = data.secret ? await sealSecret(keyring, data.secret, context) : null;
  const sealedToken = data.apiToken ? await sealSecret(keyring, data.apiToken, context) : null;
  const at = unixSeconds(ctx.now());
  await batchStatements(ctx, [
    sql`
      INSERT INTO retailer_connections (id, account_id, retailer, sealed_secret, sealed_api_token, created_at, updated_at)
      VALUES (${createId()}, ${access.accountId}, ${data.retailer}, ${sealed}, ${sealedToken}, ${at}, ${at})
      ON CONFLICT (account_id, retailer) DO UPDATE SET
        sealed_secret = coalesce(excluded.sealed_secret, retailer_connections.sealed_secret),
        sealed_api_token = coalesce(excluded.sealed_api_token, retailer_connections.sealed_api_token),
        updated_at = excluded.updated_at`,
    conditionalAuditEntry(ctx, {
      accountId: access.accountId,
      action: "retailer_connection.save",
      targetType: "retailer_connection",
      targetId: `${access.accountId}:${data.retailer}`,
      after: { retailer: data.retailer, secret: data.secret ? "(sealed)" : null, apiToken: data.apiToken ? "(sealed)" : null },
    }),
  ]);
  return { retailer: data.retailer };
}

export const RemoveRetailerConnectionInput = z.object({ eventId: Id, retailer: WebhookRetailer });

/**
 * Removes the account's connection for a retailer (its sealed secret and token go; its webhooks then answer 404).
 * Account owners only (`retailers.manage`), like saving one. Removing a connection that does not exist changes nothing.
 */
export async function removeRetailerConnection({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof RemoveRetailerConnectionInput>;
}): Promise<{ retailer: string; removed: boolean }> {
  const data = parseInput(RemoveRetailerConnectionInput, input);
  const access = await authorize(ctx, "retailers.manage", { kind: "event", eventId: data.eventId });
  const [removed] = await batchStatements(ctx, [
    sql`DELETE FROM retailer_connections WHERE account_id = ${access.accountId} AND retailer = ${data.retailer}`,
    conditionalAuditEntry(ctx, {
      accountId: access.accountId,
      action: "retailer_connection.remove",
      targetType: "retailer_connection",
      targetId: `${access.accountId}:${data.retailer}`,
      after: { retailer: data.retailer },
    }),
  ]);
  return { retailer: data.retailer, removed: (removed?.meta.changes ?? 0) > 0 };
}
