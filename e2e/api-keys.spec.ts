import SwaggerParser from "@apidevtools/swagger-parser";
import { DEMO_ORGANIZER as demo } from "@greenroom/config/demo";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import type { OpenAPIV3_1 } from "openapi-types";
import { makeKey } from "./api-key";
import { confirmStep, expect, formAlert, newPerson, signUp, test } from "./fixtures";

// Journey 7 of PRODUCT.md: a program works with an organizer's events through /api/v1 with a key the organizer made
// on the API keys page. The calls go to the webapp's host, which forwards /api/v1 to the API Worker.

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const wallTimes = { timeZone: "Europe/Berlin", startsAt: "2027-05-01T18:00", endsAt: "2027-05-01T20:00" };

async function eventNames(request: APIRequestContext, secret: string): Promise<string[]> {
  const response = await request.get("/api/v1/events?limit=100", { headers: bearer(secret) });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { data: { name: string }[] };
  return body.data.map((e) => e.name);
}

test("journey 7: an organizer makes a key on the API keys page and sees its secret once; a program with it lists events and creates one with a room, which the organizer's dashboard then shows", async ({
  page,
  request,
}) => {
  await signUp(page, newPerson("api-journey"));
  await page.goto("/account");
  await page.getByRole("navigation", { name: "Account settings" }).getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  await expect(page.getByText("No API keys yet.")).toBeVisible();

  const secret = await makeKey(page, "Journey bot", ["events:write"]);
  const listed = page.getByRole("listitem", { name: "Key Journey bot" });
  await expect(listed).toContainText("active");
  await expect(listed).toContainText("events:write");
  await expect(listed).toContainText(`${secret.slice(0, 8)}…${secret.slice(-4)}`);
  await expect(listed).toContainText("Never");
  // Shown once: the page itself, reloaded, has only the key's display.
  await page.reload();
  await expect(page.getByLabel("Your new API key")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  expect(await eventNames(request, secret)).toEqual([]);
  const created = await request.post("/api/v1/events", {
    headers: bearer(secret),
    data: { name: "Agent Summit", ...wallTimes, rooms: [{ name: "Agent stage", kind: "stage" }] },
  });
  expect(created.status()).toBe(201);
  const event = (await created.json()) as { id: string; name: string; rooms: { name: string }[] };
  expect(event.rooms.map((r) => r.name)).toEqual(["Agent stage"]);
  expect(await eventNames(request, secret)).toEqual(["Agent Summit"]);

  await page.goto("/events");
  await expect(page.getByText("Agent Summit").first()).toBeVisible();
  await page.goto(`/events/${event.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Agent Summit" })).toBeVisible();
  await expect(page.getByText("Agent stage").first()).toBeVisible();

  // The key's use shows on the page (last used is written after the answer, at most once a minute).
  await expect(async () => {
    await page.goto("/account/api-keys");
    await expect(page.getByRole("listitem", { name: "Key Journey bot" })).not.toContainText("Never", { timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  // Rolling shows the new secret once and says until when the old one works; both work meanwhile.
  await page.getByRole("button", { name: "Roll secret of Journey bot" }).click();
  const rolled = page.getByLabel("Your new API key");
  await expect(rolled).toHaveValue(/^grk_/);
  const newSecret = await rolled.inputValue();
  expect(newSecret).not.toBe(secret);
  await expect(page.getByText(/The old secret keeps working until .* UTC\./)).toBeVisible();
  expect((await request.get("/api/v1/events", { headers: bearer(newSecret) })).status()).toBe(200);
  expect((await request.get("/api/v1/events", { headers: bearer(secret) })).status()).toBe(200);
});

test("a read-only key gets 403 on POST and creates nothing; revoked and mistyped keys get 401; another tenant's event is 404", async ({
  page,
  request,
}) => {
  await signUp(page, newPerson("api-refusals"));
  const reader = await makeKey(page, "Reader", ["events:read"]);
  const refused = await request.post("/api/v1/events", { headers: bearer(reader), data: { name: "Never made", ...wallTimes } });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { code: string }).code).toBe("forbidden");
  expect(await eventNames(request, reader)).toEqual([]);

  const typo = `${reader.slice(0, 12)}${reader[12] === "a" ? "b" : "a"}${reader.slice(13)}`;
  expect((await request.get("/api/v1/events", { headers: bearer(typo) })).status()).toBe(401);
  expect((await request.post("/api/v1/events", { headers: bearer(typo), data: { name: "Never made", ...wallTimes } })).status()).toBe(401);

  // The demo organizer's event belongs to another account: it does not exist for this key.
  const foreign = await request.get(`/api/v1/events/${demo.eventId}`, { headers: bearer(reader) });
  expect(foreign.status()).toBe(404);
  expect(await foreign.text()).not.toContain("Launch");
  // The clip and recording URLs webhook payloads carry: a key that may read clips, another tenant's event is 404 too.
  const clipReader = await makeKey(page, "Clip reader", ["clips:read"]);
  for (const path of [`/api/v1/events/${demo.eventId}/clips/clip-x`, `/api/v1/events/${demo.eventId}/rooms/${demo.roomId}/recordings/rec-x`]) {
    const answer = await request.get(path, { headers: bearer(clipReader) });
    expect(answer.status(), path).toBe(404);
    expect(((await answer.json()) as { code: string }).code).toBe("not_found");
  }

  const doomed = await makeKey(page, "Doomed", ["events:write"]);
  expect((await request.get("/api/v1/events", { headers: bearer(doomed) })).status()).toBe(200);
  const item = page.getByRole("listitem", { name: "Key Doomed" });
  await item.locator("summary").filter({ hasText: "Revoke" }).click();
  await item.getByRole("button", { name: "Revoke key" }).click();
  await expect(item).toContainText("revoked");
  await expect(confirmStep(page, "Revoke")).toHaveCount(2); // only the reader's and the clip reader's keys can still be revoked
  expect((await request.get("/api/v1/events", { headers: bearer(doomed) })).status()).toBe(401);
  const afterRevoke = await request.post("/api/v1/events", { headers: bearer(doomed), data: { name: "Never made", ...wallTimes } });
  expect(afterRevoke.status()).toBe(401);
  expect(await eventNames(request, reader)).toEqual([]);
});

test("one Idempotency-Key sent twenty times at once creates exactly one event; every answer is 201 or 409 in progress, replays marked", async ({
  page,
  request,
}) => {
  await signUp(page, newPerson("api-idempotency"));
  const secret = await makeKey(page, "Retrier", ["events:write"]);
  const headers = { ...bearer(secret), "idempotency-key": `e2e-${Date.now()}` };
  const data = { name: "Once Only", ...wallTimes, rooms: [{ name: "Hall" }] };
  const answers = await Promise.all(Array.from({ length: 20 }, () => request.post("/api/v1/events", { headers, data })));
  const statuses = answers.map((a) => a.status());
  expect(statuses.every((s) => s === 201 || s === 409), statuses.join(",")).toBe(true);
  for (const answer of answers.filter((a) => a.status() === 409)) {
    expect(((await answer.json()) as { code: string }).code).toBe("idempotency_in_progress");
  }
  const created = answers.filter((a) => a.status() === 201);
  expect(created.length).toBeGreaterThanOrEqual(1);
  expect(created.filter((a) => a.headers()["idempotent-replayed"] !== "true")).toHaveLength(1);
  const ids = new Set(await Promise.all(created.map(async (a) => ((await a.json()) as { id: string }).id)));
  expect(ids.size).toBe(1);

  // A later retry is a replay of the same answer.
  const retry = await request.post("/api/v1/events", { headers, data });
  expect(retry.status()).toBe(201);
  expect(retry.headers()["idempotent-replayed"]).toBe("true");
  expect(((await retry.json()) as { id: string }).id).toBe([...ids][0]);
  expect(await eventNames(request, secret)).toEqual(["Once Only"]);
});

// Every route apps/api registers (src/routes), by method and OpenAPI path.
const API_ROUTES = [
  "get /api/v1/events",
  "post /api/v1/events",
  "get /api/v1/events/{eventId}",
  "patch /api/v1/events/{eventId}",
  "post /api/v1/events/{eventId}/publish",
  "post /api/v1/events/{eventId}/archive",
  "get /api/v1/events/{eventId}/rooms",
  "post /api/v1/events/{eventId}/rooms",
  "post /api/v1/rooms/{roomId}/recording",
  "get /api/v1/operations/{operationId}",
  "get /api/v1/health",
  "get /api/v1/me",
  "get /api/v1/events/{eventId}/ticket-types",
  "post /api/v1/events/{eventId}/ticket-types",
  "get /api/v1/events/{eventId}/orders",
  "post /api/v1/events/{eventId}/orders",
  "get /api/v1/events/{eventId}/orders/{orderId}",
  "post /api/v1/events/{eventId}/orders/{orderId}/refund",
  "get /api/v1/events/{eventId}/attendees",
  "get /api/v1/events/{eventId}/attendees/{ticketId}",
  "get /api/v1/events/{eventId}/check-ins",
  "post /api/v1/events/{eventId}/check-ins",
  "get /api/v1/events/{eventId}/invitations",
  "post /api/v1/events/{eventId}/invitations",
  "post /api/v1/invitations/{invitationId}/revoke",
  "get /api/v1/events/{eventId}/clips",
  "get /api/v1/events/{eventId}/clips/{clipId}",
  "get /api/v1/events/{eventId}/rooms/{roomId}/recordings/{recordingId}",
];

test("GET /api/v1/openapi.json is a valid OpenAPI document with every route the API serves", async ({ page, request }) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const doc = (await response.json()) as OpenAPIV3_1.Document;
  // The validator dereferences in place: give it a copy.
  await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
  expect(doc.openapi).toMatch(/^3\.1\./);
  const documented = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item ?? {})
      .filter((m) => ["get", "post", "put", "patch", "delete"].includes(m))
      .map((m) => `${m} ${path}`),
  );
  expect(documented.sort()).toEqual([...API_ROUTES].sort());

  // And each is served: with a key, a made-up id gets the route's own answer, not the router's "No such endpoint".
  await signUp(page, newPerson("api-openapi"));
  const secret = await makeKey(page, "Prober", ["events:read"]);
  const unknown = await request.get("/api/v1/nothing-here", { headers: bearer(secret) });
  expect(unknown.status()).toBe(404);
  const noSuchEndpoint = ((await unknown.json()) as { detail: string }).detail;
  for (const route of API_ROUTES) {
    const [method = "get", path = ""] = route.split(" ");
    const url = path.replace(/\{\w+\}/g, "nonexistent0id000000000001");
    const answer = await request.fetch(url, { method, headers: bearer(secret), data: method === "get" ? undefined : {} });
    expect([200, 400, 403, 404], route).toContain(answer.status());
    expect(((await answer.json()) as { detail: string }).detail, route).not.toBe(noSuchEndpoint);
  }
});

async function withoutJs(browser: Browser): Promise<Page> {
  return (await browser.newContext({ javaScriptEnabled: false })).newPage();
}

test("the create form works without JavaScript: field errors first, then a key whose secret is shown once", async ({ browser, request }) => {
  const page = await withoutJs(browser);
  await signUp(page, newPerson("api-nojs"));
  await page.goto("/account/api-keys");
  await page.getByLabel("Name", { exact: true }).fill("");
  await page.getByLabel("Expires after (days)").fill("400");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Give the key a name")).toBeVisible();
  await expect(page.getByText("Pick at least one scope")).toBeVisible();
  await expect(page.getByText("A key lasts at most 365 days")).toBeVisible();
  await expect(page.getByLabel("Your new API key")).toHaveCount(0);
  await expect(formAlert(page)).toHaveText("Some fields need attention");

  await page.getByLabel("Name", { exact: true }).fill("No-JS key");
  await page.getByLabel("events:read", { exact: true }).check();
  await page.getByLabel("Expires after (days)").fill("30");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = await page.getByLabel("Your new API key").inputValue();
  expect(secret).toMatch(/^grk_/);
  await expect(page.getByRole("listitem", { name: "Key No-JS key" })).toContainText("events:read");
  expect((await request.get("/api/v1/events", { headers: bearer(secret) })).status()).toBe(200);
  await page.goto("/account/api-keys");
  expect(await page.content()).not.toContain(secret);
  await page.context().close();
});

test("the API guide says how to authenticate and links the OpenAPI document", async ({ page }) => {
  await page.goto("/developers");
  await expect(page.getByRole("heading", { level: 1, name: "Greenroom API" })).toBeVisible();
  await expect(page.getByText("Authorization: Bearer grk_")).toBeVisible();
  const link = page.getByRole("link", { name: "OpenAPI document" });
  expect((await page.request.get((await link.getAttribute("href")) ?? "")).status()).toBe(200);
});
