import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { authorize, conditionalAuditEntry, requireEditableEvent } from "../access";
import { batchStatements } from "../batch";
import { sealSecret } from "../commerce/secret-box";
import { commerceKeyring } from "./keyring";
import { type Ctx, unixSeconds } from "../context";
import { DomainError, parseInput } from "../errors";
import { SaveRetailerConnectionInput } from "./schemas";

export const commerceOff = () =>
  new DomainError("conflict", "Retailer connections are not configured on this server (COMMERCE_KEYS is not set).");

/**
 * Saves the account's webhook secret for a retailer (and Eventbrite's API token), sealed with AES-GCM under the
 * current COMMERCE_KEYS version and bound to the account and retailer. Needs `orders.manage` on an event of the
 * account (connections are per account; each event has its own endpoint URL). The secret is never returned, logged
 * or audited: the audit row says only that it changed. Saving again replaces it.
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
  const access = await authorize(ctx, "orders.manage", { kind: "event", eventId: data.eventId });
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
