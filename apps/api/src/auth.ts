import { type ApiScope, authenticateApiKey, scopeHeld } from "@greenroom/domain/api-keys";
import { forbidden } from "@greenroom/domain/errors";
import { problem } from "@greenroom/domain/http";
import type { Context, MiddlewareHandler } from "hono";
import { type ApiEnv, apiContext, configOf } from "./context";
import { errorResponse } from "./problem";

/**
 * Every /api/v1 call but the OpenAPI document: `Authorization: Bearer grk_...` names an API key, which acts as the user
 * who made it within its scopes (see @greenroom/domain/api-keys). Then the key's and its account's rate limits.
 */
export const authenticated: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const config = configOf(c.env);
  c.set("config", config);
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    return problem(401, "unauthenticated", "Send your API key as `Authorization: Bearer grk_...`.", {}, {
      headers: { "www-authenticate": 'Bearer realm="greenroom"' },
    });
  }
  try {
    const ctx = apiContext(config, null);
    const caller = await authenticateApiKey({
      ctx,
      input: { secret: match[1], ip: c.req.header("cf-connecting-ip") ?? undefined },
      defer: (task) => c.executionCtx.waitUntil(task),
    });
    const limited = await rateLimited(c, caller.key.id, caller.key.accountId);
    if (limited) return limited;
    c.set("caller", caller);
    c.set("ctx", apiContext(config, caller));
  } catch (error) {
    return errorResponse(error);
  }
  await next();
};

async function rateLimited(c: Context<ApiEnv>, keyId: string, accountId: string): Promise<Response | null> {
  const { API_KEY_LIMIT, API_ACCOUNT_LIMIT } = c.get("config").bindings;
  const [perKey, perAccount] = await Promise.all([API_KEY_LIMIT.limit({ key: keyId }), API_ACCOUNT_LIMIT.limit({ key: accountId })]);
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
