import type { Page } from "@playwright/test";
import { expect, formAlert, newPerson, signUp, test } from "./fixtures";

test("a member signs in with an emailed link, which works only once", async ({ page }) => {
  const person = newPerson("linker");
  await signUp(page, person);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto("/signin");
  await page.getByRole("link", { name: "Email me a sign-in link instead" }).click();
  // Wait for the client-side navigation to finish, or the sign-in page's own Email field gets the text.
  await expect(page.getByRole("heading", { name: "Sign in with a link" })).toBeVisible();
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toHaveText(/a sign-in link is on its way/);

  await page.goto(`/dev/outbox?to=${encodeURIComponent(person.email)}`);
  const link = page.getByRole("link", { name: /\/signin\/link\// }).first();
  const url = (await link.getAttribute("href")) ?? "";
  await link.click();
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByText(person.email)).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Sign in/ })).toHaveCount(0);
});

async function mailedLink(page: Page, email: string): Promise<string> {
  await page.goto("/signin/link");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toHaveText(/a sign-in link is on its way/);
  await page.goto(`/dev/outbox?to=${encodeURIComponent(email)}`);
  return (await page.getByRole("link", { name: /\/signin\/link\// }).first().getAttribute("href")) ?? "";
}

test("a link names its address, and opening another account's link asks before switching", async ({ page, browser }) => {
  const owner = newPerson("link-owner");
  const other = newPerson("link-other");
  const elsewhere = await (await browser.newContext()).newPage();
  await signUp(elsewhere, owner);
  await elsewhere.getByRole("button", { name: "Sign out" }).click();
  await expect(elsewhere.getByRole("navigation").getByRole("link", { name: "Sign in" })).toBeVisible();
  const url = await mailedLink(elsewhere, owner.email);

  // Signed out: the page says whom the link signs in as.
  await elsewhere.goto(url);
  await expect(elsewhere.getByText(`This link signs you in to Greenroom as ${owner.email}`)).toBeVisible();

  // Signed in as someone else: the page asks, and the link stays unused until the visitor chooses.
  await signUp(page, other);
  await page.goto(url);
  await expect(formAlert(page)).toContainText(`This browser is signed in as ${other.email}`);
  await page.getByRole("link", { name: `Stay as ${other.email}` }).click();
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByText(other.email)).toBeVisible();
  await page.goto(url);
  await page.getByRole("button", { name: `Sign out and continue as ${owner.email}` }).click();
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByText(owner.email)).toBeVisible();
  await expect(page.getByText(other.email)).toHaveCount(0);
});
