import type { z } from "zod";
import { sql } from "drizzle-orm";
import { conditionalAuditEntry, readBatch } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, type KeyLimits, requireActor, unixSeconds } from "../context";
import { forbidden, invalid, notFound, parseInput, unauthenticated } from "../errors";
import { newId } from "../ids";
import { ipKeyPart } from "../limits";
import { apiKeyDisplay, apiKeyLooksValid, hashApiKeySecret, mintApiKeySecret } from "./key-format";
import {
  API_KEYS_PER_USER_AND_ACCOUNT,
  ApiKeyIdInput,
  AuthenticateApiKeyInput,
  CreateApiKeyInput,
  ListApiKeysInput,
  RollApiKeyInput,
} from "./schemas";
import { permissionsForScopes } from "./scopes";

export type ApiKeyView = {
  id: string;
  accountId: string;
  accountName: string;
  userId: string;
  userEmail: string;
  name: string;
  display: string;
  scopes: string[];
  eventIds: string[] | null;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  previousExpiresAt: Date | null;
  createdAt: Date;
  /** "active", "expired" or "revoked", as of the request. */
  state: "active" | "expired" | "revoked";
};

function hashSecretOf(ctx: Ctx): string {
  if (!ctx.apiKeyHashSecret) throw new Error("API keys need the Worker's AUTH_SECRET in the domain context");
  return ctx.apiKeyHashSecret;
}

function noKeys(ctx: Ctx) {
  // A program may not mint, roll or revoke keys: only a person signed in with their password or mail link can.
  if (ctx.actor?.key) throw forbidden("API keys are managed in the browser, not with an API key");
}

/**
 * Who may make a key in an account: a verified, active user who owns it or holds a grant on one of its events. What
 * the key may then do is never more than what that user may do at the time of each call.
 */
export function keyMakerWhere(userId: string, accountId: string) {
  return sql`EXISTS (
    SELECT 1 FROM users u WHERE u.id = ${userId} AND u.email_verified_at IS NOT NULL AND u.disabled_at IS NULL
      AND u.deleting_at IS NULL
      AND (EXISTS (SELECT 1 FROM account_ownership o WHERE o.account_id = ${accountId} AND o.user_id = u.id)
        OR EXISTS (SELECT 1 FROM access_grants g JOIN events e ON e.id = g.event_id
                   WHERE e.account_id = ${accountId} AND g.user_id = u.id)))`;
}

/**
 * The key-maker check and the key's write in one batch: `authorizeKeyMaker` runs the check together with the
 * guarded statements (each repeats the check in SQL, so nothing is written for someone who may not) and tells the
 * refusal apart afterwards.
 */
export async function authorizeKeyMaker(ctx: Ctx, accountId: string, writes: ReturnType<typeof sql>[]) {
  const actor = requireActor(ctx);
  const [check, ...results] = await batchStatements(ctx, [
    sql`SELECT
          (SELECT email_verified_at IS NOT NULL FROM users WHERE id = ${actor.userId}) AS verified,
          ${keyMakerWhere(actor.userId, accountId)} AS maker`,
    ...writes,
  ]);
  const row = check?.results[0] as { verified: number | null; maker: number } | undefined;
  if (!row?.maker) {
    if (!row?.verified) throw forbidden("Verify your email address first: API keys are for verified addresses only.");
    throw notFound("Account not found");
  }
  return results;
}

