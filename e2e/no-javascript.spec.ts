import type { Browser, Page } from "@playwright/test";
import { expect, formAlert, newPerson, signIn, signUp, test, ticketMail } from "./fixtures";

// Every form is a plain HTML form post to a server action: with JavaScript off the browser submits it natively
// (this is also what happens when someone presses a button before the page has hydrated).
async function withoutJs(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  return context.newPage();
}

test("sign up, sign out, a wrong password and sign in work without JavaScript", async ({ browser }) => {
  const page = await withoutJs(browser);
  const person = newPerson("nojs");
  await signUp(page, person);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Sign in" })).toBeVisible();

  await signIn(page, { email: person.email, password: "not-the-password" });
  await expect(formAlert(page)).toHaveText("Wrong email or password.");
  await expect(page.getByLabel("Email")).toHaveValue(person.email);
  await signIn(page, person);
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByText(person.email)).toBeVisible();
  await page.context().close();
});

test("a sign-in link is requested and used without JavaScript; its page keeps the token out of other sites' referrers", async ({
  browser,
}) => {
  const person = newPerson("nojs-link");
  const setup = await withoutJs(browser);
  await signUp(setup, person);
  await setup.context().close();

  const page = await withoutJs(browser);
  await page.goto("/signin/link");
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toHaveText(/a sign-in link is on its way/);

  await page.goto(`/dev/outbox?to=${encodeURIComponent(person.email)}`);
  const href = (await page.getByRole("link", { name: /\/signin\/link\// }).first().getAttribute("href")) ?? "";
  const response = await page.goto(href);
  // `same-origin`, not `no-referrer`: with no-referrer Chromium posts the form with `Origin: null`, which Next
  // refuses as an invalid server action request.
  expect(response?.headers()["referrer-policy"]).toBe("same-origin");
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute("content", "same-origin");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByText(person.email)).toBeVisible();
  await page.context().close();
});

test("create an event, invite someone and accept the invitation without JavaScript", async ({ browser }) => {
  // The guest has an account before the invitation, so it is the link (not the sign-up) that grants access.
  const guest = newPerson("nojs-guest");
  const invitee = await withoutJs(browser);
  await signUp(invitee, guest);
  const organizer = await withoutJs(browser);
  await signUp(organizer, newPerson("nojs-organizer"));
  await organizer.goto("/events/new");
  await organizer.getByLabel("Event name").fill("Quiet Summit");
  await organizer.getByLabel("Starts").fill("2026-12-01T18:00");
  await organizer.getByLabel("Ends").fill("2026-12-01T20:00");
  await organizer.getByLabel("Time zone").fill("Europe/Berlin");
  await organizer.getByRole("button", { name: "Create event" }).click();
  await expect(organizer.getByRole("heading", { level: 1, name: "Quiet Summit" })).toBeVisible();

  await organizer.getByRole("link", { name: "People & access" }).click();
  await organizer.getByLabel("Email").fill(guest.email);
  await organizer.getByLabel("Role").selectOption({ label: "Speaker" });
  await organizer.getByRole("button", { name: "Send invitation" }).click();
  const link = await organizer.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{20,}$/);

  const response = await invitee.goto(link);
  expect(response?.headers()["referrer-policy"]).toBe("same-origin");
  await invitee.getByRole("button", { name: "Accept invitation" }).click();
  await expect(invitee.getByRole("heading", { level: 1, name: "Quiet Summit", exact: true })).toBeVisible();
  await organizer.context().close();
  await invitee.context().close();
});

test("publishing an event nobody can join warns first, and a free ticket is registered and confirmed, without JavaScript", async ({
  browser,
}) => {
  const organizer = await withoutJs(browser);
  await signUp(organizer, newPerson("nojs-publisher"));
  await organizer.goto("/events/new");
  await organizer.getByLabel("Event name").fill("Quiet Door");
  await organizer.getByLabel("Starts").fill("2026-12-01T18:00");
  await organizer.getByLabel("Ends").fill("2026-12-01T20:00");
  await organizer.getByLabel("Time zone").fill("Europe/Berlin");
  await organizer.getByLabel("Room name").fill("Main stage");
  await organizer.getByRole("button", { name: "Create event" }).click();
  await expect(organizer.getByRole("heading", { level: 1, name: "Quiet Door" })).toBeVisible();
  const eventUrl = organizer.url();
  // No ticket type and no invitation: the first press warns and publishes nothing; the second publishes.
  await organizer.getByRole("button", { name: "Publish event" }).click();
  await expect(organizer.getByRole("alert").filter({ hasText: "Nobody can join this event yet" })).toBeVisible();
  await organizer.goto(eventUrl);
  await expect(organizer.getByRole("button", { name: "Publish event" })).toBeVisible();
  await organizer.getByRole("button", { name: "Publish event" }).click();
  await organizer.getByRole("button", { name: "Publish anyway" }).click();
  await expect(organizer.getByRole("status")).toContainText("The event is live");
  // The full public address is selectable text; the copy button needs JavaScript and is not there.
  const publicUrl = ((await organizer.getByTestId("public-url").textContent()) ?? "").trim();
  expect(publicUrl).toMatch(/^https?:\/\/[^/]+\/e\/[a-z0-9-]+$/);
  await expect(organizer.getByRole("button", { name: "Copy link" })).toHaveCount(0);
  await organizer.getByRole("link", { name: "Tickets" }).click();
  await organizer.getByLabel("Name").first().fill("Door pass");
  await organizer.getByRole("button", { name: "Add ticket type" }).click();
  await expect(organizer.getByRole("list", { name: "Ticket types" })).toContainText("Door pass");

  // A visitor registers with a name and an address only, and confirms with the mail's one link.
  const visitor = await withoutJs(browser);
  const person = newPerson("nojs-visitor");
  await visitor.goto(new URL(publicUrl).pathname);
  await visitor.getByLabel("Your name").fill(person.name);
  await visitor.getByLabel("Email").fill(person.email);
  await visitor.getByRole("button", { name: "Register" }).click();
  await expect(visitor.getByRole("status")).toContainText(`we sent a mail to ${person.email} with your ticket`);
  const mail = await ticketMail(visitor, person.email);
  expect(mail.qr.replace(/-/g, "")).toBe(mail.printedCode.replace(/-/g, ""));
  await visitor.goto(mail.confirmHref);
  await visitor.getByRole("button", { name: "Confirm my email" }).click();
  await expect(visitor.getByRole("region", { name: /You're registered/ })).toContainText(mail.shortCode);
  await expect(visitor.getByRole("button", { name: "Register" })).toHaveCount(0);
  await organizer.context().close();
  await visitor.context().close();
});
