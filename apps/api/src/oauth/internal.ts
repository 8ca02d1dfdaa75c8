import { AuthorizationError, authorizationErrorRedirect, CimdFetchError } from "@cloudflare/workers-oauth-provider";
import { API_SCOPES } from "@greenroom/domain/api-keys";
import { isDomainError } from "@greenroom/domain/errors";
import { grantOAuthApp, INTERNAL_SIGNATURE_HEADER, internalCallSigned, revokeOAuthGrant } from "@greenroom/domain/oauth";
import type { Context } from "hono";
import { z } from "zod";
import { type ApiEnv, apiContext, configOf } from "../context";
import { AUTHORIZE_PATH, authorizationServer, type GrantProps } from "./provider";

/**
 * The consent page's calls (apps/webapp, over the API service binding, signed: `@greenroom/domain/oauth`
 * `signInternalCall`). The webapp's Worker entry never forwards `/internal/*`, so outside requests cannot reach them;
 * the signature is checked anyway. Each answers JSON: `{ ok: true, ... }`, or `{ ok: false, redirectTo }` when the
 * client may safely hear the error, or `{ ok: false, message, fieldErrors? }` for the page to show.
 */
export const INTERNAL_OAUTH_PREFIX = "/internal/oauth/";

const Query = z.string().max(8000);
const DescribeBody = z.object({ query: Query });
const ApproveBody = z.object({
  query: Query,
  userId: z.string().min(1).max(64),
  accountId: z.string().max(64),
  scopes: z.array(z.string().max(40)).max(API_SCOPES.length),
  eventIds: z.array(z.string().max(64)).max(50),
});
const RevokeBody = z.object({ userId: z.string().min(1).max(64), grantId: z.string().min(1).max(64) });

/** The scopes to offer: those the client asked for that we know, or every scope when it asked for none we know. */
export function offeredScopes(requested: readonly string[]): string[] {
  const known = requested.filter((s) => (API_SCOPES as readonly string[]).includes(s));
  return known.length > 0 ? [...new Set(known)] : [...API_SCOPES];
}

export async function serveInternalOAuth(c: Context<ApiEnv>): Promise<Response> {
  const config = configOf(c.env);
  const url = new URL(c.req.url);
  const body = await c.req.text();
  if (c.req.method !== "POST" || !(await internalCallSigned(config.authSecret, url.pathname, body, c.req.header(INTERNAL_SIGNATURE_HEADER) ?? null))) {
    return c.json({ ok: false, message: "Not found" }, 404);
  }
  const oauth = authorizationServer(url.origin).getOAuthApi(c.env);
  // The provider checks the request arrived at its advertised authorize endpoint: rebuild it there.
  const authRequest = (query: string) => oauth.parseAuthRequest(new Request(`${url.origin}${AUTHORIZE_PATH}?${query.replace(/^\?/, "")}`));
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return c.json({ ok: false, message: "Malformed request" }, 400);
  }
  try {
    switch (url.pathname.slice(INTERNAL_OAUTH_PREFIX.length)) {
      case "describe": {
        const { query } = DescribeBody.parse(json);
        const details = await oauth.describeConsent(await authRequest(query));
        return c.json({
          ok: true,
          clientName: details.clientName,
          clientDomain: details.clientDomain ?? null,
          redirectHost: details.redirectHost,
          redirectIsLoopback: details.redirectIsLoopback,
          scopes: offeredScopes(details.scope),
        });
      }
      case "deny": {
        const { query } = DescribeBody.parse(json);
        return c.json({ ok: true, redirectTo: authorizationErrorRedirect(await authRequest(query), "access_denied", "The person declined") });
      }
      case "approve": {
        const data = ApproveBody.parse(json);
        const request = await authRequest(data.query);
        const details = await oauth.describeConsent(request);
        const offered = offeredScopes(details.scope);
        const ctx = apiContext(config, null);
        // The person acts in the browser: the grant verb authorizes them (verified, a member of the account).
        const grant = await grantOAuthApp({
          ctx: { ...ctx, actor: { userId: data.userId } },
          input: {
            accountId: data.accountId,
            scopes: data.scopes.filter((s) => offered.includes(s)),
            eventIds: data.eventIds,
            clientId: request.clientId,
            clientName: details.clientName,
            redirectHost: details.redirectHost,
          },
        });
        const props: GrantProps = { grantId: grant.id, userId: grant.userId };
        const { redirectTo } = await oauth.completeAuthorization({
          request,
          userId: grant.userId,
          metadata: { grantId: grant.id },
          scope: grant.scopes,
          props,
          // Another authorization of the same app is another grant row; each is revoked on its own.
          revokeExistingGrants: false,
        });
        return c.json({ ok: true, redirectTo });
      }
      case "revoke": {
        const data = RevokeBody.parse(json);
        const ctx = apiContext(config, null);
        const result = await revokeOAuthGrant({ ctx: { ...ctx, actor: { userId: data.userId } }, input: { grantId: data.grantId } });
        await dropProviderGrant(oauth, result.userId, data.grantId);
        return c.json({ ok: true, revoked: result.revoked });
      }
      default:
        return c.json({ ok: false, message: "Not found" }, 404);
    }
  } catch (error) {
    if (error instanceof AuthorizationError && error.redirectTo) return c.json({ ok: false, redirectTo: error.redirectTo });
    if (error instanceof AuthorizationError) return c.json({ ok: false, message: error.description }, 400);
    if (error instanceof CimdFetchError) return c.json({ ok: false, message: "This app could not be verified: its metadata document did not load." }, 400);
    if (error instanceof z.ZodError) return c.json({ ok: false, message: "Malformed request" }, 400);
    if (isDomainError(error)) {
      const status = error.code === "not_found" ? 404 : error.code === "forbidden" ? 403 : 400;
      return c.json({ ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors ?? null }, status);
    }
    throw error;
  }
}

/** Deletes the provider's grant (and so its refresh and access tokens) whose metadata names our grant row. */
export async function dropProviderGrant(oauth: ReturnType<ReturnType<typeof authorizationServer>["getOAuthApi"]>, userId: string, grantId: string) {
  let cursor: string | undefined;
  do {
    const page = await oauth.listUserGrants(userId, { cursor, limit: 100 });
    for (const grant of page.items) {
      if ((grant.metadata as { grantId?: string } | null)?.grantId === grantId) await oauth.revokeGrant(grant.id, userId);
    }
    cursor = page.cursor;
  } while (cursor);
}