/** Creates a key; the secret is in the answer once and never again (only its keyed hash is stored). */
export async function createApiKey({ ctx, input }: { ctx: Ctx; input: z.input<typeof CreateApiKeyInput> }) {
  noKeys(ctx);
  const data = parseInput(CreateApiKeyInput, input);
  const actor = requireActor(ctx);
  const secret = mintApiKeySecret();
  const id = newId();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + data.expiresInDays * 86_400_000);
  const eventIds = data.eventIds.length > 0 ? data.eventIds : null;
  const eventsJson = JSON.stringify(eventIds ?? []);
  const [check, inserted] = await authorizeKeyMaker(ctx, data.accountId, [
    sql`SELECT
          (SELECT COUNT(*) FROM events WHERE account_id = ${data.accountId}
             AND id IN (SELECT value FROM json_each(${eventsJson}))) AS known_events,
          (SELECT COUNT(*) FROM api_keys WHERE account_id = ${data.accountId} AND user_id = ${actor.userId}
             AND revoked_at IS NULL AND expires_at > ${unixSeconds(now)}) AS active_keys`,
    sql`INSERT INTO api_keys (id, account_id, user_id, name, display, secret_hash, scopes, event_ids, expires_at, created_at)
        SELECT ${id}, ${data.accountId}, ${actor.userId}, ${data.name}, ${apiKeyDisplay(secret)},
               ${await hashApiKeySecret(hashSecretOf(ctx), secret)}, ${JSON.stringify(data.scopes)},
               ${eventIds ? eventsJson : null}, ${unixSeconds(expiresAt)}, ${unixSeconds(now)}
        WHERE ${keyMakerWhere(actor.userId, data.accountId)}
          AND (SELECT COUNT(*) FROM events WHERE account_id = ${data.accountId}
                 AND id IN (SELECT value FROM json_each(${eventsJson}))) = ${eventIds?.length ?? 0}
          AND (SELECT COUNT(*) FROM api_keys WHERE account_id = ${data.accountId} AND user_id = ${actor.userId}
                 AND revoked_at IS NULL AND expires_at > ${unixSeconds(now)}) < ${API_KEYS_PER_USER_AND_ACCOUNT}`,
    conditionalAuditEntry(ctx, {
      accountId: data.accountId,
      action: "api_key.create",
      targetType: "api_key",
      targetId: id,
      after: { name: data.name, scopes: data.scopes, eventIds, expiresAt: expiresAt.toISOString() },
    }).getSQL(),
  ]);
  if ((inserted?.meta.changes ?? 0) === 0) {
    const counts = check?.results[0] as { known_events: number; active_keys: number } | undefined;
    if ((counts?.known_events ?? 0) !== (eventIds?.length ?? 0)) {
      throw invalid("Check the events", { eventIds: ["Pick events of this account"] });
    }
    throw invalid(`You hold ${API_KEYS_PER_USER_AND_ACCOUNT} active keys in this account; revoke one first`, {
      _form: [`You hold ${API_KEYS_PER_USER_AND_ACCOUNT} active keys in this account; revoke one first`],
    });
  }
  return { id, secret, display: apiKeyDisplay(secret), expiresAt, scopes: data.scopes, eventIds };
}

/**
 * The keys the actor may see: their own, and in accounts they own, everyone's (so an owner can revoke a key a
 * departed colleague made). Optionally one account. Newest first.
 */
export async function listApiKeys({ ctx, input }: { ctx: Ctx; input: z.input<typeof ListApiKeysInput> }): Promise<ApiKeyView[]> {
  noKeys(ctx);
  const { accountId } = parseInput(ListApiKeysInput, input);
  const actor = requireActor(ctx);
  const [result] = await readBatch(ctx, [visibleKeysQuery(actor.userId, accountId)]);
  return apiKeyViews(ctx, result ?? []);
}

/** The keys a user may see (see `listApiKeys`), as one read for a page's batch. */
export function visibleKeysQuery(userId: string, accountId?: string) {
  return sql`SELECT k.*, a.name AS account_name, u.email AS user_email FROM api_keys k
        JOIN accounts a ON a.id = k.account_id JOIN users u ON u.id = k.user_id
        WHERE (k.user_id = ${userId}
               OR EXISTS (SELECT 1 FROM account_ownership o WHERE o.account_id = k.account_id AND o.user_id = ${userId}))
          AND (${accountId ?? null} IS NULL OR k.account_id = ${accountId ?? null})
        ORDER BY k.created_at DESC, k.rowid DESC LIMIT 200`;
}

/** The rows of `visibleKeysQuery` as views, their state as of the request. */
export function apiKeyViews(ctx: Ctx, rows: unknown[]): ApiKeyView[] {
  const now = unixSeconds(ctx.now());
  return rows.map((r) => keyView(r as Record<string, unknown>, now));
}

const date = (v: unknown) => (typeof v === "number" ? new Date(v * 1000) : null);

