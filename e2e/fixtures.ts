import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { test as base, type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";

export type Person = { name: string; email: string; password: string };

let counter = 0;
export function newPerson(label = "organizer"): Person {
  counter += 1;
  const id = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  return { name: `E2E ${label} ${id}`, email: `${label}-${id}@e2e.test`, password: "e2e-password-123" };
}

const ASSETS = resolve(import.meta.dirname, "../apps/webapp/.open-next/assets");
const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".woff2": "font/woff2",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".map": "application/json",
};

/**
 * Serves the built app's hashed static files (`/_next/static/*`, from the same build output the Worker's assets
 * binding serves) to the browser from disk; pages, server actions and RSC requests still go to the built Worker.
 * wrangler 4.86's local asset server now and then leaves one of a page's parallel chunk requests unanswered right
 * after a server action's redirect (traces show the chunks at status -1, with or without the HTTP cache), so the page
 * never reaches "load" and the test hangs for minutes. Deployed, Cloudflare serves these files, not that server.
 */
async function staticFromBuild(context: BrowserContext): Promise<BrowserContext> {
  await context.route("**/_next/static/**", async (route) => {
    const file = resolve(ASSETS, `.${decodeURIComponent(new URL(route.request().url()).pathname)}`);
    if (!file.startsWith(`${ASSETS}/`)) return route.continue();
    try {
      const body = await readFile(file);
      return route.fulfill({
        body,
        contentType: CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
        headers: { "cache-control": "public, max-age=31536000, immutable" },
      });
    } catch {
      return route.continue();
    }
  });
  return context;
}

/** Fails a test on any console error or uncaught page error, unless the test declares it expected. */
export const test = base.extend<{ allowConsoleErrors: (pattern: RegExp) => void }, { browser: Browser }>({
  context: async ({ context }, use) => {
    await use(await staticFromBuild(context));
  },
  // Contexts that tests open themselves (a second person, JavaScript off) get the same treatment.
  browser: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => staticFromBuild(await newContext(options));
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
  // Someone who organizes nothing but holds tickets or shared events lands on My events instead.
  await expect(page).toHaveURL(/\/(events|my)$/);
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

/**
 * Publishes the event on its page when it has no ticket type and no invitation yet: the first press warns that
 * nobody can join, the second ("Publish anyway") publishes.
 */
export async function publishAnyway(page: Page) {
  await page.getByRole("button", { name: "Publish event" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Nobody can join this event yet" })).toBeVisible();
  await page.getByRole("button", { name: "Publish anyway" }).click();
  await expect(page.getByRole("button", { name: "Publish anyway" })).toHaveCount(0);
}

/** The one ticket mail to `email` in /dev/outbox, read apart: its QR code decoded from the PNG by jsQR. */
export async function ticketMail(page: Page, email: string) {
  await page.goto(`/dev/outbox?to=${encodeURIComponent(email)}`);
  const mails = page.getByRole("list", { name: "Mails" }).getByRole("listitem");
  await expect(mails).toHaveCount(1);
  const subject = ((await mails.first().getByRole("heading").textContent()) ?? "").trim();
  const body = (await mails.first().locator("p").last().textContent()) ?? "";
  const png = /--- Attachment: ticket-qr\.png \(image\/png, inline as cid:ticket-qr\) ---\s*base64:([A-Za-z0-9+/=]+)/.exec(body)?.[1];
  expect(png, "the mail carries the QR code as a PNG").toBeTruthy();
  const image = PNG.sync.read(Buffer.from(png ?? "", "base64"));
  const qr = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? "";
  expect(body).toContain("--- Attachment: event.ics (text/calendar; charset=utf-8; method=PUBLISH) ---");
  expect(body).toMatch(/BEGIN:VCALENDAR\r?\n/);
  const confirmHref = (await mails.first().getByRole("link", { name: /\/verify\// }).first().getAttribute("href")) ?? "";
  return {
    subject,
    body,
    qr,
    shortCode: /Short code: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(body)?.[1] ?? "",
    printedCode: /Ticket code: (\S+)/.exec(body)?.[1] ?? "",
    uid: /UID:(\S+)/.exec(body)?.[1] ?? "",
    confirmHref,
  };
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
