import type { Browser, Page } from "@playwright/test";
import { createEvent, expect, newPerson, publishAnyway, signIn, signUp, test, ticketMail } from "./fixtures";

async function inNewContext(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test("a visitor registers for a free ticket, verifies, enters the room and is checked in once at the door", async ({ page, browser }) => {
  const organizer = newPerson("tickets-organizer");
  await signUp(page, organizer);
  const eventUrl = await createEvent(page, "Ticket Fest");
  await publishAnyway(page);
  await expect(page.getByRole("status")).toContainText("The event is live");
  // The event page shows the full public address (selectable text; a copy button with JavaScript) and what is left to set up.
  await expect(page.getByTestId("public-url")).toHaveText(/^https?:\/\/[^/]+\/e\/[a-z0-9-]+$/);
  await expect(page.getByRole("button", { name: "Copy link" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Setup checklist" })).toContainText("To do: Let people in");

  // One free ticket type with two seats, opening the main stage.
  await page.getByRole("link", { name: "Tickets" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tickets" })).toBeVisible();
  const create = page.locator("form").filter({ has: page.getByRole("button", { name: "Add ticket type" }) });
  await create.getByLabel("Name").fill("Community pass");
  await create.getByLabel("Capacity").fill("2");
  await expect(create.getByLabel("Free: visitors may register on the public page")).toBeChecked();
  await expect(create.getByLabel("Main stage")).toBeChecked();
  await create.getByRole("button", { name: "Add ticket type" }).click();
  const types = page.getByRole("list", { name: "Ticket types" });
  await expect(types).toContainText("Community pass");
  await expect(types.getByTestId("issued")).toHaveText("0 issued of 2");
  const publicPath = (await page.getByRole("link", { name: /^\/e\// }).getAttribute("href")) ?? "";
  expect(publicPath).toMatch(/^\/e\/[a-z0-9-]+$/);

  // A visitor registers on the public page with a new address.
  const visitor = newPerson("tickets-visitor");
  const visitorPage = await inNewContext(browser);
  await visitorPage.goto(publicPath);
  await expect(visitorPage.getByRole("list", { name: "Ticket types" })).toContainText("2 left");
  await visitorPage.getByLabel("Your name").fill(visitor.name);
  await visitorPage.getByLabel("Email").fill(visitor.email);
  await visitorPage.getByRole("button", { name: "Register" }).click();
  await expect(visitorPage.getByRole("status")).toContainText(`we sent a mail to ${visitor.email}`);

  // One mail, and it is the ticket: the QR code (a real decoder reads the ticket's code from the PNG), the short code,
  // the time in the event's zone and the calendar file. Its link confirms the address: no password, no second mail.
  const mail = await ticketMail(visitorPage, visitor.email);
  expect(mail.subject).toBe("Your ticket for Ticket Fest");
  expect(mail.body).toMatch(/When: Tuesday,? 1 December 2026, 18:00 – 20:00 \(Europe\/Berlin, CET\)/);
  expect(mail.qr.replace(/-/g, "")).toBe(mail.printedCode.replace(/-/g, ""));
  expect(mail.uid).toMatch(/^[0-9a-f]{32}@greenroom$/);
  expect(mail.body).not.toContain("/signup");
  await visitorPage.goto(mail.confirmHref);
  await expect(visitorPage.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  await visitorPage.getByRole("button", { name: "Confirm my email" }).click();
  // Back on the public page, signed in: "You're registered", with the calendar file (same UID), not the form.
  await expect(visitorPage).toHaveURL(new RegExp(`${publicPath}$`));
  const registered = visitorPage.getByRole("region", { name: /You're registered/ });
  await expect(registered).toContainText(mail.shortCode);
  await expect(visitorPage.getByRole("button", { name: "Register" })).toHaveCount(0);
  const publicCalendar = registered.getByRole("link", { name: "Add to calendar" });
  const publicIcs = decodeURIComponent(((await publicCalendar.getAttribute("href")) ?? "").replace(/^data:text\/calendar;charset=utf-8,/, ""));
  expect(publicIcs).toContain(`UID:${mail.uid}\r\n`);
  await registered.getByRole("link", { name: "view your ticket" }).click();
  // Owning no events, the visitor's ticket is on My events: the event, the room with the role, the ticket's QR code.
  await expect(visitorPage).toHaveURL(/\/my$/);
  await expect(visitorPage.getByTestId("ticket-short-code")).toHaveText(mail.shortCode);
  const mine = visitorPage.getByRole("list", { name: "My events" });
  await expect(mine.getByRole("link", { name: "Ticket Fest" })).toBeVisible();
  const rooms = visitorPage.getByRole("list", { name: "Your rooms in Ticket Fest" });
  await expect(rooms).toContainText("Main stage");
  await expect(rooms).toContainText("Attendee");
  await expect(visitorPage.getByRole("img", { name: "QR code of your Community pass ticket" })).toBeVisible();
  const calendar = visitorPage.getByRole("link", { name: "Add to calendar" });
  await expect(calendar).toHaveAttribute("href", /^data:text\/calendar;charset=utf-8,BEGIN%3AVCALENDAR/);
  await expect(calendar).toHaveAttribute("download", /\.ics$/);
  const code = (await visitorPage.getByTestId("ticket-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^[a-z0-9_]+\.[0-9a-z-]+$/);
  expect(code).toBe(mail.printedCode);
  const myIcs = decodeURIComponent(((await calendar.getAttribute("href")) ?? "").replace(/^data:text\/calendar;charset=utf-8,/, ""));
  expect(myIcs).toContain(`UID:${mail.uid}\r\n`);
  await rooms.getByRole("link", { name: "Enter Main stage" }).click();
  await expect(visitorPage.getByRole("heading", { level: 1, name: "Main stage" })).toBeVisible();
  // A password is optional and can be set later, on the account page; then it signs in.
  await visitorPage.goto("/account");
  await visitorPage.getByLabel("New password").fill(visitor.password);
  await visitorPage.getByRole("button", { name: "Set password" }).click();
  await expect(visitorPage.getByRole("status").filter({ hasText: "Your password is set" })).toBeVisible();
  await visitorPage.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(visitorPage.getByRole("navigation").getByRole("link", { name: "Sign in" })).toBeVisible();
  await signIn(visitorPage, visitor);
  await expect(visitorPage).toHaveURL(/\/(my|events)$/);

  // The second seat goes to a visitor without JavaScript: a plain form post.
  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await plain.goto(publicPath);
  await expect(plain.getByRole("list", { name: "Ticket types" })).toContainText("1 left");
  await plain.getByLabel("Your name").fill("Plain Visitor");
  await plain.getByLabel("Email").fill(newPerson("tickets-plain").email);
  await plain.getByRole("button", { name: "Register" }).click();
  await expect(plain.getByRole("status")).toContainText("we sent a mail to");
  await plain.context().close();

  // Every seat is taken: the public page says so before any form.
  const stranger = await inNewContext(browser);
  await stranger.goto(publicPath);
  await expect(stranger.getByRole("list", { name: "Ticket types" })).toContainText("Sold out");
  await expect(stranger.getByRole("button", { name: "Register" })).toHaveCount(0);
  await stranger.context().close();

  // At the door: the organizer types the code; the second time it says when and by whom.
  await page.goto(eventUrl);
  await page.getByRole("link", { name: "Check-in" }).click();
  await expect(page.getByTestId("check-in-count")).toHaveText("0 of 2");
  await page.getByLabel("Ticket code").fill(code);
  await page.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Checked in" })).toContainText(`Checked in: ${visitor.name}`);
  await expect(page.getByTestId("check-in-count")).toHaveText("1 of 2");
  await page.getByLabel("Ticket code").fill(code.toUpperCase());
  await page.getByRole("button", { name: "Check in" }).click();
  const again = page.getByRole("status").filter({ hasText: "Already checked in" });
  await expect(again).toContainText(visitor.name);
  await expect(again).toContainText(`by ${organizer.name}`);
  // A forged code is rejected.
  await page.getByLabel("Ticket code").fill(`${code.split(".")[0]}.${"0000-".repeat(6)}00`);
  await page.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rejected" })).toContainText("not a valid ticket");
  // The short code the holder reads out works too, in lower case and without the hyphen.
  await page.getByLabel("Ticket code").fill(mail.shortCode.replace("-", "").toLowerCase());
  await page.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Already checked in" })).toContainText(visitor.name);
  // A guest without the code is found by name and checked in from the list (a plain GET search, then the same form).
  await page.getByLabel("Find by name").fill("plain vis");
  await page.getByRole("button", { name: "Find" }).click();
  const found = page.getByRole("list", { name: "Tickets found by name" });
  await expect(found.getByRole("listitem")).toHaveCount(1);
  await found.getByRole("button", { name: "Check in Plain Visitor" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Checked in" })).toContainText("Checked in: Plain Visitor");
  await expect(page.getByTestId("check-in-count")).toHaveText("2 of 2");
  await visitorPage.context().close();
});