function keyView(r: Record<string, unknown>, now: number): ApiKeyView {
  return {
    id: String(r.id),
    accountId: String(r.account_id),
    accountName: String(r.account_name),
    userId: String(r.user_id),
    userEmail: String(r.user_email),
    name: String(r.name),
    display: String(r.display),
    scopes: JSON.parse(String(r.scopes)) as string[],
    eventIds: r.event_ids ? (JSON.parse(String(r.event_ids)) as string[]) : null,
    expiresAt: date(r.expires_at) as Date,
    revokedAt: date(r.revoked_at),
    lastUsedAt: date(r.last_used_at),
    lastUsedIp: r.last_used_ip ? String(r.last_used_ip) : null,
    previousExpiresAt: typeof r.previous_expires_at === "number" && r.previous_expires_at > now ? date(r.previous_expires_at) : null,
    createdAt: date(r.created_at) as Date,
    state: r.revoked_at ? "revoked" : Number(r.expires_at) <= now ? "expired" : "active",
  };
}

/**
 * May the actor manage this key (`may`, SQL over the key as `k`)? Checked in the same batch as the guarded writes,
 * each of which repeats `may`; anyone else gets not_found, so another account's key does not appear to exist.
 */
async function authorizeKeyManager(ctx: Ctx, keyId: string, may: ReturnType<typeof sql>, writes: ReturnType<typeof sql>[]) {
  const [seen, ...results] = await batchStatements(ctx, [sql`SELECT k.id FROM api_keys k WHERE k.id = ${keyId} AND ${may}`, ...writes]);
  if ((seen?.results.length ?? 0) === 0) throw notFound("API key not found");
  return [seen, ...results] as const;
}

/** Revokes a key at once, its rolled-over old secret too. Its maker or an owner of its account may. */
export async function revokeApiKey({ ctx, input }: { ctx: Ctx; input: z.input<typeof ApiKeyIdInput> }) {
  noKeys(ctx);
  const { keyId } = parseInput(ApiKeyIdInput, input);
  const actor = requireActor(ctx);
  const now = unixSeconds(ctx.now());
  const mayManage = sql`(k.user_id = ${actor.userId}
    OR EXISTS (SELECT 1 FROM account_ownership o WHERE o.account_id = k.account_id AND o.user_id = ${actor.userId}))`;
  const [, updated] = await authorizeKeyManager(ctx, keyId, mayManage, [
    sql`UPDATE api_keys AS k SET revoked_at = ${now}, previous_hash = NULL, previous_expires_at = NULL
        WHERE k.id = ${keyId} AND k.revoked_at IS NULL AND ${mayManage}`,
    conditionalAuditEntry(ctx, {
      accountId: sql`(SELECT account_id FROM api_keys WHERE id = ${keyId})`,
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: keyId,
    }).getSQL(),
  ]);
  return { revoked: (updated?.meta.changes ?? 0) > 0 };
}

/**
 * A new secret for the key, shown once; the old one keeps working for `graceHours`, so a program can switch over
 * without a failed call. Only the key's maker may roll it (the new secret goes to them).
 */
export async function rollApiKey({ ctx, input }: { ctx: Ctx; input: z.input<typeof RollApiKeyInput> }) {
  noKeys(ctx);
  const { keyId, graceHours } = parseInput(RollApiKeyInput, input);
  const actor = requireActor(ctx);
  const now = ctx.now();
  const secret = mintApiKeySecret();
  const hash = await hashApiKeySecret(hashSecretOf(ctx), secret);
  const graceEnds = unixSeconds(now) + graceHours * 3600;
  const [, updated] = await authorizeKeyManager(ctx, keyId, sql`k.user_id = ${actor.userId}`, [
    sql`UPDATE api_keys SET previous_hash = CASE WHEN ${graceHours} > 0 THEN secret_hash END,
          previous_expires_at = CASE WHEN ${graceHours} > 0 THEN ${graceEnds} END,
          secret_hash = ${hash}, display = ${apiKeyDisplay(secret)}
        WHERE id = ${keyId} AND user_id = ${actor.userId} AND revoked_at IS NULL AND expires_at > ${unixSeconds(now)}`,
    conditionalAuditEntry(ctx, {
      accountId: sql`(SELECT account_id FROM api_keys WHERE id = ${keyId})`,
      action: "api_key.roll",
      targetType: "api_key",
      targetId: keyId,
      after: { graceHours },
    }).getSQL(),
  ]);
  if ((updated?.meta.changes ?? 0) === 0) throw invalid("A revoked or expired key cannot be rolled; create a new one");
  return { id: keyId, secret, display: apiKeyDisplay(secret), previousValidUntil: graceHours > 0 ? new Date(graceEnds * 1000) : null };
}

