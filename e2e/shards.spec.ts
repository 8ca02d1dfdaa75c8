import { DEMO_ADMIN } from "@greenroom/config/demo";
import type { Browser, Page } from "@playwright/test";
import { createEvent, expect, newPerson, signIn, signUp, test } from "./fixtures";

async function adminSignedIn(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, DEMO_ADMIN);
  await expect(page).toHaveURL(/\/events/);
  return page;
}

test("an admin pins a new account to a shard before its first use; its stage writes land there and it cannot be moved", async ({
  page,
  browser,
}) => {
  const organizer = newPerson();
  await signUp(page, organizer);

  const admin = await adminSignedIn(browser);
  await admin.goto("/admin");
  await admin.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Shards" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Sessions shards" })).toBeVisible();
  const shards = admin.getByRole("list", { name: "Shards" });
  await expect(shards.getByRole("heading", { level: 2 })).toHaveText(["Shard 0000", "Shard 0001"]);

  await admin.getByLabel("Find an account by name, owner email or id").fill(organizer.email);
  await admin.getByRole("button", { name: "Search" }).click();
  const match = admin.getByRole("list", { name: "Matching accounts" }).getByRole("listitem");
  await expect(match).toHaveCount(1);
  await match.getByLabel(/^Shard for /).selectOption("0001");
  await match.getByRole("button", { name: /^Pin/ }).click();
  // The pin form gives way to the account's shard.
  await expect(match).toContainText("On shard 0001 (pinned); it cannot move.");

  // First use: the organizer's stage change, through the JSON endpoint, lands on the pinned shard.
  await createEvent(page, "Pinned Summit");
  const stageHref = (await page.getByRole("link", { name: "Open stage of Main stage" }).getAttribute("href")) ?? "";
  const roomId = /\/rooms\/([^/]+)\/stage/.exec(stageHref)?.[1] ?? "";
  const change = await page.request.post(`/api/rooms/${roomId}/stage`, { data: { action: "on_stage", guestName: "Ada Lovelace" } });
  expect(change.status()).toBe(200);
  expect(await change.json()).toMatchObject({ participantName: "Ada Lovelace", action: "on_stage", seq: 1 });
  // The sessions-side bookmark is kept for the next read, in an httpOnly, SameSite=Lax cookie, by shard.
  const bookmark = (await page.context().cookies()).find((c) => c.name === "gr_stage_bookmarks");
  expect(bookmark).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  expect(Object.keys(JSON.parse(decodeURIComponent(bookmark?.value ?? "{}")))).toEqual(["0001"]);
  await page.goto(stageHref);
  await expect(page.getByRole("list", { name: "On stage" }).getByRole("listitem").filter({ hasText: "Ada Lovelace" })).toBeVisible();

  await admin.reload();
  await expect(match).toContainText("On shard 0001 (pinned); it cannot move.");
  await expect(match.getByRole("button", { name: /^Pin/ })).toHaveCount(0);

  // A typed pin of the same account is refused with the reason, and the account stays.
  await admin.getByText("Pin by account id").click();
  const accountId = (await match.locator("span.text-xs").first().textContent()) ?? "";
  await admin.getByLabel("Account id").fill(accountId);
  await admin.getByLabel("Shard", { exact: true }).selectOption("0000");
  await admin.getByRole("button", { name: "Pin account" }).click();
  await expect(admin.getByRole("alert").filter({ hasText: "already pinned to shard 0001" })).toBeVisible();

  // The endpoint refuses what it cannot take, and other tenants' rooms do not exist.
  const url = `/api/rooms/${roomId}/stage`;
  expect((await page.request.post(url, { headers: { "content-type": "text/plain" }, data: "hello" })).status()).toBe(415);
  expect((await page.request.post(url, { data: { action: "dance", guestName: "Ada" } })).status()).toBe(400);
  expect((await page.request.post(url, { data: { action: "on_stage", guestName: "" } })).status()).toBe(400);
  expect((await admin.request.post(url, { data: { action: "on_stage", guestName: "Eve" } })).status()).toBe(404);
});

test("an admin changes a shard's mode, cannot register a shard the workers app lacks, and reads session logs", async ({ browser }) => {
  const admin = await adminSignedIn(browser);
  await admin.goto("/admin/shards");

  await admin.getByLabel("Mode of shard 0001").selectOption("dedicated");
  await admin.getByRole("button", { name: "Save mode of shard 0001" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Mode saved" })).toBeVisible();
  await expect(admin.getByRole("list", { name: "Shards" }).getByRole("listitem").nth(1)).toContainText("dedicated");
  await admin.getByLabel("Mode of shard 0001").selectOption("shared");
  await admin.getByRole("button", { name: "Save mode of shard 0001" }).click();
  await expect(admin.getByRole("list", { name: "Shards" }).getByRole("listitem").nth(1)).toContainText("shared");

  await admin.getByLabel("Shard id").fill("0002");
  await admin.getByRole("button", { name: "Register shard" }).click();
  await expect(admin.getByText("The workers app is configured with 0000, 0001")).toBeVisible();
  await expect(admin.getByLabel("Shard id")).toHaveValue("0002");

  await admin.getByRole("link", { name: "Session logs of shard 0001" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Session logs" })).toBeVisible();
  await expect(admin.getByLabel("Shard", { exact: true })).toHaveValue("0001");
  await admin.getByLabel("Level").selectOption("error");
  await admin.getByRole("button", { name: "Apply" }).click();
  await expect(admin).toHaveURL(/level=error/);
  await expect(admin.getByRole("link", { name: "Clear" })).toBeVisible();

  await admin.goto("/admin/logs?level=loud");
  await expect(admin.getByRole("alert").filter({ hasText: /\S/ })).toBeVisible();
});

test("the shards and logs pages do not exist for an organizer", async ({ page, allowConsoleErrors }) => {
  allowConsoleErrors(/status of 404/);
  await signUp(page, newPerson());
  for (const path of ["/admin/shards", "/admin/logs"]) expect((await page.goto(path))?.status()).toBe(404);
});
