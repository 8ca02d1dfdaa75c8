import type { Browser, Page } from "@playwright/test";
import { confirmAction, createEvent, expect, newPerson, type Person, publishAnyway, signUp, test } from "./fixtures";

/**
 * A host signs up and publishes an event; an attendee of the whole event joins through an invitation, in a page of
 * their own. Answers the room's path, the attendee and their page.
 */
async function publishedEventWithAttendee(page: Page, browser: Browser, name: string) {
  await signUp(page, newPerson("host"));
  const eventUrl = await createEvent(page, name);
  await publishAnyway(page);
  const roomHref = (await page.getByRole("link", { name: "Enter Main stage" }).getAttribute("href")) ?? "";
  await page.getByRole("link", { name: "People & access" }).click();
  const attendee: Person = newPerson("attendee");
  await page.getByLabel("Email").fill(attendee.email);
  await page.getByLabel("Role").selectOption({ label: "Attendee" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = await page.getByLabel("Invitation link").inputValue();
  const attendeePage = await (await browser.newContext()).newPage();
  await attendeePage.goto(link);
  await attendeePage.getByRole("link", { name: "Create an account" }).click();
  await attendeePage.getByLabel("Your name").fill(attendee.name);
  await attendeePage.getByLabel("Email").fill(attendee.email);
  await attendeePage.getByLabel("Password").fill(attendee.password);
  await attendeePage.getByRole("button", { name: "Create account" }).click();
  await expect(attendeePage).toHaveURL(/\/invite\//);
  return { eventUrl, roomHref, attendee, attendeePage };
}


test("the host puts a granted attendee and a guest on stage; the attendee's room page shows it live, without reloading", async ({
  page,
  browser,
}) => {
  test.slow();
  // An attendee of the whole event, through an invitation.
  const { eventUrl, roomHref, attendee, attendeePage } = await publishedEventWithAttendee(page, browser, "Live Stage Night");

  // The attendee watches the room: nothing live yet, connected.
  await attendeePage.goto(roomHref);
  const live = attendeePage.getByRole("region", { name: "Live stage" });
  await expect(live.getByText("Nobody is on stage yet.")).toBeVisible();
  await expect(live.getByText("Nothing is live right now.")).toBeVisible();
  await expect(live.getByText("Live", { exact: true })).toBeVisible();
  // Marks this document: a reload would drop the mark.
  await attendeePage.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

  // The host picks the attendee from the people granted the room, shown with their role.
  await page.goto(`${new URL(eventUrl).origin}${roomHref}/stage`);
  const person = page.getByLabel("Person granted this room");
  await expect(person.getByRole("option", { name: `${attendee.name} · Attendee` })).toHaveCount(1);
  await person.selectOption({ label: `${attendee.name} · Attendee` });
  await page.getByRole("button", { name: "Put on stage" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${attendee.name} is on stage` })).toBeVisible();

  const onStage = live.getByRole("list", { name: "On stage" });
  await expect(onStage.getByRole("listitem").filter({ hasText: attendee.name })).toBeVisible({ timeout: 2_000 });
  await expect(onStage.getByRole("listitem").filter({ hasText: attendee.name })).not.toContainText("guest");

  // A guest without an account, by name: marked as a guest for the viewers.
  await page.getByLabel("Guest name").fill("Grace Hopper");
  await page.getByRole("button", { name: "Put guest on stage" }).click();
  await expect(onStage.getByRole("listitem").filter({ hasText: "Grace Hopper" })).toContainText("guest", { timeout: 2_000 });

  // Taking the attendee off stage reaches the viewer too.
  await page.getByRole("button", { name: `Take off stage ${attendee.name}` }).click();
  await expect(onStage.getByRole("listitem").filter({ hasText: attendee.name })).toHaveCount(0, { timeout: 2_000 });
  await expect(onStage.getByRole("listitem")).toHaveCount(1);
  expect(await attendeePage.evaluate(() => (window as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);

  // The socket path refuses a request without a valid token, and is not a page.
  const refused = await attendeePage.request.get(`/live/rooms/${roomHref.split("/").at(-1)}`, { headers: { Upgrade: "websocket" } });
  expect([401, 426]).toContain(refused.status());
  expect((await attendeePage.request.get(`/live/rooms/${roomHref.split("/").at(-1)}`)).status()).toBe(426);
});

test("a revoked attendee's room page shows the room closed, without reloading", async ({ page, browser }) => {
  test.slow();
  const { roomHref, attendee, attendeePage } = await publishedEventWithAttendee(page, browser, "Revoked Stage Night");

  await attendeePage.goto(roomHref);
  const live = attendeePage.getByRole("region", { name: "Live stage" });
  await expect(live.getByText("Live", { exact: true })).toBeVisible();

  // The host removes the attendee's access: their open page closes the room within seconds.
  await page.reload();
  await confirmAction(page, `Remove access of ${attendee.name} as Attendee`, `Yes, remove the access of ${attendee.name} as Attendee`);
  await expect(live.getByRole("status").filter({ hasText: "Your access to this room has ended." })).toBeVisible({ timeout: 5_000 });
  await expect(live.getByText("Closed", { exact: true })).toBeVisible();
  // And the room no longer opens for them.
  expect((await attendeePage.goto(roomHref))?.status()).toBe(404);
});
