import { sql } from "drizzle-orm";
import type { z } from "zod";
import { conditionalAuditEntry, readBatch } from "../access";
import type { ApiCaller } from "../api-keys/api-keys";
import { authorizeKeyMaker, keyMakerWhere } from "../api-keys/api-keys";
import { permissionsForScopes } from "../api-keys/scopes";
import { batchStatements } from "../batch";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { forbidden, invalid, notFound, parseInput, unauthenticated } from "../errors";
import { newId } from "../ids";
import { AuthenticateOAuthGrantInput, GrantOAuthAppInput, ListOAuthGrantsInput, OAUTH_GRANT_DAYS, OAuthGrantIdInput } from "./schemas";

export type OAuthGrantView = {
  id: string;
  accountId: string;
  accountName: string;
  userId: string;
  userEmail: string;
  clientName: string;
  redirectHost: string;
  scopes: string[];
  eventIds: string[] | null;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  state: "active" | "expired" | "revoked";
};

function browserOnly(ctx: Ctx) {
  // An app may not authorize other apps or revoke grants: only the person, signed in, can.
  if (ctx.actor?.key) throw forbidden("Apps are authorized and revoked in the browser, not with a key or token");
}

/**
 * The grant behind an OAuth consent: the app acts as the signed-in user in one account, within the scopes and
 * events they chose, never more than the user may do at the time of each call (as an API key). The user must be a
 * verified member of the account (the API key maker's rule), the events the account's. One batch: the check, the
 * guarded insert and its audit row.
 */
export async function grantOAuthApp({ ctx, input }: { ctx: Ctx; input: z.input<typeof GrantOAuthAppInput> }) {
  browserOnly(ctx);
  const data = parseInput(GrantOAuthAppInput, input);
  const actor = requireActor(ctx);
  const id = newId();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + OAUTH_GRANT_DAYS * 86_400_000);
  const eventIds = data.eventIds.length > 0 ? data.eventIds : null;
  const eventsJson = JSON.stringify(eventIds ?? []);
  const knownEvents = sql`(SELECT COUNT(*) FROM events WHERE account_id = ${data.accountId}
                             AND id IN (SELECT value FROM json_each(${eventsJson})))`;
  const [, inserted] = await authorizeKeyMaker(ctx, data.accountId, [
    sql`SELECT 1`,
    sql`INSERT INTO oauth_grants (id, account_id, user_id, client_id, client_name, redirect_host, scopes, event_ids, expires_at, created_at)
        SELECT ${id}, ${data.accountId}, ${actor.userId}, ${data.clientId}, ${data.clientName}, ${data.redirectHost},
               ${JSON.stringify(data.scopes)}, ${eventIds ? eventsJson : null}, ${unixSeconds(expiresAt)}, ${unixSeconds(now)}
        WHERE ${keyMakerWhere(actor.userId, data.accountId)} AND ${knownEvents} = ${eventIds?.length ?? 0}`,
    conditionalAuditEntry(ctx, {
      accountId: data.accountId,
      action: "oauth_grant.create",
      targetType: "oauth_grant",
      targetId: id,
      after: { client: data.clientName, clientId: data.clientId, redirectHost: data.redirectHost, scopes: data.scopes, eventIds },
    }).getSQL(),
  ]);
  if ((inserted?.meta.changes ?? 0) === 0) throw invalid("Check the events", { eventIds: ["Pick events of this account"] });
  return { id, userId: actor.userId, accountId: data.accountId, scopes: data.scopes, eventIds, expiresAt };
}

/** The apps the actor authorized, and in accounts they own everyone's (so an owner can revoke them). Newest first. */
export async function listOAuthGrants({ ctx, input }: { ctx: Ctx; input: z.input<typeof ListOAuthGrantsInput> }): Promise<OAuthGrantView[]> {
  browserOnly(ctx);
  const { accountId } = parseInput(ListOAuthGrantsInput, input);
  const actor = requireActor(ctx);
  const [rows] = await readBatch(ctx, [visibleGrantsQuery(actor.userId, accountId)]);
  return oauthGrantViews(ctx, rows ?? []);
}

/** The grants a user may see (see `listOAuthGrants`), as one read for a page's batch. */
export function visibleGrantsQuery(userId: string, accountId?: string) {
  return sql`SELECT g.*, a.name AS account_name, u.email AS user_email FROM oauth_grants g
        JOIN accounts a ON a.id = g.account_id JOIN users u ON u.id = g.user_id
        WHERE (g.user_id = ${userId}
               OR EXISTS (SELECT 1 FROM account_ownership o WHERE o.account_id = g.account_id AND o.user_id = ${userId}))
          AND (${accountId ?? null} IS NULL OR g.account_id = ${accountId ?? null})
        ORDER BY g.created_at DESC, g.rowid DESC LIMIT 200`;
}

const date = (v: unknown) => (typeof v === "number" ? new Date(v * 1000) : null);

/** The rows of `visibleGrantsQuery` as views, their state as of the request. */
export function oauthGrantViews(ctx: Ctx, rows: unknown[]): OAuthGrantView[] {
  const now = unixSeconds(ctx.now());
  return rows.map((row) => {
    const r = row as Record<string, unknown>;
    return {
      id: String(r.id),
      accountId: String(r.account_id),
      accountName: String(r.account_name),
      userId: String(r.user_id),
      userEmail: String(r.user_email),
      clientName: String(r.client_name),
      redirectHost: String(r.redirect_host),
      scopes: JSON.parse(String(r.scopes)) as string[],
      eventIds: r.event_ids ? (JSON.parse(String(r.event_ids)) as string[]) : null,
      createdAt: date(r.created_at) as Date,
      expiresAt: date(r.expires_at) as Date,
      lastUsedAt: date(r.last_used_at),
      revokedAt: date(r.revoked_at),
      state: r.revoked_at ? "revoked" : Number(r.expires_at) <= now ? "expired" : "active",
    };
  });
}

