import { sql } from "drizzle-orm";
import { z } from "zod";
import { readBatch } from "../access";
import { type ApiKeyView, apiKeyViews, visibleKeysQuery } from "../api-keys/api-keys";
import { type Ctx, requireActor } from "../context";
import { parseInput } from "../errors";
import { type OAuthGrantView, oauthGrantViews, visibleGrantsQuery } from "../oauth/grants";

export const ApiKeysPageInput = z.object({});

export type ApiKeysPageData = {
  /** Keys are for verified addresses only; the page says so instead of showing the form. */
  verified: boolean;
  keys: ApiKeyView[];
  /** The apps authorized over OAuth that the actor may see (as `listOAuthGrants` gives them). */
  grants: OAuthGrantView[];
  /** The accounts the actor may make a key in: owned ones, and those where they hold a grant on an event. */
  accounts: { id: string; name: string }[];
  /** The events a key may be limited to: those of owned accounts, and those the actor holds a grant on. */
  events: { id: string; name: string; accountId: string }[];
};

/**
 * The API keys page (/account/api-keys): the keys the actor may see (as `listApiKeys` gives them), the apps they
 * authorized, and what the create form offers (as `createApiKey` checks it). The OAuth consent page offers the same
 * accounts and events (as `grantOAuthApp` checks them). One round trip.
 */
export async function apiKeysPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof ApiKeysPageInput> }): Promise<ApiKeysPageData> {
  parseInput(ApiKeysPageInput, input);
  const userId = requireActor(ctx).userId;
  const mine = sql`(EXISTS (SELECT 1 FROM account_ownership o WHERE o.account_id = a.id AND o.user_id = ${userId})
    OR EXISTS (SELECT 1 FROM access_grants g JOIN events ge ON ge.id = g.event_id WHERE ge.account_id = a.id AND g.user_id = ${userId}))`;
  const [user, keys, accounts, events, grants] = await readBatch(ctx, [
    sql`SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE id = ${userId}`,
    visibleKeysQuery(userId),
    sql`SELECT a.id, a.name FROM accounts a WHERE ${mine} ORDER BY a.kind DESC, a.created_at ASC LIMIT 100`,
    sql`SELECT e.id, e.name, e.account_id AS accountId FROM events e
        WHERE e.status <> 'deleting'
          AND (EXISTS (SELECT 1 FROM account_ownership o WHERE o.account_id = e.account_id AND o.user_id = ${userId})
               OR EXISTS (SELECT 1 FROM access_grants g WHERE g.event_id = e.id AND g.user_id = ${userId}))
        ORDER BY e.starts_at DESC, e.id LIMIT 200`,
    visibleGrantsQuery(userId),
  ]);
  return {
    verified: Boolean((user?.[0] as { verified?: number } | undefined)?.verified),
    keys: apiKeyViews(ctx, keys ?? []),
    grants: oauthGrantViews(ctx, grants ?? []),
    accounts: (accounts ?? []) as ApiKeysPageData["accounts"],
    events: (events ?? []) as ApiKeysPageData["events"],
  };
}
