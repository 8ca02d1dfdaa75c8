import { createEvent, expect, newPerson, signUp, test } from "./fixtures";

test("another organizer gets 404 for someone else's event and stage", async ({ page, browser }) => {
  const owner = newPerson("owner");
  await signUp(page, owner);
  const eventUrl = await createEvent(page, "Private Summit");
  await page.getByRole("link", { name: "Open stage of Main stage" }).click();
  const stageUrl = page.url();

  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  await signUp(stranger, newPerson("stranger"));
  for (const url of [eventUrl, stageUrl]) {
    const response = await stranger.goto(url);
    expect(response?.status()).toBe(404);
    await expect(stranger.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(stranger.getByText("Private Summit")).toHaveCount(0);
  }
  await expect(stranger.getByRole("heading", { name: "No events yet" })).toHaveCount(0);
  await stranger.goto("/events");
  await expect(stranger.getByRole("heading", { name: "No events yet" })).toBeVisible();
  await strangerContext.close();
});

test("signed-out visitors are sent to sign in, with the way back", async ({ page }) => {
  await page.goto("/events");
  await expect(page).toHaveURL("/signin?next=%2Fevents");
});
