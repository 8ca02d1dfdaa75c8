import { OAuthAuthorizationServer, OAuthResourceServer } from "@cloudflare/workers-oauth-provider";
import { API_SCOPES } from "@greenroom/domain/api-keys";
import { OAUTH_GRANT_DAYS } from "@greenroom/domain/oauth";

/** What the provider keeps (encrypted) with a grant and hands back with each of its tokens: our grant row. */
export type GrantProps = { grantId: string; userId: string };

export const AUTHORIZE_PATH = "/oauth/authorize";
export const TOKEN_PATH = "/oauth/token";
export const REGISTER_PATH = "/oauth/register";
export const PRM_PATH = "/.well-known/oauth-protected-resource";
export const AS_METADATA_PATH = "/.well-known/oauth-authorization-server";

/** The one protected resource: the MCP endpoint on this origin. Tokens are bound to it (their audience). */
export const mcpResource = (origin: string) => `${origin}/mcp`;
export const resourceMetadataUrl = (origin: string) => `${origin}${PRM_PATH}/mcp`;

// Both are built per origin (the webapp's host: http://localhost:<port> locally, the deployed host in production)
// and kept for the isolate's life: the provider validates its configuration on construction.
const servers = new Map<string, OAuthAuthorizationServer<Env>>();
const resources = new Map<string, OAuthResourceServer<Env, GrantProps>>();

/**
 * The authorization server (RFC 8414 metadata, dynamic registration, client ID metadata documents, the token
 * endpoint, which also revokes, RFC 7009). The authorize endpoint is the webapp's consent page; it completes an
 * authorization over an internal call (`internal.ts`), never from the outside.
 */
export function authorizationServer(origin: string): OAuthAuthorizationServer<Env> {
  let server = servers.get(origin);
  if (!server) {
    server = new OAuthAuthorizationServer<Env>({
      issuer: origin,
      resources: [mcpResource(origin)],
      authorizeEndpoint: AUTHORIZE_PATH,
      tokenEndpoint: TOKEN_PATH,
      clientRegistrationEndpoint: REGISTER_PATH,
      scopesSupported: [...API_SCOPES],
      clientIdMetadataDocumentEnabled: true,
      accessTokenTTL: 3600,
      // The grant (and its refresh token) lives as long as its oauth_grants row.
      refreshTokenTTL: OAUTH_GRANT_DAYS * 86_400,
      onError: ({ code, status }) => {
        console.warn("[oauth]", status, code);
      },
    });
    if (servers.size > 20) servers.clear();
    servers.set(origin, server);
  }
  return server;
}

/**
 * The MCP endpoint as an RFC 9728 protected resource: only its metadata document is served through it (at
 * `/.well-known/oauth-protected-resource/mcp`, and the same document at the root form). Requests to /mcp itself are
 * authenticated in `mcp/server.ts`, which accepts API keys as well.
 */
export function mcpResourceServer(origin: string): OAuthResourceServer<Env, GrantProps> {
  let server = resources.get(origin);
  if (!server) {
    const as = authorizationServer(origin);
    server = new OAuthResourceServer<Env, GrantProps>({
      resourceMetadata: {
        resource: mcpResource(origin),
        authorization_servers: [origin],
        bearer_methods_supported: ["header"],
        resource_name: "Greenroom MCP server",
      },
      validateToken: (env) => (resource, token) => as.validateToken<GrantProps>(resource, token, env),
      handler: { fetch: () => new Response(null, { status: 404 }) },
    });
    if (resources.size > 20) resources.clear();
    resources.set(origin, server);
  }
  return server;
}
