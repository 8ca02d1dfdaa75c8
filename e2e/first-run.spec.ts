import { createEvent, expect, formAlert, newPerson, publishAnyway, signUp, test } from "./fixtures";

test("a new organizer signs up, creates an event, runs the stage and reads the timeline", async ({ page }) => {
  const organizer = newPerson();
  await signUp(page, organizer);
  await expect(page.getByRole("heading", { name: "No events yet" })).toBeVisible();
  await page.getByRole("link", { name: "Create an event" }).click();

  await createEvent(page, "Launch Live");
  await expect(page.getByText("Draft")).toBeVisible();
  await publishAnyway(page);
  await expect(page.getByText("Published")).toBeVisible();

  await page.getByRole("link", { name: "Open stage of Main stage" }).click();
  await expect(page.getByText("Nobody is on stage")).toBeVisible();
  // A new organizer has granted nobody yet: guests are added by name, and marked as guests.
  await expect(page.getByText("Nobody has been granted this room yet")).toBeVisible();

  await page.getByLabel("Guest name").fill("Grace Hopper");
  await page.getByRole("button", { name: "Put guest on stage" }).click();
  const onStage = page.getByRole("list", { name: "On stage" });
  await expect(onStage.getByRole("listitem").filter({ hasText: "Grace Hopper" })).toBeVisible();
  await expect(onStage.getByRole("listitem").filter({ hasText: "Grace Hopper" })).toContainText("guest");

  await page.getByLabel("Guest name").fill("Alan Turing");
  await page.getByRole("button", { name: "Put guest on stage" }).click();
  await expect(onStage.getByRole("listitem").filter({ hasText: "Alan Turing" })).toBeVisible();

  await page.getByRole("button", { name: "Take off stage Grace Hopper" }).click();
  await expect(onStage.getByRole("listitem").filter({ hasText: "Grace Hopper" })).toHaveCount(0);

  const timeline = page.getByRole("list", { name: "Stage timeline" }).getByRole("listitem");
  await expect(timeline).toHaveText([
    /Grace Hopper went on stage/,
    /Alan Turing went on stage/,
    /Grace Hopper left the stage/,
  ]);

  // The timeline is read back from the workers app, so it survives a reload.
  await page.reload();
  await expect(timeline).toHaveCount(3);

  await page.getByLabel("Guest name").fill("alan turing");
  await page.getByRole("button", { name: "Put guest on stage" }).click();
  await expect(formAlert(page)).toHaveText(/already on stage/);
  await expect(timeline).toHaveCount(3);
});
