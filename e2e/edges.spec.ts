import { request as httpRequest } from "node:http";
import type { APIRequestContext, APIResponse, Browser, BrowserContext, Page } from "@playwright/test";
import { confirmThroughOutbox, createEvent, expect, newPerson, publishAnyway, signIn, signUp, test } from "./fixtures";

async function inNewContext(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test("every response carries the security headers, with a fresh CSP nonce on each page", async ({ page, request }) => {
  const first = await request.get("/signin");
  const second = await request.get("/signin");
  const csp = first.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(second.headers()["content-security-policy"]).not.toBe(csp);
  for (const response of [first, await request.get("/no-such-page"), await request.get("/api/operations/op-nope")]) {
    const headers = response.headers();
    expect(headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  }

  // The page's own scripts carry the nonce, so the app still hydrates under the policy (the fixture fails the
  // test on any console error, CSP violations included).
  const response = await page.goto("/signin");
  const nonce = /'nonce-([^']+)'/.exec(response?.headers()["content-security-policy"] ?? "")?.[1];
  expect(nonce).toBeTruthy();
  const scripts = page.locator("script");
  expect(await scripts.count()).toBeGreaterThan(0);
  for (const script of await scripts.all()) expect(await script.evaluate((s) => (s as HTMLScriptElement).nonce)).toBe(nonce);
  const asset = (await page.locator("script[src]").first().getAttribute("src")) ?? "";
  expect(asset).toMatch(/^\/_next\/static\//);
  // Static chunks come from the assets binding without running the Worker, and carry no security headers (see
  // docs/architecture.md, HTTP edges): they are served, and the page above hydrated under the policy.
  const file = await request.get(asset);
  expect(file.status()).toBe(200);
});

test("a signed-out visitor to a deep link signs in and lands there; foreign destinations stay on the app", async ({
  page,
  browser,
}) => {
  const organizer = newPerson("deeplink");
  await signUp(page, organizer);
  const eventUrl = await createEvent(page, "Deep Link Days");
  const eventPath = new URL(eventUrl).pathname;
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto(eventPath);
  await expect(page).toHaveURL(`/signin?next=${encodeURIComponent(eventPath)}`);
  await page.getByLabel("Email").fill(organizer.email);
  await page.getByLabel("Password").fill(organizer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(eventPath);
  await expect(page.getByRole("heading", { level: 1, name: "Deep Link Days" })).toBeVisible();

  for (const next of ["//evil.test", "/\\evil.test", "https://evil.test", "%2F%2Fevil.test", "/%5Cevil.test"]) {
    const visitor = await inNewContext(browser);
    await visitor.goto(`/signin?next=${encodeURIComponent(next)}`);
    await visitor.getByLabel("Email").fill(organizer.email);
    await visitor.getByLabel("Password").fill(organizer.password);
    await visitor.getByRole("button", { name: "Sign in" }).click();
    await expect(visitor).toHaveURL(/\/events$/);
    expect(new URL(visitor.url()).host).toBe(new URL(page.url()).host);
    await visitor.context().close();
  }
});

test("an attendee opening a stage page gets a 403 page, not a 500", async ({ page, browser, allowConsoleErrors }) => {
  // The attendee has an account before the invitation, so it is the link (not the sign-up) that grants access.
  const attendee = newPerson("attendee");
  const attendeePage = await inNewContext(browser);
  await signUp(attendeePage, attendee);
  await signUp(page, newPerson("organizer"));
  const eventUrl = await createEvent(page, "Attendee Expo");
  await page.getByRole("link", { name: "Open stage of Main stage" }).click();
  await expect(page).toHaveURL(/\/stage$/);
  const stageUrl = page.url();
  await page.goto(eventUrl);
  await page.getByRole("link", { name: "People & access" }).click();
  await page.getByLabel("Email").fill(attendee.email);
  await page.getByLabel("Role").selectOption({ label: "Attendee" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = await page.getByLabel("Invitation link").inputValue();

  await attendeePage.goto(link);
  await attendeePage.getByRole("button", { name: "Accept invitation" }).click();
  // Exact: the invitation page's own heading ("You're invited to Attendee Expo…") must not pass for the event page.
  await expect(attendeePage.getByRole("heading", { level: 1, name: "Attendee Expo", exact: true })).toBeVisible();
  const response = await attendeePage.goto(stageUrl);
  expect(response?.status()).toBe(403);
  await expect(attendeePage.getByRole("heading", { name: "No access" })).toBeVisible();
  const participants = await attendeePage.goto(`${eventUrl}/participants`);
  expect(participants?.status()).toBe(403);
  allowConsoleErrors(/status of 403/);
  await attendeePage.context().close();
});

test("the public event page tells a stranger what they can do, and signing in from it comes back to it", async ({
  page,
  browser,
}) => {
  const organizer = newPerson("publisher");
  await signUp(page, organizer);
  await createEvent(page, "Open Air Live");
  await publishAnyway(page);
  await expect(page.getByText("Published")).toBeVisible();
  const publicPath = (await page.getByRole("link", { name: /\/e\// }).getAttribute("href")) ?? "";

  const stranger = await inNewContext(browser);
  const visitor = newPerson("visitor");
  await stranger.goto(publicPath);
  const join = stranger.getByRole("region", { name: "Joining this event" });
  await expect(join).toContainText("invitation");
  await join.getByRole("link", { name: "create an account" }).click();
  await stranger.getByLabel("Your name").fill(visitor.name);
  await stranger.getByLabel("Email").fill(visitor.email);
  await stranger.getByLabel("Password").fill(visitor.password);
  await stranger.getByRole("button", { name: "Create account" }).click();
  // A new account is only signed in once its address is confirmed through the mailed link.
  await expect(stranger.getByRole("heading", { name: "Check your mail" })).toBeVisible();
  await confirmThroughOutbox(stranger, visitor);
  await expect(stranger).toHaveURL(/\/events$/);
  await stranger.getByRole("button", { name: "Sign out" }).click();
  await expect(stranger.getByRole("navigation").getByRole("link", { name: "Sign in" })).toBeVisible();

  // Signing in from the public page comes back to it.
  await stranger.goto(publicPath);
  await stranger.getByRole("region", { name: "Joining this event" }).getByRole("link", { name: "sign in" }).click();
  await stranger.getByLabel("Email").fill(visitor.email);
  await stranger.getByLabel("Password").fill(visitor.password);
  await stranger.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(stranger).toHaveURL(publicPath);
  await expect(stranger.getByRole("heading", { level: 1, name: "Open Air Live" })).toBeVisible();
  await expect(stranger.getByRole("region", { name: "Joining this event" })).toContainText("no access");

  await page.goto(publicPath);
  await page.getByRole("link", { name: "Open Open Air Live" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Open Air Live" })).toBeVisible();
  await stranger.context().close();
});

test("signing out ends the session on the server; Sign out everywhere ends the other browsers' sessions", async ({
  page,
  browser,
}) => {
  const person = newPerson("sessions");
  await signUp(page, person);
  const stolen = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Sign in" })).toBeVisible();
  // A copy of the old cookie no longer works.
  const replay = await browser.newContext();
  await replay.addCookies(stolen);
  const replayPage = await replay.newPage();
  await replayPage.goto("/events");
  await expect(replayPage).toHaveURL(/\/signin/);
  await replay.close();

  await signIn(page, person);
  await expect(page).toHaveURL(/\/events$/);
  const laptop = await inNewContext(browser);
  await signIn(laptop, person);
  await expect(laptop).toHaveURL(/\/events$/);
  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await laptop.goto("/events");
  await expect(laptop).toHaveURL(/\/signin/);
  await laptop.context().close();
});

// ---- The HTTP edge (apps/webapp/src/server/edge-guard.ts): what Next or OpenNext would answer with a 500 ----

const DEMO = { email: "demo@greenroom.test", password: "greenroom-demo-password" };
const E = "demo0event0launch0000001";
const R = "demo0room0mainstage00001";
const PROBLEM = "application/problem+json";

/**
 * An API request context signed in as the seeded demo organizer: signed in on the sign-in page in a browser, its
 * cookies then carried by a request context of its own.
 */
async function signedInRequest(
  playwright: { request: { newContext: (o: { baseURL?: string; storageState?: StorageState }) => Promise<APIRequestContext> } },
  browser: Browser,
  baseURL?: string,
) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, DEMO);
  await expect(page).toHaveURL(/\/events$/);
  const storageState = await context.storageState();
  await context.close();
  expect(storageState.cookies.map((c) => c.name)).toContain("authjs.session-token");
  return playwright.request.newContext({ baseURL, storageState });
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

async function expectProblem(response: APIResponse, status: number, code: string) {
  expect(response.status(), `${response.url()}`).toBe(status);
  expect(response.headers()["content-type"]).toBe(PROBLEM);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: "about:blank" });
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  return body;
}

/** A POST whose body is sent chunked (no Content-Length), `total` bytes in 64 KiB pieces. */
function chunkedPost(baseURL: string, path: string, total: number, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; contentType: string; body: string }>((resolvePost, reject) => {
    const request = httpRequest(new URL(path, baseURL), { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolvePost({ status: response.statusCode ?? 0, contentType: String(response.headers["content-type"]), body }));
    });
    request.on("error", reject);
    const piece = Buffer.alloc(64 * 1024, 0x61);
    for (let sent = 0; sent < total; sent += piece.length) request.write(piece);
    request.end();
  });
}

const MALFORMED = "%E0%A4%A";
const DYNAMIC_ROUTES = [
  `/signin/link/${MALFORMED}`,
  `/verify/${MALFORMED}`,
  `/invite/${MALFORMED}`,
  `/e/${MALFORMED}`,
  `/events/${MALFORMED}`,
  `/events/${MALFORMED}/access`,
  `/events/${MALFORMED}/check-in`,
  `/events/${MALFORMED}/clips`,
  `/events/${MALFORMED}/edit`,
  `/events/${MALFORMED}/orders`,
  `/events/${E}/orders/${MALFORMED}`,
  `/events/${MALFORMED}/participants`,
  `/events/${MALFORMED}/participants/export.csv`,
  `/events/${MALFORMED}/rooms/${R}`,
  `/events/${E}/rooms/${MALFORMED}`,
  `/events/${E}/rooms/%ZZ/stage`,
  `/events/${MALFORMED}/tickets`,
  `/operations/${MALFORMED}`,
  `/api/operations/${MALFORMED}`,
  `/api/events/${MALFORMED}/orders.csv`,
  `/api/events/${MALFORMED}/participants.csv`,
  `/api/auth/${MALFORMED}`,
];

test("a malformed percent-escape in any dynamic route answers 400 in problem+json with no stack trace, signed in and out", async ({
  request,
  playwright,
  browser,
  baseURL,
}) => {
  const signedIn = await signedInRequest(playwright, browser, baseURL);
  for (const client of [request, signedIn]) {
    for (const path of DYNAMIC_ROUTES) {
      const body = await expectProblem(await client.get(path), 400, "malformed_path");
      expect(JSON.stringify(body)).not.toMatch(/\bat \S+ \(|Error:|URIError/);
    }
    const posts = [`/api/rooms/${MALFORMED}/stage`, `/api/rooms/${MALFORMED}/recording`, `/api/hooks/stripe/${MALFORMED}`];
    for (const path of posts) {
      await expectProblem(await client.post(path, { data: {}, headers: { origin: baseURL ?? "" } }), 400, "malformed_path");
    }
    await expectProblem(await client.delete(`/api/events/${MALFORMED}`, { headers: { origin: baseURL ?? "" } }), 400, "malformed_path");
  }
  await signedIn.dispose();
});

test("bodies over a path's ceiling get 413 before the app reads them, by Content-Length and chunked", async ({ request, baseURL }) => {
  const base = baseURL ?? "";
  // Declared: a webhook over 256 KiB, a page's form post over 1 MiB (Next would buffer it, then fail with a 500).
  const hook = await request.post(`/api/hooks/stripe/${E}`, { data: Buffer.alloc(300 * 1024, 0x20), headers: { "content-type": "application/json" } });
  expect(await expectProblem(hook, 413, "too_large")).toMatchObject({ maxBytes: 256 * 1024 });
  const form = await request.post("/signin", { data: Buffer.alloc(2 * 1024 * 1024, 0x61), headers: { "content-type": "text/plain" } });
  await expectProblem(form, 413, "too_large");

  // Chunked, no Content-Length: refused once it grows past the ceiling.
  for (const [path, total] of [
    [`/api/hooks/stripe/${E}`, 320 * 1024],
    [`/api/rooms/${R}/stage`, 128 * 1024],
    ["/events", 2 * 1024 * 1024],
  ] as const) {
    const answer = await chunkedPost(base, path, total, { "content-type": "application/json" });
    expect(answer.status, path).toBe(413);
    expect(answer.contentType).toBe(PROBLEM);
    expect(JSON.parse(answer.body)).toMatchObject({ code: "too_large" });
  }
  // The CSV import page takes the few MiB a 1 MiB file and its preview need: not refused at the edge.
  const csvPage = await chunkedPost(base, `/events/${E}/orders`, 2 * 1024 * 1024, { "content-type": "text/plain" });
  expect(csvPage.status).not.toBe(413);
  // The refused bodies were drained: the next request is answered.
  expect((await request.get("/signin")).status()).toBe(200);
});

test("machine endpoints answer every error in the problem+json envelope with a stable code", async ({ request, playwright, browser, baseURL }) => {
  const origin = baseURL ?? "";
  await expectProblem(await request.get("/api/no-such-endpoint"), 404, "not_found");
  await expectProblem(await request.get("/api/operations/op-nope"), 401, "unauthenticated");
  await expectProblem(await request.delete(`/api/events/${E}`, { headers: { origin: "https://evil.test" } }), 403, "forbidden");

  const signedIn = await signedInRequest(playwright, browser, baseURL);
  const stage = `/api/rooms/${R}/stage`;
  await expectProblem(await signedIn.post(stage, { data: "{}", headers: { "content-type": "text/plain" } }), 415, "unsupported_media_type");
  await expectProblem(await signedIn.post(stage, { data: Buffer.from("{not json"), headers: { "content-type": "Application/JSON; charset=utf-8" } }), 400, "invalid_json");
  await expectProblem(
    await signedIn.post(stage, { data: JSON.stringify({ pad: "x".repeat(5000) }), headers: { "content-type": "application/json" } }),
    413,
    "too_large",
  );
  const unknown = await expectProblem(await signedIn.post(stage, { data: { action: "dance" } }), 400, "invalid");
  expect(unknown.fieldErrors).toMatchObject({ action: [expect.any(String)] });
  // The content type is compared case-insensitively with parameters: the request reaches the verb (an unknown room).
  const recording = await signedIn.post("/api/rooms/room-that-does-not-exist/recording", {
    data: JSON.stringify({ action: "start" }),
    headers: { "content-type": "Application/JSON; charset=utf-8", origin },
  });
  await expectProblem(recording, 404, "not_found");
  await expectProblem(await signedIn.get("/api/operations/op-nope"), 404, "not_found");
  await signedIn.dispose();
});

test("malformed cookies, headers and queries answer 4xx or are ignored, never a 500", async ({ request, playwright, browser, baseURL }) => {
  const origin = baseURL ?? "";
  const signedIn = await signedInRequest(playwright, browser, baseURL);
  const session = (await signedIn.storageState()).cookies.find((c) => c.name === "authjs.session-token")?.value ?? "";
  // Pages, and the API Worker's browser endpoints, which read the same cookies.
  const pages = ["/events", `/events/${E}`, `/events/${E}/rooms/${R}/stage`, `/events/${E}/orders`, "/account", `/api/events/${E}/orders.csv`, "/api/operations/op-nope"];
  const cookieSets = [
    `authjs.session-token=${session}; gr_d1_bookmark=garbage%ZZ`,
    `authjs.session-token=${session}; gr_stage_bookmarks=%E0%A4%A; gr_account=%E0%A4%A`,
    `authjs.session-token=${session}; %ZZ=1; x=%E0%A4%A`,
    "authjs.session-token=garbage.%ZZ.token",
    "authjs.session-token.0=garbage; authjs.session-token.1=%ZZ",
  ];
  for (const cookie of cookieSets) {
    for (const path of pages) {
      const response = await request.get(path, { headers: { cookie }, maxRedirects: 0 });
      expect(response.status(), `${path} with ${cookie.slice(-40)}`).toBeLessThan(500);
    }
  }
  // A router-state header Next cannot parse (it would throw): 400 at the edge.
  for (const tree of ["%ZZgarbage", "%5B%22x%22", encodeURIComponent(JSON.stringify([1, {}]))]) {
    await expectProblem(await signedIn.get("/events", { headers: { rsc: "1", "next-router-state-tree": tree } }), 400, "invalid_router_state");
  }
  // An Idempotency-Key that is not a header token: 400 before anything is started.
  const key = await signedIn.delete("/api/events/event-that-does-not-exist", { headers: { origin, "idempotency-key": "has spaces in it" } });
  await expectProblem(key, 400, "invalid_idempotency_key");
  // Queries: bad escapes, repeated and huge values are ignored or refused.
  const long = "a".repeat(4000);
  for (const query of ["page=%ZZ", "after=%E0%A4%A", "after=a&after=b", `after=${long}`, "status=%ZZ&retailer=x&retailer=y", "next=a&next=b", "%ZZ=1"]) {
    for (const path of ["/events", `/events/${E}/orders`, `/events/${E}/participants`, "/signin", "/account/audit", `/api/events/${E}/orders.csv`]) {
      const response = await signedIn.get(`${path}?${query}`, { maxRedirects: 0 });
      expect(response.status(), `${path}?${query.slice(0, 40)}`).toBeLessThan(500);
    }
  }
  await signedIn.dispose();
});
