import { DEMO_ADMIN as admin, DEMO_ORGANIZER as demo } from "@greenroom/config/demo";
import type { Page } from "@playwright/test";
import { confirmStep, expect, newPerson, signIn, signUp, test } from "./fixtures";

// D1 round trips per request, counted on the built app by the wrapper around the WEBAPP_DB binding
// (bench/pages/worker.js, which the e2e server runs): a request that sends `x-count-d1: 1` gets the count back.
// Budget (issue 7): a page is the session check plus one batch; a form post, with its re-render, at most three.
const COUNT = { "x-count-d1": "1" };
const event = `/events/${demo.eventId}`;
const room = `${event}/rooms/${demo.roomId}`;

const ORGANIZER_PAGES: [string, number][] = [
  ["/events", 2],
  [event, 2],
  [`${event}/edit`, 2],
  [`${event}/access`, 2],
  [`${event}/participants`, 2],
  [`${event}/tickets`, 2],
  [`${event}/check-in`, 2],
  ["/my", 2],
  [room, 2],
  [`${room}/stage`, 2],
  ["/account", 2],
  ["/account/audit", 2],
  ["/account/roles", 2],
  ["/account/api-keys", 2],
];

// The platform-admin check and the page's read share one batch.
const ADMIN_PAGES: [string, number][] = [
  ["/admin", 2],
  ["/admin/users", 2],
  ["/admin/accounts", 2],
  ["/admin/events", 2],
  ["/admin/audit", 2],
  // Plus RPC calls to the workers app (shard ids and row counts; one shard's log page), which touch no webapp D1.
  ["/admin/shards", 2],
  ["/admin/logs", 2],
  ["/admin/operations", 2],
];

async function roundTrips(page: Page, path: string): Promise<number> {
  const response = await page.request.get(path, { headers: COUNT, maxRedirects: 0 });
  expect(response.status(), `${path} answers`).toBe(200);
  const header = response.headers()["x-d1-round-trips"];
  expect(header, `${path} is counted`).toMatch(/^\d+$/);
  return Number(header);
}

test("every organizer and admin page stays within its D1 round trips", async ({ page, browser }) => {
  await signIn(page, demo);
  await expect(page).toHaveURL(/\/events$/);
  const counted: Record<string, number> = {};
  for (const [path] of ORGANIZER_PAGES) counted[path] = await roundTrips(page, path);
  expect(counted).toEqual(Object.fromEntries(ORGANIZER_PAGES));

  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, admin);
  await expect(adminPage).toHaveURL(/\/events$/);
  const adminCounted: Record<string, number> = {};
  for (const [path] of ADMIN_PAGES) adminCounted[path] = await roundTrips(adminPage, path);
  expect(adminCounted).toEqual(Object.fromEntries(ADMIN_PAGES));
  await adminPage.context().close();
});

test("a signed-out visitor costs no D1 round trip, and the sign-in page none either", async ({ page }) => {
  expect(await roundTrips(page, "/signin")).toBe(0);
  expect(await roundTrips(page, "/")).toBe(0);
});

/**
 * Sends `x-count-d1` with the page's next form post, clicks, and answers the D1 round trips of that post: the
 * server action and the re-render it answers with, in one request.
 */
async function countedPost(page: Page, urlPart: string, click: () => Promise<void>): Promise<number> {
  // A header rather than a route: a page-level "**/*" route that is removed while the page still loads its chunks
  // hands those requests on to the context's static-file route after they were already answered.
  await page.setExtraHTTPHeaders(COUNT);
  const posted = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(urlPart));
  await click();
  const response = await posted;
  await page.setExtraHTTPHeaders({});
  const header = response.headers()["x-d1-round-trips"];
  expect(header, `the post to ${urlPart} is counted`).toMatch(/^\d+$/);
  console.log(`form post to ${urlPart}: ${header} D1 round trips`);
  return Number(header);
}

test("inviting a speaker, including the page's re-render, takes at most three D1 round trips", async ({ page }) => {
  await signIn(page, demo);
  await expect(page).toHaveURL(/\/events$/);
  await page.goto(`${event}/access`);
  const email = `round-trips-${Date.now().toString(36)}@e2e.test`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role").selectOption({ label: "Speaker" });
  const trips = await countedPost(page, "/access", () => page.getByRole("button", { name: "Send invitation" }).click());
  await expect(confirmStep(page, `Revoke the invitation to ${email}`)).toBeVisible();
  // The session check (shared by the action and its re-render), the invite's one batch, the page's one batch.
  expect(trips).toBeLessThanOrEqual(3);
});

