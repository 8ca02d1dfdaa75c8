import { auditLog, oauthGrants } from "@greenroom/db/webapp/schema";
import { createApiKey } from "@greenroom/domain/api-keys";
import { signInternalCall } from "@greenroom/domain/oauth";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { SYSTEM_ROLES } from "@greenroom/domain/access";
import { grantRole, makeEvent, makeEventWithRooms, makeOrganizer, testCtx } from "../../../packages/domain/test/factories";
import { createApp } from "../src/app";

// The API Worker's OAuth 2.1 for /mcp, end to end inside workerd: the provider's real KV store, real local D1, the
// app's own router. The consent page's part (the webapp) is played by signed internal calls, as the page makes them.
const ORIGIN = "http://localhost";
const AUTH_SECRET = (env as unknown as { AUTH_SECRET: string }).AUTH_SECRET;
const REDIRECT = "http://127.0.0.1:9999/callback";
const app = createApp();

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await app.fetch(new Request(new URL(path, ORIGIN), init), env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

async function internal(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const text = JSON.stringify(body);
  const response = await call(path, {
    method: "POST",
    headers: { "content-type": "application/json", "x-greenroom-internal": await signInternalCall(AUTH_SECRET, path, text) },
    body: text,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const b64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

async function pkce() {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return { verifier, challenge };
}

async function register(name = "Test Agent") {
  const response = await call("/oauth/register", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_name: name,
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { client_id: string }).client_id;
}

function authorizeQuery(clientId: string, challenge: string, scope: string, redirect = REDIRECT) {
  return new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirect,
    code_challenge: challenge,
    code_challenge_method: "S256",
    scope,
    state: "st-123",
    resource: `${ORIGIN}/mcp`,
  }).toString();
}

async function exchange(clientId: string, code: string, verifier: string, redirect = REDIRECT) {
  return call("/oauth/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirect, client_id: clientId, code_verifier: verifier, resource: `${ORIGIN}/mcp` }),
  });
}

/** A user authorizes a fresh client for `scopes` (and optionally events) and the client exchanges the code. */
async function authorized(
  user: { id: string; accountId: string },
  { scopes = ["events:read"], eventIds = [] as string[] } = {},
) {
  const clientId = await register();
  const { verifier, challenge } = await pkce();
  const query = authorizeQuery(clientId, challenge, scopes.join(" "));
  const approved = await internal("/internal/oauth/approve", { query, userId: user.id, accountId: user.accountId, scopes, eventIds });
  expect(approved.json.ok).toBe(true);
  const redirect = new URL(String(approved.json.redirectTo));
  expect(redirect.origin + redirect.pathname).toBe(REDIRECT);
  expect(redirect.searchParams.get("state")).toBe("st-123");
  const response = await exchange(clientId, redirect.searchParams.get("code") ?? "", verifier);
  expect(response.status).toBe(200);
  const tokens = (await response.json()) as { access_token: string; refresh_token: string; resource: string };
  return { clientId, ...tokens };
}

async function mcpClient(token: string): Promise<Client> {
  const client = new Client({ name: "oauth-test", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
  const fetchInApp: typeof fetch = async (input, init) => call(String(input instanceof Request ? input.url : input), init);
  await client.connect(
    new StreamableHTTPClientTransport(new URL("/mcp", ORIGIN), { requestInit: { headers: { authorization: `Bearer ${token}` } }, fetch: fetchInApp }),
  );
  return client;
}

const toolsList = (token: string) =>
  call("/mcp", {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-06-18",
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });

const grantsOf = (userId: string) => testCtx().db.select().from(oauthGrants).where(eq(oauthGrants.userId, userId));

describe("discovery", () => {
  it("a 401 from /mcp names the protected resource metadata, which names this server as the authorization server", async () => {
    const unauth = await call("/mcp", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get("www-authenticate")).toContain(`resource_metadata="${ORIGIN}/.well-known/oauth-protected-resource/mcp"`);

    for (const path of ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]) {
      const prm = (await (await call(path)).json()) as { resource: string; authorization_servers: string[] };
      expect(prm.resource).toBe(`${ORIGIN}/mcp`);
      expect(prm.authorization_servers).toEqual([ORIGIN]);
    }
    const meta = (await (await call("/.well-known/oauth-authorization-server")).json()) as Record<string, unknown>;
    expect(meta.issuer).toBe(ORIGIN);
    expect(meta.authorization_endpoint).toBe(`${ORIGIN}/oauth/authorize`);
    expect(meta.token_endpoint).toBe(`${ORIGIN}/oauth/token`);
    expect(meta.registration_endpoint).toBe(`${ORIGIN}/oauth/register`);
    expect(meta.revocation_endpoint).toBeTruthy();
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
    expect(meta.scopes_supported).toContain("events:write");
  });
});

describe("consent, through the internal calls", () => {
  it("are refused without a valid signature, and the internal path is not an OAuth endpoint from outside", async () => {
    const body = JSON.stringify({ query: "" });
    const unsigned = await call("/internal/oauth/describe", { method: "POST", body });
    expect(unsigned.status).toBe(404);
    const wrong = await call("/internal/oauth/describe", {
      method: "POST",
      body,
      headers: { "x-greenroom-internal": await signInternalCall("another-secret-of-at-least-32-characters!!", "/internal/oauth/describe", body) },
    });
    expect(wrong.status).toBe(404);
  });

  it("describe the client by its registered name and redirect host, and the scopes asked for", async () => {
    const clientId = await register("Claude at home");
    const { challenge } = await pkce();
    const { json } = await internal("/internal/oauth/describe", { query: authorizeQuery(clientId, challenge, "events:write attendees:read") });
    expect(json).toMatchObject({ ok: true, clientName: "Claude at home", redirectHost: "127.0.0.1", redirectIsLoopback: true });
    expect(json.scopes).toEqual(["events:write", "attendees:read"]);
  });

  it("refuse a redirect_uri the client did not register, without redirecting to it", async () => {
    const clientId = await register();
    const { challenge } = await pkce();
    const { json } = await internal("/internal/oauth/describe", { query: authorizeQuery(clientId, challenge, "events:read", "https://evil.example/cb") });
    expect(json.ok).toBe(false);
    expect(json.redirectTo).toBeUndefined();
    expect(String(json.message)).toMatch(/redirect/i);
  });

  it("deny: the client hears access_denied and no grant is written", async () => {
    const org = await makeOrganizer();
    const clientId = await register();
    const { challenge } = await pkce();
    const { json } = await internal("/internal/oauth/deny", { query: authorizeQuery(clientId, challenge, "events:read") });
    const to = new URL(String(json.redirectTo));
    expect(to.searchParams.get("error")).toBe("access_denied");
    expect(to.searchParams.get("state")).toBe("st-123");
    expect(await grantsOf(org.id)).toHaveLength(0);
  });

  it("an unverified address cannot authorize an app: nothing is granted", async () => {
    const org = await makeOrganizer({ verified: false });
    const clientId = await register();
    const { challenge } = await pkce();
    const { status, json } = await internal("/internal/oauth/approve", {
      query: authorizeQuery(clientId, challenge, "events:read"),
      userId: org.id,
      accountId: org.accountId,
      scopes: ["events:read"],
      eventIds: [],
    });
    expect(status).toBe(403);
    expect(json.ok).toBe(false);
    expect(await grantsOf(org.id)).toHaveLength(0);
  });

  it("another tenant's account cannot be chosen: not found, nothing granted", async () => {
    const org = await makeOrganizer();
    const stranger = await makeOrganizer();
    const clientId = await register();
    const { challenge } = await pkce();
    const { status } = await internal("/internal/oauth/approve", {
      query: authorizeQuery(clientId, challenge, "events:read"),
      userId: stranger.id,
      accountId: org.accountId,
      scopes: ["events:read"],
      eventIds: [],
    });
    expect(status).toBe(404);
    expect(await grantsOf(stranger.id)).toHaveLength(0);
  });
});

describe("tokens", () => {
  it("the code exchanges once for a token bound to /mcp; the grant and its audit row are written once", async () => {
    const org = await makeOrganizer();
    const tokens = await authorized(org, { scopes: ["events:read", "events:write"] });
    expect(tokens.resource).toBe(`${ORIGIN}/mcp`);
    const rows = await grantsOf(org.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ accountId: org.accountId, clientName: "Test Agent", redirectHost: "127.0.0.1", scopes: ["events:read", "events:write"] });
    const audits = await testCtx().db.select().from(auditLog).where(and(eq(auditLog.action, "oauth_grant.create"), eq(auditLog.targetId, rows[0]?.id ?? "")));
    expect(audits).toHaveLength(1);
  });

  it("a wrong PKCE verifier gets invalid_grant and no token", async () => {
    const org = await makeOrganizer();
    const clientId = await register();
    const { challenge } = await pkce();
    const { json } = await internal("/internal/oauth/approve", {
      query: authorizeQuery(clientId, challenge, "events:read"),
      userId: org.id,
      accountId: org.accountId,
      scopes: ["events:read"],
      eventIds: [],
    });
    const code = new URL(String(json.redirectTo)).searchParams.get("code") ?? "";
    const wrong = await exchange(clientId, code, (await pkce()).verifier);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("a code exchanged with another redirect_uri is refused", async () => {
    const org = await makeOrganizer();
    const clientId = await register();
    const { verifier, challenge } = await pkce();
    const { json } = await internal("/internal/oauth/approve", {
      query: authorizeQuery(clientId, challenge, "events:read"),
      userId: org.id,
      accountId: org.accountId,
      scopes: ["events:read"],
      eventIds: [],
    });
    const code = new URL(String(json.redirectTo)).searchParams.get("code") ?? "";
    const response = await exchange(clientId, code, verifier, "http://127.0.0.1:9999/other");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("a made-up token gets 401 with the metadata challenge", async () => {
    const response = await toolsList("user:grant:notarealtoken");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/error="invalid_token".*resource_metadata=/);
  });
});

describe("an OAuth token on /mcp acts as an API key with the grant's limits", () => {
  it("tools/list shows only the granted scopes' tools, and a tool runs as the user", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org, { name: "Token Night" });
    const { access_token } = await authorized(org, { scopes: ["events:read"] });
    const client = await mcpClient(access_token);
    const names = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(["get_event", "list_events"]);
    const listed = (await client.callTool({ name: "list_events", arguments: { accountId: org.accountId } })) as {
      structuredContent: { events: { id: string }[] };
    };
    expect(listed.structuredContent.events.map((e) => e.id)).toEqual([event.id]);
    // Out of scope: create_event is not even a tool for this token.
    const refused = (await client.callTool({ name: "create_event", arguments: {} }).catch((e: Error) => ({ isError: true, message: e.message }))) as {
      isError?: boolean;
    };
    expect(refused.isError).toBe(true);
    await client.close();
  });

  it("another tenant's event is not found, as for a key", async () => {
    const org = await makeOrganizer();
    const other = await makeOrganizer();
    const foreign = await makeEvent(other, { name: "Not yours" });
    const { access_token } = await authorized(org, { scopes: ["events:read"] });
    const client = await mcpClient(access_token);
    const result = (await client.callTool({ name: "get_event", arguments: { eventId: foreign.id } })) as { isError: boolean; content: { text: string }[] };
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/^Not found/);
    await client.close();
  });

  it("a grant limited to one event sees only that event", async () => {
    const org = await makeOrganizer();
    const chosen = await makeEvent(org, { name: "Chosen" });
    const hidden = await makeEvent(org, { name: "Hidden" });
    const { access_token } = await authorized(org, { scopes: ["events:read"], eventIds: [chosen.id] });
    const client = await mcpClient(access_token);
    const listed = (await client.callTool({ name: "list_events", arguments: { accountId: org.accountId } })) as {
      structuredContent: { events: { id: string }[] };
    };
    expect(listed.structuredContent.events.map((e) => e.id)).toEqual([chosen.id]);
    const result = (await client.callTool({ name: "get_event", arguments: { eventId: hidden.id } })) as { isError: boolean };
    expect(result.isError).toBe(true);
    await client.close();
  });

  it("never does more than the user may do now: a speaker's token sees only their room, and nothing once their role goes", async () => {
    const { owner, event, main, side } = await makeEventWithRooms();
    const speaker = await makeOrganizer();
    const role = await grantRole({ accountId: owner.accountId, userId: speaker.id, eventId: event.id, roomId: main.id, roleId: SYSTEM_ROLES.speaker.id });
    // The speaker authorizes the app in the owner's account with the widest scopes: their own role still decides.
    const { access_token } = await authorized({ id: speaker.id, accountId: owner.accountId }, { scopes: ["events:write"] });
    const client = await mcpClient(access_token);
    const seen = (await client.callTool({ name: "get_event", arguments: { eventId: event.id } })) as {
      isError?: boolean;
      structuredContent: { rooms: { id: string }[] };
    };
    expect(seen.isError).toBeFalsy();
    expect(seen.structuredContent.rooms.map((r) => r.id)).toEqual([main.id]);
    expect(seen.structuredContent.rooms.map((r) => r.id)).not.toContain(side.id);
    const renamed = (await client.callTool({ name: "update_event", arguments: { eventId: event.id, name: "Taken over" } })) as { isError?: boolean };
    expect(renamed.isError).toBe(true);
    await testCtx().db.run(sql`DELETE FROM access_grants WHERE id = ${role.id}`);
    const gone = (await client.callTool({ name: "get_event", arguments: { eventId: event.id } })) as { isError?: boolean; content: { text: string }[] };
    expect(gone.isError).toBe(true);
    expect(gone.content[0]?.text).toMatch(/^Not found/);
    await client.close();
  });

  it("a revoked grant ends its tokens: 401, the refresh token is refused too, the revocation is audited", async () => {
    const org = await makeOrganizer();
    const { access_token, refresh_token, clientId } = await authorized(org, { scopes: ["events:read"] });
    expect((await toolsList(access_token)).status).toBe(200);
    const [grant] = await grantsOf(org.id);
    const revoked = await internal("/internal/oauth/revoke", { userId: org.id, grantId: grant?.id });
    expect(revoked.json).toMatchObject({ ok: true, revoked: true });
    expect((await toolsList(access_token)).status).toBe(401);
    const refreshed = await call("/oauth/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token, client_id: clientId }),
    });
    expect(refreshed.status).toBe(400);
    const audits = await testCtx().db.select().from(auditLog).where(eq(auditLog.targetId, grant?.id ?? ""));
    expect(audits.map((a) => a.action).sort()).toContain("oauth_grant.revoke");
  });

  it("a grant revoked in D1 alone (the provider's token still valid) gets 401 and an oauth_grant.refused audit row", async () => {
    const org = await makeOrganizer();
    const { access_token } = await authorized(org, { scopes: ["events:read"] });
    const [grant] = await grantsOf(org.id);
    await testCtx().db.update(oauthGrants).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(oauthGrants.id, grant?.id ?? ""));
    const response = await toolsList(access_token);
    expect(response.status).toBe(401);
    const refused = await testCtx().db.select().from(auditLog).where(and(eq(auditLog.action, "oauth_grant.refused"), eq(auditLog.targetId, grant?.id ?? "")));
    expect(refused).toHaveLength(1);
    expect(refused[0]?.after).toMatchObject({ reason: "expired" });
  });

  it("someone else cannot revoke a grant: not found, the grant stands", async () => {
    const org = await makeOrganizer();
    const stranger = await makeOrganizer();
    const { access_token } = await authorized(org, { scopes: ["events:read"] });
    const [grant] = await grantsOf(org.id);
    const { status } = await internal("/internal/oauth/revoke", { userId: stranger.id, grantId: grant?.id });
    expect(status).toBe(404);
    expect((await toolsList(access_token)).status).toBe(200);
  });

  it("API keys still work as bearer tokens on /mcp", async () => {
    const org = await makeOrganizer();
    const ctx = { ...org.ctx, apiKeyHashSecret: AUTH_SECRET };
    const key = await createApiKey({ ctx, input: { accountId: org.accountId, name: "agent", scopes: ["events:read"] } });
    const client = await mcpClient(key.secret);
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(["get_event", "list_events"]);
    await client.close();
  });
});
