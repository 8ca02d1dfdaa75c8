import { confirmAction, confirmStep, createEvent, expect, newPerson, publishAnyway, signUp, test } from "./fixtures";

test.describe("in a New York browser", () => {
  test.use({ timezoneId: "America/New_York" });

  test("a new event defaults to the browser's time zone; the end follows the start; a past start is flagged", async ({
    page,
  }) => {
    await signUp(page, newPerson());
    await page.goto("/events/new");
    const zone = page.getByLabel("Time zone");
    await expect(zone).toHaveValue("America/New_York");
    await expect(page.getByText(/UTC−0[45]:00 now/)).toBeVisible();

    await page.getByLabel("Starts").fill("2030-05-04T09:30");
    await expect(page.getByLabel("Ends")).toHaveValue("2030-05-04T10:30");
    await expect(page.getByText(/already in the past/)).toHaveCount(0);
    await page.getByLabel("Starts").fill("2020-01-01T09:00");
    await expect(page.getByRole("status").filter({ hasText: "already in the past in America/New_York" })).toBeVisible();

    await page.getByLabel("Event name").fill("New York Night");
    await page.getByLabel("Starts").fill("2030-05-04T19:00");
    await page.getByRole("button", { name: "Create event" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "New York Night" })).toBeVisible();
    await expect(page.getByText("(America/New_York)")).toBeVisible();
  });
});

test("a failed create and a failed edit keep every field, with one message per field", async ({ page }) => {
  await signUp(page, newPerson());
  await page.goto("/events/new");
  await page.getByLabel("Description").fill("Talks, then drinks.\nBring a friend.");
  await page.getByLabel("Starts").fill("2030-05-04T19:00");
  await page.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByText("Name the event")).toHaveCount(1);
  await expect(page.getByLabel("Description")).toHaveValue("Talks, then drinks.\nBring a friend.");
  await expect(page.getByLabel("Starts")).toHaveValue("2030-05-04T19:00");

  const eventUrl = await createEvent(page, "Editable Evening");
  await page.getByRole("link", { name: "Edit event" }).click();
  await page.getByLabel("Description").fill("A description that must survive an error.");
  await page.getByLabel("Event name").fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Name the event")).toHaveCount(1);
  await expect(page.getByLabel("Description")).toHaveValue("A description that must survive an error.");

  // Saving works once the name is back, and says so.
  await page.getByLabel("Event name").fill("Editable Evening");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(`${eventUrl}?notice=saved`);
  await expect(page.getByRole("status").filter({ hasText: "Changes saved." })).toBeVisible();
  await expect(page.getByText("A description that must survive an error.")).toBeVisible();
});

test("archiving asks first, makes the event read-only, and can be undone", async ({ page }) => {
  await signUp(page, newPerson());
  const name = "Archive Me Carefully";
  await createEvent(page, name);
  await expect(page).toHaveTitle(new RegExp(`^${name}`));

  // The first click only opens the confirmation; nothing is archived yet.
  await confirmStep(page, "Archive event").click();
  await expect(page.getByText(/makes it read-only/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("link", { name: "Edit event" })).toBeVisible();

  await confirmAction(page, "Archive event", "Yes, archive the event");
  await expect(page.getByRole("status").filter({ hasText: "Event archived." })).toBeVisible();
  await expect(page.getByText("This event is archived and read-only.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit event" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add room" })).toHaveCount(0);

  await page.getByRole("button", { name: "Unarchive event" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Event unarchived." })).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit event" })).toBeVisible();
});

test("an archived room can be restored; a long name wraps; the public page has its title and Open Graph tags", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signUp(page, newPerson());
  const longName = "Supercalifragilistic".repeat(6).slice(0, 118);
  await createEvent(page, longName, "Main hall");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(1280);

  await confirmAction(page, "Archive Main hall", "Yes, archive “Main hall”");
  await expect(page.getByText("No rooms yet.")).toBeVisible();
  await page.getByText("Archived rooms (1)").click();
  await page.getByRole("button", { name: "Restore Main hall" }).click();
  await expect(page.getByRole("link", { name: "Enter Main hall" })).toBeVisible();
  await expect(page.getByText("Archived rooms (1)")).toHaveCount(0);

  await publishAnyway(page);
  await expect(page.getByRole("status").filter({ hasText: "public page is open" })).toBeVisible();
  await page.getByRole("link", { name: /\/e\// }).click();
  await expect(page).toHaveTitle(new RegExp(`^${longName}`));
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", longName);
  await expect(page.locator('meta[property="og:url"]')).toHaveAttribute("content", /\/e\//);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
});

test("a message belongs to the submission that produced it", async ({ page }) => {
  await signUp(page, newPerson());
  await createEvent(page, "Stale Message Check");
  await page.getByRole("link", { name: "Open stage of Main stage" }).click();
  await page.getByLabel("Guest name").fill("Grace Hopper");
  await page.getByRole("button", { name: "Put guest on stage" }).click();
  await expect(page.getByText("Grace Hopper went on stage").first()).toBeVisible();
  await page.getByLabel("Guest name").fill("Grace Hopper");
  await page.getByRole("button", { name: "Put guest on stage" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already on stage" })).toBeVisible();
  // A later action on another form clears the old error.
  await page.getByRole("button", { name: "Take off stage Grace Hopper" }).click();
  await expect(page.getByText("Grace Hopper left the stage").first()).toBeVisible();
  await expect(page.getByText(/already on stage/)).toHaveCount(0);
});
