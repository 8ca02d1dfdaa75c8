import { DEMO_ADMIN } from "@greenroom/config/demo";
import type { Page } from "@playwright/test";
import { createEvent, expect, newPerson, signIn, signUp, test } from "./fixtures";

const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test("the organizer pages fit a phone screen", async ({ page }) => {
  await signUp(page, newPerson("phone"));
  const eventUrl = await createEvent(page, "Pocket Conf");
  for (const path of ["", "/access", "/participants", "/edit"]) {
    await page.goto(`${eventUrl}${path}`);
    expect(await horizontalOverflow(page), `overflow on ${path || "event page"}`).toBeLessThanOrEqual(0);
  }
  await page.goto(eventUrl);
  await page.getByRole("link", { name: "Open stage of Main stage" }).click();
  await expect(page.getByRole("button", { name: "Put guest on stage" })).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
});

test("the admin tables scroll inside their box on a phone, not the page", async ({ page }) => {
  await signIn(page, DEMO_ADMIN);
  await expect(page).toHaveURL(/\/events$/);
  for (const path of ["/admin", "/admin/users", "/admin/accounts", "/admin/events", "/admin/audit", "/admin/shards", "/admin/logs", "/account/roles"]) {
    await page.goto(path);
    expect(await horizontalOverflow(page), `overflow on ${path}`).toBeLessThanOrEqual(0);
  }
});
