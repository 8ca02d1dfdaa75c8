import { type ApiCaller, type ApiScope, authenticateApiKey, scopeHeld } from "@greenroom/domain/api-keys";
import type { Ctx } from "@greenroom/domain/context";
import { forbidden } from "@greenroom/domain/errors";
import { problem } from "@greenroom/domain/http";
import type { Context, MiddlewareHandler } from "hono";
import { type ApiEnv, apiContext, configOf } from "./context";
import { errorResponse } from "./problem";

/**
 * Authenticated callers by secret, for a few seconds. Safe to reuse: every verb re-checks in SQL, inside its own
 * batch, that the key still stands for that secret (`keyStillValid`), so a revoked key writes nothing and reads
 * nothing from the next request on. The cache only saves the lookup's round trip. Keyed by the secret's hash.
 */
const CACHE_MS = 30_000;
const cache = new Map<string, { caller: ApiCaller; until: number }>();

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The caller behind `secret`: from the cache, or authenticated (one D1 round trip, audited when refused). */
export async function callerFor(c: Context<ApiEnv>, secret: string, { fresh = false } = {}): Promise<ApiCaller> {
  const config = c.get("config");
  const cacheKey = await sha256(secret);
  const now = Date.now();
  const hit = cache.get(cacheKey);
  if (hit && hit.until > now && !fresh) {
    return { ...hit.caller, key: { ...hit.caller.key, asOf: Math.floor(now / 1000) } };
  }
  cache.delete(cacheKey);
  const caller = await authenticateApiKey({
    ctx: apiContext(config, null),
    input: { secret, ip: c.req.header("cf-connecting-ip") ?? undefined },
    defer: (task) => c.executionCtx.waitUntil(task),
  });
  if (cache.size > 5_000) cache.clear();
  cache.set(cacheKey, { caller, until: now + CACHE_MS });
  return caller;
}

export const bearerSecret = (header: string | undefined) => /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1] ?? null;

/** The 401 of every bearer endpoint without a usable credential: problem+json with a Bearer challenge. */
export const bearerChallenge = () =>
  problem(401, "unauthenticated", "Send your API key as `Authorization: Bearer grk_...`.", {}, {
    headers: { "www-authenticate": 'Bearer realm="greenroom"' },
  });

/**
 * The caller of a bearer request, as /api/v1 and /mcp both take it: `Authorization: Bearer grk_...` names an API key,
 * which acts as the user who made it within its scopes (see @greenroom/domain/api-keys); then the key's and its
 * account's rate limits. Either the caller, its domain context and `recheck` (authenticate afresh after a refusal,
 * so a key revoked since gets its 401 rather than a 404), or the response to send instead (401, 429).
 */
export async function bearerCaller(
  c: Context<ApiEnv>,
): Promise<{ caller: ApiCaller; ctx: Ctx; recheck: () => Promise<Response | null> } | Response> {
  c.set("config", configOf(c.env));
  const secret = bearerSecret(c.req.header("authorization"));
  if (!secret) return bearerChallenge();
  try {
    const caller = await callerFor(c, secret);
    const limited = await rateLimited(c, caller.key.id, caller.key.accountId);
    if (limited) return limited;
    const recheck = async () => {
      try {
        await callerFor(c, secret, { fresh: true });
        return null;
      } catch (error) {
        return errorResponse(error);
      }
    };
    return { caller, ctx: apiContext(c.get("config"), caller), recheck };
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * Every /api/v1 call but the OpenAPI document and the health check: the bearer caller (`bearerCaller`). A cached
 * caller whose verb finds nothing is authenticated afresh, so a key revoked since gets its 401 rather than a 404.
 */
export const authenticated: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const auth = await bearerCaller(c);
  if (auth instanceof Response) return auth;
  c.set("caller", auth.caller);
  c.set("ctx", auth.ctx);
  await next();
  if (c.res.status === 404 || c.res.status === 403) {
    const refused = await auth.recheck();
    if (refused) c.res = refused;
  }
};

/** Per key, then per account: the Workers Rate Limiting bindings (locally, their in-memory stand-ins). */
export async function rateLimited(c: Context<ApiEnv>, keyId: string, accountId: string): Promise<Response | null> {
  const limits = c.get("config").rateLimits;
  const perKey = await limits.perKey.limit({ key: keyId });
  const perAccount = perKey.success ? await limits.perAccount.limit({ key: accountId }) : { success: true };
  if (perKey.success && perAccount.success) return null;
  const which = perKey.success ? "This account's keys have" : "This key has";
  return problem(429, "rate_limited", `${which} made too many calls this minute; retry after the Retry-After seconds.`, {}, {
    headers: { "retry-after": "60" },
  });
}

/** The route's scope, checked before its verb runs; the verb then checks the user's own permissions as always. */
export function requireScope(c: Context<ApiEnv>, scope: ApiScope): void {
  if (!scopeHeld(c.get("caller").scopes, scope)) throw forbidden(`This API key lacks the ${scope} scope`);
}
