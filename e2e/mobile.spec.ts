import { createEvent, expect, newPerson, signUp, test } from "./fixtures";

test("the organizer pages fit a phone screen", async ({ page }) => {
  await signUp(page, newPerson("phone"));
  await createEvent(page, "Pocket Conf");
  await page.getByRole("link", { name: "Open stage of Main stage" }).click();
  await expect(page.getByRole("button", { name: "Put on stage" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
