import { Client } from "@modelcontextprotocol/client";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as OldClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as OldTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Page } from "@playwright/test";
import { makeKey } from "./api-key";
import { expect, newPerson, signUp, test } from "./fixtures";

// MCP at /mcp with real clients: the 2.x client on the current revision (2026-07-28, negotiated with
// `versionNegotiation: { mode: "auto" }`) and the 1.x SDK client on the older protocol, each with an API key as the
// bearer token the organizer made on the API keys page.

const WRITE_ALL = ["events", "attendees", "orders", "invitations", "checkins", "recording", "clips"].map((r) => `${r}:write`);

type ToolResult = { isError?: boolean; structuredContent?: Record<string, unknown>; content?: unknown };

function mcpUrl(baseURL: string | undefined): URL {
  return new URL("/mcp", baseURL);
}

// `connection: close`: Node's fetch otherwise reuses a pooled socket that wrangler dev's proxy has already closed
// after the seconds a browser sign-up takes ("other side closed" on the next test's first request). A harness
// matter only: each MCP request is one stateless POST either way.
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}`, connection: "close" });

async function currentClient(baseURL: string | undefined, secret: string) {
  const client = new Client({ name: "e2e-current", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl(baseURL), { requestInit: { headers: bearer(secret) } }));
  return client;
}

async function olderClient(baseURL: string | undefined, secret: string) {
  const client = new OldClient({ name: "e2e-older", version: "1.0.0" });
  const transport = new OldTransport(mcpUrl(baseURL), { requestInit: { headers: bearer(secret) } });
  await client.connect(transport);
  return { client, transport };
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

const textOf = (result: ToolResult) => JSON.stringify(result.content);

async function organizer(page: Page, label = "mcp-organizer") {
  const person = newPerson(label);
  await signUp(page, person);
  return person;
}

const EVENT = { timeZone: "Europe/Berlin", startsAt: "2027-05-01T18:00", endsAt: "2027-05-01T21:00" };

test("an agent on the current MCP revision and one on the older protocol create an event with a room and invite a speaker; the organizer sees it", async ({
  page,
  baseURL,
}) => {
  await organizer(page);
  const secret = await makeKey(page, "Agent", WRITE_ALL);

  const current = await currentClient(baseURL, secret);
  expect(current.getNegotiatedProtocolVersion()).toBe("2026-07-28");
  const { tools } = await current.listTools();
  const names = tools.map((t) => t.name);
  for (const name of ["list_events", "get_event", "create_event", "publish_event", "add_room", "add_ticket_type", "invite_people"]) {
    expect(names).toContain(name);
  }
  expect(names).toContain("sign_in_link");
  expect(tools.length).toBeLessThanOrEqual(25);
  const listEvents = tools.find((t) => t.name === "list_events");
  expect(listEvents?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  expect(listEvents?.outputSchema).toBeTruthy();
  expect(tools.find((t) => t.name === "stop_recording")?.annotations?.destructiveHint).toBe(true);

  const eventName = `MCP launch ${Date.now().toString(36)}`;
  const created = await call(current, "create_event", { name: eventName, ...EVENT, rooms: [{ name: "Main hall" }] });
  expect(created.isError).toBeFalsy();
  const event = created.structuredContent as { id: string; name: string; status: string; rooms: { id: string; name: string }[] };
  expect(event).toMatchObject({ name: eventName, status: "draft" });
  expect(event.rooms.map((r) => r.name)).toEqual(["Main hall"]);

  const speaker = newPerson("mcp-speaker");
  const invited = await call(current, "invite_people", { eventId: event.id, roomId: event.rooms[0]?.id, role: "speaker", emails: [speaker.email] });
  expect(invited.isError).toBeFalsy();
  expect(invited.structuredContent).toMatchObject({ invitations: [{ email: speaker.email, invited: true }] });
  await current.close();

  // The older client: the 2025 handshake, served by the stateless fallback of the same endpoint.
  const { client: older, transport } = await olderClient(baseURL, secret);
  expect(transport.protocolVersion).not.toBe("2026-07-28");
  expect((await older.listTools()).tools.map((t) => t.name)).toContain("add_room");
  const room = (await older.callTool({ name: "add_room", arguments: { eventId: event.id, name: "Side room" } })) as ToolResult;
  expect(room.isError).toBeFalsy();
  const read = (await older.callTool({ name: "get_event", arguments: { eventId: event.id } })) as ToolResult;
  expect((read.structuredContent as { rooms: { name: string }[] }).rooms.map((r) => r.name)).toEqual(["Main hall", "Side room"]);
  await older.close();

  // In the organizer's browser: the event, and the invitation mail the speaker got.
  await page.goto("/events");
  await expect(page.getByRole("link", { name: eventName })).toBeVisible();
  await page.goto(`/dev/outbox?to=${encodeURIComponent(speaker.email)}`);
  await expect(page.getByText(`You're invited to ${eventName}`).first()).toBeVisible();
});

