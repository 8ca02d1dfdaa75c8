import { authenticateOAuthGrant } from "@greenroom/domain/oauth";
import type { Context } from "hono";
import { rateLimited } from "../auth";
import { type ApiEnv, apiContext } from "../context";
import { errorResponse } from "../problem";
import { type GrantProps, mcpResource, resourceMetadataUrl, authorizationServer } from "./provider";

/** The /mcp challenge: a Bearer challenge naming the protected resource metadata, so a client can start OAuth. */
export function mcpChallenge(origin: string, invalidToken: boolean): string {
  return `Bearer realm="greenroom"${invalidToken ? ', error="invalid_token"' : ""}, resource_metadata="${resourceMetadataUrl(origin)}"`;
}

/** A 401 of /mcp with the metadata challenge in place of the plain one. */
export function withMcpChallenge(response: Response, origin: string, invalidToken: boolean): Response {
  if (response.status !== 401) return response;
  const headers = new Headers(response.headers);
  headers.set("www-authenticate", mcpChallenge(origin, invalidToken));
  return new Response(response.body, { status: 401, headers });
}

/**
 * The caller behind an OAuth access token on /mcp: the provider checks the token (its hash, expiry and audience,
 * which must be this origin's /mcp), then the grant row it names is checked in D1 (revoked, expired, user inactive:
 * 401) and becomes an `ApiCaller` narrowed exactly as an API key, then the same rate limits as keys.
 */
export async function oauthCaller(c: Context<ApiEnv>, token: string) {
  const origin = new URL(c.req.url).origin;
  const config = c.get("config");
  const validated = await authorizationServer(origin).validateToken<GrantProps>(mcpResource(origin), token, c.env);
  if (!validated || validated.audience !== mcpResource(origin) || !validated.props?.grantId) {
    return new Response(JSON.stringify({ error: "invalid_token", error_description: "Unknown, expired or revoked access token" }), {
      status: 401,
      headers: { "content-type": "application/json", "www-authenticate": mcpChallenge(origin, true) },
    });
  }
  const authenticate = () =>
    authenticateOAuthGrant({
      ctx: apiContext(config, null),
      input: { grantId: validated.props.grantId, userId: validated.props.userId },
      defer: (task) => c.executionCtx.waitUntil(task),
    });
  try {
    const caller = await authenticate();
    const limited = await rateLimited(c, caller.key.id, caller.key.accountId);
    if (limited) return limited;
    const recheck = async () => {
      try {
        await authenticate();
        return null;
      } catch (error) {
        return withMcpChallenge(errorResponse(error), origin, true);
      }
    };
    return { caller, ctx: apiContext(config, caller), recheck };
  } catch (error) {
    return withMcpChallenge(errorResponse(error), origin, true);
  }
}