/**
 * Revokes an authorized app at once: every call of its tokens checks the grant in SQL, so the next one writes and
 * reads nothing (and gets 401). Its user or an owner of its account may; anyone else gets not_found. Answers the
 * grant's user, so the caller can drop the provider's tokens too.
 */
export async function revokeOAuthGrant({ ctx, input }: { ctx: Ctx; input: z.input<typeof OAuthGrantIdInput> }) {
  browserOnly(ctx);
  const { grantId } = parseInput(OAuthGrantIdInput, input);
  const actor = requireActor(ctx);
  const may = sql`(g.user_id = ${actor.userId}
    OR EXISTS (SELECT 1 FROM account_ownership o WHERE o.account_id = g.account_id AND o.user_id = ${actor.userId}))`;
  const [seen, updated] = await authorizeGrantManager(ctx, grantId, may, [
    sql`UPDATE oauth_grants AS g SET revoked_at = ${unixSeconds(ctx.now())}
        WHERE g.id = ${grantId} AND g.revoked_at IS NULL AND ${may}`,
    conditionalAuditEntry(ctx, {
      accountId: sql`(SELECT account_id FROM oauth_grants WHERE id = ${grantId})`,
      action: "oauth_grant.revoke",
      targetType: "oauth_grant",
      targetId: grantId,
    }).getSQL(),
  ]);
  const row = seen?.results[0] as { user_id: string } | undefined;
  return { revoked: (updated?.meta.changes ?? 0) > 0, userId: String(row?.user_id) };
}

/** Like the API keys' manager check: `may` over the grant as `g`, in the batch with the guarded writes. */
async function authorizeGrantManager(ctx: Ctx, grantId: string, may: ReturnType<typeof sql>, writes: ReturnType<typeof sql>[]) {
  const [seen, ...results] = await batchStatements(ctx, [sql`SELECT g.user_id FROM oauth_grants g WHERE g.id = ${grantId} AND ${may}`, ...writes]);
  if ((seen?.results.length ?? 0) === 0) throw notFound("Authorized app not found");
  return [seen, ...results] as const;
}

// verb-exempt: authentication itself (the provider checked the token); it writes only last use and refused-use audit rows
/**
 * The caller an OAuth access token stands for, from the grant its props name: the user and the grant's limits, as
 * an API key's (`kind: "oauth"`). A revoked or expired grant, or a user who cannot sign in any more, is
 * unauthenticated, with an audit row. One D1 round trip; the last use is written after the response.
 */
export async function authenticateOAuthGrant({
  ctx,
  input,
  defer,
}: {
  ctx: Ctx;
  input: z.input<typeof AuthenticateOAuthGrantInput>;
  defer: (task: Promise<unknown>) => void;
}): Promise<ApiCaller> {
  const { grantId, userId } = parseInput(AuthenticateOAuthGrantInput, input);
  const now = unixSeconds(ctx.now());
  const [found] = await batchStatements(ctx, [
    sql`SELECT g.id, g.account_id, g.user_id, g.scopes, g.event_ids, g.expires_at, g.revoked_at, g.last_used_at,
               u.disabled_at, u.deleting_at, u.email_verified_at
        FROM oauth_grants g JOIN users u ON u.id = g.user_id WHERE g.id = ${grantId} AND g.user_id = ${userId}`,
  ]);
  const row = found?.results[0] as Record<string, unknown> | undefined;
  if (!row) throw unauthenticated("Unknown or revoked access token");
  const reason = row.revoked_at
    ? "revoked"
    : Number(row.expires_at) <= now
      ? "expired"
      : row.disabled_at || row.deleting_at || !row.email_verified_at
        ? "user_inactive"
        : null;
  const accountId = String(row.account_id);
  if (reason) {
    defer(
      batchStatements(ctx, [
        sql`INSERT INTO audit_log (id, account_id, actor_id, action, target_type, target_id, after, created_at)
            VALUES (${newId()}, ${accountId}, ${userId}, 'oauth_grant.refused', 'oauth_grant', ${grantId},
                    ${JSON.stringify({ reason })}, ${now})`,
      ]).catch(() => undefined),
    );
    throw unauthenticated(reason === "expired" ? "This app's authorization has expired" : "Unknown or revoked access token");
  }
  if (!(Number(row.last_used_at) > now - 60)) {
    defer(
      batchStatements(ctx, [
        sql`UPDATE oauth_grants SET last_used_at = ${now} WHERE id = ${grantId} AND (last_used_at IS NULL OR last_used_at < ${now - 60})`,
      ]).catch(() => undefined),
    );
  }
  const scopes = JSON.parse(String(row.scopes)) as string[];
  const eventIds = row.event_ids ? (JSON.parse(String(row.event_ids)) as string[]) : null;
  return {
    userId,
    scopes,
    key: { id: grantId, kind: "oauth", accountId, permissions: permissionsForScopes(scopes), eventIds, secretHash: "", asOf: now },
  };
}
