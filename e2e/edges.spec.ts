import type { Browser, Page } from "@playwright/test";
import { confirmThroughOutbox, createEvent, expect, newPerson, signIn, signUp, test } from "./fixtures";

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
  for (const response of [first, await request.get("/no-such-page"), await request.get("/api/auth/session")]) {
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
  await page.getByRole("button", { name: "Publish event" }).click();
  await expect(page.getByText("Published")).toBeVisible();
  const publicPath = (await page.getByRole("link", { name: /^\/e\// }).getAttribute("href")) ?? "";

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
