import type { Browser, Page } from "@playwright/test";
import { expect, formAlert, newPerson, signIn, signUp, test } from "./fixtures";

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
