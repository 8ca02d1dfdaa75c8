import type { Hono } from "hono";
import type { ApiEnv } from "../context";
import { INTERNAL_OAUTH_PREFIX, serveInternalOAuth } from "./internal";
import { AS_METADATA_PATH, authorizationServer, mcpResourceServer, PRM_PATH, REGISTER_PATH, TOKEN_PATH } from "./provider";

/**
 * OAuth 2.1 for the MCP server (docs/mcp.md): the metadata documents, registration and the token endpoint are the
 * provider's; the authorize endpoint is the webapp's consent page, which completes through the internal paths.
 */
export function oauthRoutes(app: Hono<ApiEnv>): void {
  const asFetch = (c: { req: { raw: Request; url: string }; env: Env; executionCtx: ExecutionContext }) =>
    authorizationServer(new URL(c.req.url).origin).fetch(c.req.raw, c.env, c.executionCtx);
  app.all(AS_METADATA_PATH, (c) => asFetch(c));
  app.all(`${AS_METADATA_PATH}/*`, (c) => asFetch(c));
  app.all(TOKEN_PATH, (c) => asFetch(c));
  app.all(REGISTER_PATH, (c) => asFetch(c));

  // RFC 9728: the path-suffixed document for /mcp, and the same document at the root form for clients that look there.
  app.all(`${PRM_PATH}/mcp`, (c) => mcpResourceServer(new URL(c.req.url).origin).fetch(c.req.raw, c.env, c.executionCtx));
  app.all(PRM_PATH, (c) => {
    const url = new URL(c.req.url);
    const asMcp = new Request(`${url.origin}${PRM_PATH}/mcp`, c.req.raw);
    return mcpResourceServer(url.origin).fetch(asMcp, c.env, c.executionCtx);
  });

  app.all(`${INTERNAL_OAUTH_PREFIX}*`, (c) => serveInternalOAuth(c));
}
