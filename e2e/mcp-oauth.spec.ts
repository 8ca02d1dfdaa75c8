import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  Client,
  type OAuthClientInformationMixed,
  type OAuthClientMetadata,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  type OAuthTokens,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from "@modelcontextprotocol/client";
import type { Page } from "@playwright/test";
import { expect, newPerson, signUp, test } from "./fixtures";

// OAuth 2.1 for MCP with the official 2.x client: it finds the protected resource metadata from /mcp's 401, the
// authorization server's metadata, registers itself (dynamic registration) and sends the person to the consent
// page, which Chromium drives; the app's local redirect_uri is a real loopback listener, as a desktop agent has.

/** A loopback listener for the authorization redirect: it records each callback's query and says "done". */
async function callbackListener(): Promise<{ url: string; next: () => Promise<URLSearchParams>; close: () => void }> {
  const waiting: ((params: URLSearchParams) => void)[] = [];
  const server: Server = createServer((request, response) => {
    const params = new URL(request.url ?? "/", "http://127.0.0.1").searchParams;
    response.writeHead(200, { "content-type": "text/plain", connection: "close" }).end("Authorization finished; you can close this tab.");
    waiting.shift()?.(params);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    next: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => server.close(),
  };
}

/** The MCP client's side of OAuth, in memory: what a desktop agent would keep in its settings. */
class AgentAuth implements OAuthClientProvider {
  info?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = "";
  discovery?: OAuthDiscoveryState;
  authorizationUrl?: URL;
  constructor(readonly redirectUrl: string) {}
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "E2E Agent",
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  saveDiscoveryState(state: OAuthDiscoveryState) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
}

const mcpUrl = (baseURL: string | undefined) => new URL("/mcp", baseURL);
// See e2e/mcp.spec.ts: no pooled sockets across wrangler dev's proxy.
const closing: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), connection: "close" } });

function newClient() {
  return new Client({ name: "e2e-oauth-agent", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
}

/** Starts authorization as an agent does: connect, get 401, discover, register, and hand over the consent URL. */
async function startAuthorization(baseURL: string | undefined, auth: AgentAuth) {
  const transport = new StreamableHTTPClientTransport(mcpUrl(baseURL), { authProvider: auth, fetch: closing });
  await expect(newClient().connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
  expect(auth.info?.client_id).toBeTruthy();
  expect(auth.authorizationUrl?.pathname).toBe("/oauth/authorize");
  expect(auth.authorizationUrl?.searchParams.get("code_challenge_method")).toBe("S256");
  return transport;
}

async function consent(page: Page, auth: AgentAuth) {
  await page.goto(auth.authorizationUrl?.href ?? "");
  await expect(page.getByRole("heading", { level: 1, name: "Allow E2E Agent to use Greenroom as you?" })).toBeVisible();
  await expect(page.getByText("Access will be sent to 127.0.0.1")).toBeVisible();
  await expect(page.getByLabel(/See and change events and rooms/)).toBeChecked();
}

test("an agent authorizes through the consent page, lists its tools, creates an event with a room; the organizer sees it; Deny grants nothing and revoking ends the token", async ({
  page,
  browser,
  baseURL,
}) => {
  const person = newPerson("mcp-oauth");
  await signUp(page, person);
  const listener = await callbackListener();
  try {
    // Deny first, in a browser without JavaScript (the page's forms are plain posts): the agent hears access_denied,
    // and no app appears on the account.
    const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
    const plain = await noScript.newPage();
    const denied = new AgentAuth(listener.url);
    await startAuthorization(baseURL, denied);
    await consent(plain, denied);
    const deniedCallback = listener.next();
    await plain.getByRole("button", { name: "Deny" }).click();
    const deniedParams = await deniedCallback;
    await plain.waitForURL(/127\.0\.0\.1:\d+\/callback\?/);
    await noScript.close();
    expect(deniedParams.get("error")).toBe("access_denied");
    expect(deniedParams.get("code")).toBeNull();
    await page.goto("/account/api-keys");
    await expect(page.getByText("No apps yet.")).toBeVisible();

    // Signed out, the consent page sends the person to sign in and back.
    const auth = new AgentAuth(listener.url);
    const transport = await startAuthorization(baseURL, auth);
    await page.context().clearCookies();
    await page.goto(auth.authorizationUrl?.href ?? "");
    await expect(page).toHaveURL(/\/signin\?next=/);
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill(person.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Allow E2E Agent to use Greenroom as you?" })).toBeVisible();
    const callback = listener.next();
    await page.getByRole("button", { name: "Allow" }).click();
    const params = await callback;
    await page.waitForURL(/127\.0\.0\.1:\d+\/callback\?/);
    expect(params.get("code")).toBeTruthy();
    await transport.finishAuth(params);
    expect(auth.saved?.access_token).toBeTruthy();

    const client = newClient();
    await client.connect(new StreamableHTTPClientTransport(mcpUrl(baseURL), { authProvider: auth, fetch: closing }));
    expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
    const names = (await client.listTools()).tools.map((t) => t.name);
    for (const name of ["list_events", "create_event", "add_room", "invite_people"]) expect(names).toContain(name);

    const eventName = `OAuth launch ${Date.now().toString(36)}`;
    const created = (await client.callTool({
      name: "create_event",
      arguments: { name: eventName, timeZone: "Europe/Berlin", startsAt: "2027-06-01T18:00", endsAt: "2027-06-01T20:00", rooms: [{ name: "Agent hall" }] },
    })) as { isError?: boolean; structuredContent?: { id: string; rooms: { name: string }[] } };
    expect(created.isError).toBeFalsy();
    expect(created.structuredContent?.rooms.map((r) => r.name)).toEqual(["Agent hall"]);

    await page.goto("/events");
    await expect(page.getByRole("link", { name: eventName })).toBeVisible();
    await page.goto(`/events/${created.structuredContent?.id}`);
    await expect(page.getByText("Agent hall").first()).toBeVisible();

    // The account lists the app; revoking it ends the token at once.
    await page.goto("/account/api-keys");
    const app = page.getByRole("listitem", { name: "App E2E Agent" });
    await expect(app).toContainText("127.0.0.1");
    await app.getByRole("button", { name: "Revoke E2E Agent" }).click();
    await expect(app).toContainText("revoked");
    const after = await closing(mcpUrl(baseURL), {
      method: "POST",
      headers: { authorization: `Bearer ${auth.saved?.access_token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
    });
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toContain("resource_metadata=");
    await client.close().catch(() => undefined);
  } finally {
    listener.close();
  }
});

test("the discovery documents are served on the webapp's host", async ({ request, baseURL }) => {
  const prm = await (await request.get("/.well-known/oauth-protected-resource/mcp")).json();
  expect(prm.resource).toBe(`${new URL(baseURL ?? "").origin}/mcp`);
  const meta = await (await request.get("/.well-known/oauth-authorization-server")).json();
  expect(meta.authorization_endpoint).toBe(`${new URL(baseURL ?? "").origin}/oauth/authorize`);
  // The internal consent paths are not forwarded: outside, they are the webapp's 404.
  const internal = await request.post("/internal/oauth/approve", { data: {} });
  expect(internal.status()).toBe(404);
});
