import { createEvent, expect, newPerson, signUp, test } from "./fixtures";

test("the organizer finds the event's clips page from the event page, with an empty state; strangers get 404", async ({
  page,
  browser,
}) => {
  await signUp(page, newPerson("owner"));
  const eventUrl = await createEvent(page, "Clips Summit");
  await page.getByRole("link", { name: "Clips" }).click();
  await expect(page).toHaveURL(`${eventUrl}/clips`);
  await expect(page.getByRole("heading", { name: "Clips", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No clips yet" })).toBeVisible();
  await expect(page.getByText("Clips appear here after a recording stops.")).toBeVisible();
  await page.getByRole("link", { name: "Go to the rooms" }).click();
  await expect(page).toHaveURL(eventUrl);

  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  await signUp(stranger, newPerson("stranger"));
  const response = await stranger.goto(`${eventUrl}/clips`);
  expect(response?.status()).toBe(404);
  await expect(stranger.getByText("Clips Summit")).toHaveCount(0);
  await strangerContext.close();
});

test("My events has a My clips section that says when clips appear", async ({ page }) => {
  await signUp(page, newPerson("attendee"));
  await page.goto("/my");
  await expect(page.getByRole("heading", { name: "My clips" })).toBeVisible();
  await expect(page.getByText("No clips of you yet.")).toBeVisible();
});

test("the local media sample is served as a static asset that Chromium can play", async ({ page, request }) => {
  const response = await request.get("/media/stage-sample.webm");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("video/webm");
  expect((await response.body()).byteLength).toBeLessThan(300_000);
  await page.goto("/signin");
  const playable = await page.evaluate(() => document.createElement("video").canPlayType('video/webm; codecs="vp9, opus"'));
  expect(playable).not.toBe("");
});
