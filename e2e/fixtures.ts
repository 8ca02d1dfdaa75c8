import { test as base, type Browser, type BrowserContext, expect, type Page } from "@playwright/test";

export type Person = { name: string; email: string; password: string };

let counter = 0;
export function newPerson(label = "organizer"): Person {
  counter += 1;
  const id = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  return { name: `E2E ${label} ${id}`, email: `${label}-${id}@e2e.test`, password: "e2e-password-123" };
}

/**
 * Turns off the browser's HTTP cache for a context: routing any request does that in Playwright. Without a cache,
 * Chromium never revalidates the built app's static chunks, and wrangler 4.86's local asset server sometimes leaves
 * such a conditional (If-None-Match, 304) request unanswered: a page then never reaches "load" and the test hangs
 * for minutes (seen in traces as chunks with status -1 right after a row of 304s). Full 200 responses have always
 * arrived. Deployed, assets are served by Cloudflare, not by this local server.
 */
async function withoutHttpCache(context: BrowserContext): Promise<BrowserContext> {
  await context.route("**/_next/static/**", (route) => route.continue());
  return context;
}

/** Fails a test on any console error or uncaught page error, unless the test declares it expected. */
export const test = base.extend<{ allowConsoleErrors: (pattern: RegExp) => void }, { browser: Browser }>({
  context: async ({ context }, use) => {
    await use(await withoutHttpCache(context));
  },
  // Contexts that tests open themselves (a second person, JavaScript off) get the same treatment.
  browser: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => withoutHttpCache(await newContext(options));
      await use(browser);
    },
    { scope: "worker" },
  ],
  allowConsoleErrors: [
    async ({ page }, use) => {
      const allowed: RegExp[] = [];
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() === "error" && !allowed.some((p) => p.test(msg.text()))) errors.push(msg.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use((pattern) => allowed.push(pattern));
      expect(errors, "console errors during the test").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Signs up and, unless `verify: false`, confirms the address through the local outbox (typing the password, so it
 * is kept), which signs the person in on /events. Sign-up alone only shows "check your mail".
 */
export async function signUp(page: Page, person: Person, options: { verify?: boolean } = {}) {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signup\/check-email$/);
  await expect(page.getByRole("heading", { name: "Check your mail" })).toBeVisible();
  if (options.verify === false) return;
  await confirmThroughOutbox(page, person);
  await expect(page).toHaveURL(/\/events$/);
}

/** Opens the newest verification link mailed to the person and confirms it (with their password when signed out). */
export async function confirmThroughOutbox(page: Page, person: Pick<Person, "email" | "password">) {
  await page.goto(`/dev/outbox?to=${encodeURIComponent(person.email)}`);
  const href = (await page.getByRole("link", { name: /\/verify\// }).first().getAttribute("href")) ?? "";
  expect(href).toMatch(/\/verify\/[\w-]{43}$/);
  await page.goto(href);
  const password = page.getByLabel("Password");
  if (await password.count()) await password.fill(person.password);
  await page.getByRole("button", { name: "Confirm my email" }).click();
}

export async function signIn(page: Page, person: Pick<Person, "email" | "password">) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Creates an event with one stage room through the UI and returns its URL. */
export async function createEvent(page: Page, name: string, roomName = "Main stage") {
  await page.goto("/events/new");
  await page.getByLabel("Event name").fill(name);
  await page.getByLabel("Starts").fill("2026-12-01T18:00");
  await page.getByLabel("Ends").fill("2026-12-01T20:00");
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByLabel("Room name").fill(roomName);
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return page.url();
}

/** A form's error message (Next's empty route announcer also has the alert role). */
export const formAlert = (page: Page) => page.getByRole("alert").filter({ hasText: /\S/ });

/** The first step of a destructive action: the disclosure that opens its confirmation (`ConfirmForm`). */
export const confirmStep = (page: Page, name: string) => page.locator("summary").filter({ hasText: name });

/** Opens a destructive action's confirmation and confirms it. */
export async function confirmAction(page: Page, name: string, confirmName: string | RegExp) {
  await confirmStep(page, name).click();
  await page.getByRole("button", { name: confirmName }).click();
}
