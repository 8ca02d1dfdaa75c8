import type { Browser, Page } from "@playwright/test";
import { confirmThroughOutbox, createEvent, expect, formAlert, newPerson, signIn, signUp, test } from "./fixtures";

async function inNewContext(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test("sign-up verifies the address through the outbox; a taken address sees the same page", async ({ page, browser }) => {
  const person = newPerson("verify");
  await signUp(page, person, { verify: false });

  // Signed in but unverified: the banner offers to send the link again.
  await signIn(page, person);
  await expect(page).toHaveURL(/\/events$/);
  const banner = page.getByRole("region", { name: "Confirm your email" });
  await expect(banner).toContainText(person.email);
  await banner.getByRole("button", { name: "Send the link again" }).click();
  await expect(banner.getByRole("status")).toHaveText(/We sent a new link/);

  // Opened where they are signed in: confirmed at once, no password asked, banner gone.
  await confirmThroughOutbox(page, person);
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByRole("region", { name: "Confirm your email" })).toHaveCount(0);

  // Someone else signing up with the same address learns nothing: the same page, and the owner gets a mail.
  const other = await inNewContext(browser);
  await signUp(other, { ...person, name: "Someone Else", password: "another-password-1" }, { verify: false });
  await other.goto(`/dev/outbox?to=${encodeURIComponent(person.email)}`);
  await expect(other.getByText("Someone tried to sign up with your email").first()).toBeVisible();
  await other.context().close();
});

test("an invitee who is signed out signs up from the link with the address filled in and gets the access", async ({ page, browser }) => {
  await signUp(page, newPerson("inviter"));
  await createEvent(page, "Invite Summit");
  await page.getByRole("link", { name: "People & access" }).click();
  const guest = newPerson("guest");
  await page.getByLabel("Email").fill(guest.email);
  await page.getByLabel("Role").selectOption({ label: "Speaker" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = await page.getByLabel("Invitation link").inputValue();

  const invitee = await inNewContext(browser);
  await invitee.goto(link);
  await invitee.getByRole("link", { name: "Create an account" }).click();
  await expect(invitee.getByLabel("Email")).toHaveValue(guest.email);
  await invitee.getByLabel("Your name").fill(guest.name);
  await invitee.getByLabel("Password").fill(guest.password);
  await invitee.getByRole("button", { name: "Create account" }).click();
  // Signing up through the mailed link verified the address: signed in, back on the invitation, accepted.
  await expect(invitee.getByText("You've accepted this invitation.")).toBeVisible();
  await invitee.getByRole("link", { name: "Go to Invite Summit" }).click();
  await expect(invitee.getByRole("heading", { level: 1, name: "Invite Summit" })).toBeVisible();
  await expect(invitee.getByRole("region", { name: "Confirm your email" })).toHaveCount(0);
  await invitee.context().close();
});

test("a different account opening an invitation sees whom it is for and how to switch; nothing is granted", async ({
  page,
  browser,
}) => {
  await signUp(page, newPerson("inviter"));
  const eventUrl = await createEvent(page, "Wrong Door Summit");
  await page.getByRole("link", { name: "People & access" }).click();
  const invited = newPerson("invited");
  await page.getByLabel("Email").fill(invited.email);
  await page.getByLabel("Role").selectOption({ label: "Speaker" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  const link = await page.getByLabel("Invitation link").inputValue();

  const wrong = await inNewContext(browser);
  const someoneElse = newPerson("someone");
  await signUp(wrong, someoneElse);
  await wrong.goto(link);
  await expect(formAlert(wrong)).toContainText(`This invitation is for ${invited.email}`);
  await expect(formAlert(wrong)).toContainText(`You are signed in as ${someoneElse.email}`);
  await expect(wrong.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);
  expect((await wrong.goto(eventUrl))?.status()).toBe(404);
  await wrong.context().close();
});