test("a speaker whose grant covers one room sees only that room through MCP", async ({ page, browser, baseURL }) => {
  const owner = await organizer(page);
  const ownerKey = await makeKey(page, "Agent", WRITE_ALL);
  const agent = await currentClient(baseURL, ownerKey);
  const created = await call(agent, "create_event", { name: "Two rooms", ...EVENT, rooms: [{ name: "Stage A" }, { name: "Stage B" }] });
  const event = created.structuredContent as { id: string; rooms: { id: string; name: string }[] };
  const stageA = event.rooms.find((r) => r.name === "Stage A");
  const speaker = newPerson("mcp-speaker");
  await call(agent, "invite_people", { eventId: event.id, roomId: stageA?.id, role: "speaker", emails: [speaker.email] });
  await agent.close();

  // The invited address signs up and verifies it: the pending invitation becomes the speaker's grant on Stage A.
  const speakerContext = await browser.newContext();
  const speakerPage = await speakerContext.newPage();
  await signUp(speakerPage, speaker);
  // The speaker makes a key in the account that granted them the room.
  const speakerKey = await makeKey(speakerPage, "Speaker agent", ["events:read"], { account: `${owner.name}'s events` });
  await speakerContext.close();

  const client = await currentClient(baseURL, speakerKey);
  expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(["get_event", "list_events"]);
  const seen = await call(client, "get_event", { eventId: event.id });
  expect(seen.isError).toBeFalsy();
  expect((seen.structuredContent as { rooms: { name: string }[] }).rooms.map((r) => r.name)).toEqual(["Stage A"]);
  await client.close();
});

test("a key without events:write does not see create_event, and calling it anyway fails and writes nothing", async ({ page, baseURL }) => {
  await organizer(page);
  const secret = await makeKey(page, "Reader", ["events:read", "attendees:read"]);
  const client = await currentClient(baseURL, secret);
  const names = (await client.listTools()).tools.map((t) => t.name);
  expect(names).toContain("list_events");
  expect(names).toContain("list_attendees");
  for (const hidden of ["create_event", "add_room", "invite_people", "sign_in_link", "stop_recording"]) expect(names).not.toContain(hidden);

  const name = `Not allowed ${Date.now().toString(36)}`;
  const refused = await call(client, "create_event", { name, ...EVENT }).catch((error: Error) => ({ isError: true, content: error.message }));
  expect(refused.isError).toBe(true);
  const listed = await call(client, "list_events", {});
  expect(JSON.stringify(listed.structuredContent)).not.toContain(name);
  await client.close();
  await page.goto("/events");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
});

test("another tenant's event id is a not-found tool error, and a destructive tool does nothing without confirm", async ({ page, browser, baseURL }) => {
  await organizer(page);
  const ownerKey = await makeKey(page, "Agent", WRITE_ALL);
  const agent = await currentClient(baseURL, ownerKey);
  const event = (await call(agent, "create_event", { name: "Mine only", ...EVENT, rooms: [{ name: "Hall" }] })).structuredContent as { id: string };

  const otherContext = await browser.newContext();
  const otherPage = await otherContext.newPage();
  await organizer(otherPage, "mcp-other");
  const stranger = await currentClient(baseURL, await makeKey(otherPage, "Stranger", WRITE_ALL));
  await otherContext.close();
  const missing = await call(stranger, "get_event", { eventId: "no-such-event" });
  for (const [tool, args] of [
    ["get_event", { eventId: event.id }],
    ["publish_event", { eventId: event.id }],
    ["archive_event", { eventId: event.id, confirm: true }],
  ] as const) {
    const result = await call(stranger, tool, args);
    expect(result.isError).toBe(true);
    // Exactly what an id that never existed gets: nothing says the event is there.
    expect(textOf(result)).toBe(textOf(missing));
    expect(textOf(result)).toMatch(/not found/i);
  }
  await stranger.close();

  const unconfirmed = await call(agent, "archive_event", { eventId: event.id });
  expect(unconfirmed.isError).toBe(true);
  expect(textOf(unconfirmed)).toMatch(/confirm: true/);
  expect((await call(agent, "get_event", { eventId: event.id })).structuredContent).toMatchObject({ status: "draft" });
  expect((await call(agent, "archive_event", { eventId: event.id, confirm: true })).structuredContent).toMatchObject({ status: "archived" });
  await agent.close();
});

test("MCP without a valid bearer token gets 401 with a Bearer challenge", async ({ request }) => {
  const body = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
  for (const authorization of [undefined, "Bearer grk_0000000000000000000000000000000000000000", "Basic abc"]) {
    const response = await request.post("/mcp", { data: body, headers: authorization ? { ...headers, authorization } : headers });
    expect(response.status()).toBe(401);
    expect(response.headers()["www-authenticate"]).toMatch(/^Bearer /);
  }
});

test("sign_in_link gives a one-time link that opens Greenroom signed in as the key's user", async ({ page, browser, baseURL }) => {
  const owner = await organizer(page);
  const narrow = await currentClient(baseURL, await makeKey(page, "Narrow", ["events:write"]));
  expect((await narrow.listTools()).tools.map((t) => t.name)).not.toContain("sign_in_link");
  await narrow.close();

  const client = await currentClient(baseURL, await makeKey(page, "Wide", WRITE_ALL));
  const result = await call(client, "sign_in_link", {});
  expect(result.isError).toBeFalsy();
  const { url, expiresAt } = result.structuredContent as { url: string; expiresAt: string };
  expect(url).toMatch(/\/signin\/link\/[\w-]{43}$/);
  const minutes = (Date.parse(expiresAt) - Date.now()) / 60_000;
  expect(minutes).toBeGreaterThan(9);
  expect(minutes).toBeLessThanOrEqual(10);
  await client.close();

  const fresh = await browser.newContext();
  const visitor = await fresh.newPage();
  await visitor.goto(url);
  await visitor.getByRole("button", { name: "Sign in" }).click();
  await expect(visitor).toHaveURL(/\/events$/);
  await expect(visitor.getByText(owner.email)).toBeVisible();
  await visitor.getByRole("button", { name: "Sign out" }).click();
  await visitor.goto(url);
  await expect(visitor.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await fresh.close();
});