export type ApiCaller = { userId: string; key: KeyLimits; scopes: string[] };

// verb-exempt: authentication itself (no actor yet); it writes only the key's last use and refused-use audit rows
/**
 * The caller a bearer secret stands for, or unauthenticated. A mistyped secret is refused by its checksum without a
 * database read; a known key that is revoked, expired or whose user cannot sign in any more gets an audit row. One
 * D1 round trip; the last-used time and network are written after the response (`defer`), at most once a minute.
 */
export async function authenticateApiKey({
  ctx,
  input,
  defer,
}: {
  ctx: Ctx;
  input: z.input<typeof AuthenticateApiKeyInput>;
  defer: (task: Promise<unknown>) => void;
}): Promise<ApiCaller> {
  const { secret, ip } = parseInput(AuthenticateApiKeyInput, input);
  if (!apiKeyLooksValid(secret)) throw unauthenticated("That is not a Greenroom API key (check it was copied whole)");
  const hash = await hashApiKeySecret(hashSecretOf(ctx), secret);
  const now = unixSeconds(ctx.now());
  const [found] = await batchStatements(ctx, [
    sql`SELECT k.id, k.account_id, k.user_id, k.scopes, k.event_ids, k.expires_at, k.revoked_at,
               k.secret_hash = ${hash} AS current, k.previous_expires_at, u.disabled_at, u.deleting_at, u.email_verified_at
        FROM api_keys k JOIN users u ON u.id = k.user_id
        WHERE k.secret_hash = ${hash} OR k.previous_hash = ${hash} LIMIT 1`,
  ]);
  const row = found?.results[0] as Record<string, unknown> | undefined;
  if (!row) throw unauthenticated("Unknown or revoked API key");
  const reason = row.revoked_at
    ? "revoked"
    : Number(row.expires_at) <= now
      ? "expired"
      : !row.current && !(Number(row.previous_expires_at) > now)
        ? "rolled"
        : row.disabled_at || row.deleting_at || !row.email_verified_at
          ? "user_inactive"
          : null;
  const keyId = String(row.id);
  const accountId = String(row.account_id);
  if (reason) {
    defer(
      batchStatements(ctx, [
        sql`INSERT INTO audit_log (id, account_id, actor_id, action, target_type, target_id, after, created_at)
            VALUES (${newId()}, ${accountId}, ${String(row.user_id)}, 'api_key.refused', 'api_key', ${keyId},
                    ${JSON.stringify({ reason, ip: ip ? networkOf(ip) : null })}, ${now})`,
      ]).catch(() => undefined),
    );
    throw unauthenticated(reason === "expired" ? "This API key has expired" : "Unknown or revoked API key");
  }
  defer(
    batchStatements(ctx, [
      sql`UPDATE api_keys SET last_used_at = ${now}, last_used_ip = ${ip ? networkOf(ip) : null}
          WHERE id = ${keyId} AND (last_used_at IS NULL OR last_used_at < ${now - 60})`,
    ]).catch(() => undefined),
  );
  const scopes = JSON.parse(String(row.scopes)) as string[];
  const eventIds = row.event_ids ? (JSON.parse(String(row.event_ids)) as string[]) : null;
  return {
    userId: String(row.user_id),
    scopes,
    key: { id: keyId, accountId, permissions: permissionsForScopes(scopes), eventIds, secretHash: hash, asOf: now },
  };
}

/** An address cut to its network (IPv4 /24, IPv6 /64): enough to recognise a caller, not to identify a person. */
export function networkOf(ip: string): string {
  const part = ipKeyPart(ip);
  if (part.includes(":")) return part;
  const octets = part.split(".");
  return octets.length === 4 ? `${octets.slice(0, 3).join(".")}.0/24` : part.slice(0, 64);
}
