import { DEMO_ADMIN } from "@greenroom/config/demo";
import type { Browser, Page } from "@playwright/test";
import { confirmAction, confirmStep, createEvent, expect, formAlert, newPerson, type Person, signIn, signUp, test } from "./fixtures";

async function inNewContext(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function addRoom(page: Page, name: string) {
  const form = page.locator("form", { has: page.getByRole("heading", { name: "Add a room" }) });
  await form.getByLabel("Room name").fill(name);
  await form.getByRole("button", { name: "Add room" }).click();
  await expect(page.getByRole("link", { name: `Enter ${name}` })).toBeVisible();
}

async function roomUrl(page: Page, name: string): Promise<string> {
  const href = await page.getByRole("link", { name: `Enter ${name}` }).getAttribute("href");
  return new URL(href ?? "", page.url()).toString();
}

test("organizer invites a speaker to one room; strangers are denied; a co-owner joins; an admin disables a user", async ({
  page,
  browser,
  allowConsoleErrors,
}) => {
  // Five people sign up or in (two PBKDF2 hashes each) in one journey: on a loaded 2-core machine it has taken up
  // to two minutes, so it gets three times the default budget rather than a retry.
  test.slow();
  const organizer = newPerson("organizer");
  await signUp(page, organizer);
  const eventUrl = await createEvent(page, "Access Summit", "Main stage");
  await addRoom(page, "Workshop");
  const mainStageUrl = await roomUrl(page, "Main stage");
  const workshopUrl = await roomUrl(page, "Workshop");

  // Invite a speaker to the Workshop room only; the link is shown once.
  await page.getByRole("link", { name: "People & access" }).click();
  const speaker: Person = newPerson("speaker");
  await page.getByLabel("Email").fill(speaker.email);
  await page.getByLabel("Role").selectOption({ label: "Speaker" });
  await page.getByLabel("Room").selectOption({ label: "Workshop" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = await page.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{20,}$/);
  await expect(confirmStep(page, `Revoke the invitation to ${speaker.email}`)).toBeVisible();

  // The speaker signs up through the link and sees only that room.
  const speakerPage = await inNewContext(browser);
  await speakerPage.goto(link);
  await expect(speakerPage.getByRole("heading", { level: 1 })).toContainText("Access Summit");
  await speakerPage.getByRole("link", { name: "Create an account" }).click();
  await speakerPage.getByLabel("Your name").fill(speaker.name);
  await speakerPage.getByLabel("Email").fill(speaker.email);
  await speakerPage.getByLabel("Password").fill(speaker.password);
  await speakerPage.getByRole("button", { name: "Create account" }).click();
  await expect(speakerPage).toHaveURL(/\/invite\//);
  // Owning no events, the speaker lands on their own events (not on "create your first event").
  await speakerPage.goto("/events");
  await expect(speakerPage).toHaveURL(/\/my$/);
  await speakerPage.getByRole("list", { name: "My events" }).getByRole("link", { name: "Access Summit" }).click();
  const rooms = speakerPage.getByRole("list", { name: "Rooms" });
  await expect(rooms.getByRole("link", { name: "Enter Workshop" })).toBeVisible();
  await expect(rooms.getByRole("link", { name: "Enter Main stage" })).toHaveCount(0);
  await expect(speakerPage.getByRole("link", { name: "Edit event" })).toHaveCount(0);
  expect((await speakerPage.goto(workshopUrl))?.status()).toBe(200);
  expect((await speakerPage.goto(mainStageUrl))?.status()).toBe(404);
  // The invitation link is single-use.
  await speakerPage.goto(link);
  await expect(speakerPage.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);

  // The organizer sees the speaker among the participants and can export them.
  await page.goto(eventUrl);
  await page.getByRole("link", { name: "Participants" }).click();
  const row = page.getByRole("row").filter({ hasText: speaker.email });
  await expect(row).toContainText("Speaker");
  await expect(row).toContainText("Workshop");
  await page.getByLabel("Search name or email").fill("nobody-matches-this");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("row").filter({ hasText: speaker.email })).toHaveCount(0);
  await page.goto(`${eventUrl}/participants`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = await (await download).createReadStream();
  let text = "";
  for await (const chunk of csv) text += chunk.toString();
  expect(text.split("\n")[0]).toBe("email,name,status,role,room,granted_at");
  expect(text).toContain(speaker.email);

  // A user without a grant is denied without learning the event exists.
  const strangerPage = await inNewContext(browser);
  await signUp(strangerPage, newPerson("stranger"));
  for (const url of [eventUrl, workshopUrl]) {
    expect((await strangerPage.goto(url))?.status()).toBe(404);
    await expect(strangerPage.getByText("Access Summit")).toHaveCount(0);
  }

  // A co-owner joins an organization account (a personal account keeps exactly one owner) and sees its events.
  const cohost = newPerson("cohost");
  const cohostPage = await inNewContext(browser);
  await signUp(cohostPage, cohost);
  await page.goto("/account");
  await page.getByLabel("Email of a Greenroom user").fill(cohost.email);
  await page.getByRole("button", { name: "Add co-owner" }).click();
  await expect(formAlert(page)).toHaveText("A personal account has one owner");
  const orgName = `Access Org ${Date.now()}`;
  await page.getByLabel("Organization name").fill(orgName);
  await page.getByRole("button", { name: "Create organization account" }).click();
  await expect(page.getByRole("heading", { name: orgName })).toBeVisible();
  await createEvent(page, "Org Summit");
  await page.goto("/account");
  await page.getByLabel("Email of a Greenroom user").fill(cohost.email);
  await page.getByRole("button", { name: "Add co-owner" }).click();
  await expect(page.getByText(cohost.email, { exact: true })).toBeVisible();
  await cohostPage.goto("/events");
  await cohostPage.getByLabel("Account").selectOption({ label: orgName });
  await cohostPage.getByRole("button", { name: "Switch" }).click();
  await cohostPage.getByRole("link", { name: "Org Summit" }).click();
  await expect(cohostPage.getByRole("link", { name: "Edit event" })).toBeVisible();

  // A platform admin disables the speaker, who is signed out at once.
  const adminPage = await inNewContext(browser);
  await signIn(adminPage, DEMO_ADMIN);
  await expect(adminPage).toHaveURL(/\/events$/);
  await adminPage.getByRole("link", { name: "Admin" }).click();
  await adminPage.goto(`/admin/users?q=${encodeURIComponent(speaker.email)}`);
  await confirmAction(adminPage, `Disable user ${speaker.email}`, `Yes, disable ${speaker.email}`);
  await expect(adminPage.getByRole("button", { name: `Enable user ${speaker.email}` })).toBeVisible();

  await speakerPage.goto(eventUrl);
  await expect(speakerPage).toHaveURL(/\/signin/);
  await signIn(speakerPage, speaker);
  await expect(speakerPage.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(/disabled/);

  // Organizers cannot reach the admin area (the browser logs the expected 404).
  allowConsoleErrors(/status of 404/);
  expect((await page.goto("/admin"))?.status()).toBe(404);
});