test("organizer form actions, each with its re-render, stay within their D1 round trips", async ({ page }) => {
  test.slow();
  const organizer = newPerson("trips");
  await signUp(page, organizer);
  const counted: Record<string, number> = {};

  await page.goto("/events/new");
  await page.getByLabel("Event name").fill("Round-trip Summit");
  await page.getByLabel("Starts").fill("2026-12-01T18:00");
  await page.getByLabel("Ends").fill("2026-12-01T20:00");
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByLabel("Room name").fill("Main stage");
  counted.createEvent = await countedPost(page, "/events/new", () => page.getByRole("button", { name: "Create event" }).click());
  await expect(page.getByRole("heading", { level: 1, name: "Round-trip Summit" })).toBeVisible();
  const eventUrl = new URL(page.url()).pathname;

  const roomForm = page.locator("form", { has: page.getByRole("heading", { name: "Add a room" }) });
  await roomForm.getByLabel("Room name").fill("Workshop");
  counted.addRoom = await countedPost(page, eventUrl, () => roomForm.getByRole("button", { name: "Add room" }).click());
  await expect(page.getByText("Workshop").first()).toBeVisible();

  // An event with no ticket type and no invitation warns first; "Publish anyway" publishes.
  counted.publishWarning = await countedPost(page, eventUrl, () => page.getByRole("button", { name: "Publish event" }).click());
  await expect(page.getByRole("alert").filter({ hasText: "Nobody can join this event yet" })).toBeVisible();
  counted.publish = await countedPost(page, eventUrl, () => page.getByRole("button", { name: "Publish anyway" }).click());
  await expect(page.getByRole("button", { name: "Publish anyway" })).toHaveCount(0);

  await page.goto(`${eventUrl}/access`);
  const email = `trips-guest-${Date.now().toString(36)}@e2e.test`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role").selectOption({ label: "Speaker" });
  counted.invite = await countedPost(page, "/access", () => page.getByRole("button", { name: "Send invitation" }).click());
  await expect(confirmStep(page, `Revoke the invitation to ${email}`)).toBeVisible();
  counted.resend = await countedPost(page, "/access", () =>
    page.getByRole("button", { name: `Resend the invitation to ${email}` }).click(),
  );
  await expect(page.getByText(`Invitation sent again to ${email}.`)).toBeVisible();
  await confirmStep(page, `Revoke the invitation to ${email}`).click();
  counted.revoke = await countedPost(page, "/access", () =>
    page.getByRole("button", { name: `Yes, revoke the invitation to ${email}` }).click(),
  );
  await expect(confirmStep(page, `Revoke the invitation to ${email}`)).toHaveCount(0);

  await page.goto("/account/roles");
  const roleForm = page.locator("form", { has: page.getByRole("button", { name: "Create role" }) });
  await roleForm.getByLabel("Name", { exact: true }).fill("Usher");
  await roleForm.getByRole("checkbox").first().check();
  counted.createRole = await countedPost(page, "/account/roles", () => roleForm.getByRole("button", { name: "Create role" }).click());
  await expect(page.getByRole("heading", { name: /Usher/ })).toBeVisible();

  await page.goto(eventUrl);
  await confirmStep(page, "Archive event").click();
  counted.archive = await countedPost(page, eventUrl, () => page.getByRole("button", { name: "Yes, archive the event" }).click());

  console.log(`D1 round trips per form post (action and re-render): ${JSON.stringify(counted)}`);
  for (const [action, trips] of Object.entries(ACTION_BUDGET)) expect(counted[action], action).toBeLessThanOrEqual(trips);
});

// Form posts, each with the re-render it answers with, measured on the built app. An action that ends in a redirect
// (create event, publish, archive: they land on the event page with a notice) makes Next render the target page
// through a second request to the Worker; the counter adds that request's round trips (the session check and the
// page's batch, 2) to the post's. Inviting is at three; adding a room and creating a role re-render in place at four;
// resend and revoke load the invitation first (five). Budget (issue 7): three for the post itself.
const ACTION_BUDGET: Record<string, number> = {
  createEvent: 5,
  addRoom: 4,
  publishWarning: 3,
  publish: 5,
  invite: 3,
  resend: 5,
  revoke: 5,
  createRole: 4,
  archive: 5,
};
