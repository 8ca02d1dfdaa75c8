import { readFile } from "node:fs/promises";
import { DEMO_ADMIN } from "@greenroom/config/demo";
import { expect, newPerson, signIn, signUp, test } from "./fixtures";

test("an admin creates a batch of codes and downloads its CSV; an owner redeems codes (with and without JavaScript) and sees the balance", async ({
  page,
  browser,
}) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, DEMO_ADMIN);
  await expect(admin).toHaveURL(/\/events/);
  await admin.goto("/admin");
  await admin.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Credit codes" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Credit codes" })).toBeVisible();

  // A bad form first: field messages, nothing created.
  const label = `E2E partners ${Date.now().toString(36)}`;
  await admin.getByLabel("Minutes per code").fill("0");
  await admin.getByRole("button", { name: "Create codes" }).click();
  await expect(admin.getByText("Give the batch a name, e.g. who the codes are for")).toBeVisible();
  await expect(admin.getByText("At least 1 minute")).toBeVisible();

  await admin.getByLabel("Name").fill(label);
  await admin.getByLabel("Minutes per code").fill("30");
  await admin.getByLabel("Number of codes").fill("3");
  await admin.getByRole("button", { name: "Create codes" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Batch created" })).toBeVisible();
  const row = admin.getByRole("row").filter({ hasText: label });
  await expect(row).toContainText("single");

  const [download] = await Promise.all([admin.waitForEvent("download"), row.getByRole("link", { name: "Download CSV" }).click()]);
  const csv = await readFile((await download.path()) ?? "", "utf8");
  const lines = csv.trim().split("\n");
  expect(lines[0]).toBe("code,minutes,accounts_per_code,redeemed,last_day,batch");
  const codes = lines.slice(1).map((l) => l.split(",")[0] ?? "");
  expect(codes).toHaveLength(3);
  for (const code of codes) expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]$/);

  const owner = newPerson();
  await signUp(page, owner);
  await page.goto("/account");
  const credit = page.getByRole("region", { name: "Recording credit" });
  await expect(credit.getByTestId("credit-balance")).toContainText("0 minutes");
  await expect(credit).toContainText("No credit yet. Redeem a code below to add minutes.");

  // A typo is caught by the check character, with the message on the field.
  const [first = "", second = "", third = ""] = codes;
  const typo = first.slice(0, 2) + (first[2] === "Z" ? "Y" : "Z") + first.slice(3);
  await credit.getByLabel("Redemption code").fill(typo);
  await credit.getByRole("button", { name: "Redeem code" }).click();
  await expect(credit.getByText("This code has a typo. Check each character and try again.")).toBeVisible();

  await credit.getByLabel("Redemption code").fill(first.toLowerCase());
  await credit.getByRole("button", { name: "Redeem code" }).click();
  await expect(credit.getByRole("status")).toContainText("30 minutes added. Your balance is 30 minutes.");
  await expect(credit.getByTestId("credit-balance")).toContainText("30 minutes");
  await expect(credit.getByRole("table", { name: "Recent credit entries" })).toContainText("Redemption code");

  // Without JavaScript: the same form as a plain post.
  const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const plain = await noJs.newPage();
  await plain.goto("/account");
  const plainCredit = plain.getByRole("region", { name: "Recording credit" });
  await plainCredit.getByLabel("Redemption code").fill(first);
  await plainCredit.getByRole("button", { name: "Redeem code" }).click();
  await expect(plainCredit.getByText("This account has already redeemed this code.")).toBeVisible();
  await plainCredit.getByLabel("Redemption code").fill(second);
  await plainCredit.getByRole("button", { name: "Redeem code" }).click();
  await expect(plainCredit.getByTestId("credit-balance")).toContainText("60 minutes");
  await noJs.close();

  // As JSON (same origin): a bad code is a 400 with the field's message, another account is a 404, a good one 200.
  const origin = new URL(page.url()).origin;
  const accountId = await page.locator('input[name="accountId"]').first().inputValue();
  const post = (id: string, code: string, from = origin) =>
    page.request.post(`/api/accounts/${id}/credit-codes`, { data: { code }, headers: { origin: from } });
  const bad = await post(accountId, "ZZZZ-ZZZZ-ZZZZ-Z");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).fieldErrors.code).toEqual([expect.any(String)]);
  expect((await post("not-an-account-of-mine", third)).status()).toBe(404);
  expect((await post(accountId, third, "https://evil.example")).status()).toBe(403);
  const good = await post(accountId, third);
  expect(good.status()).toBe(200);
  expect(await good.json()).toEqual({ status: "granted", minutes: 30, balance: 90 });

  // The batch's row counts the three redemptions (the sixth column: Redeemed).
  await admin.reload();
  await expect(admin.getByRole("row").filter({ hasText: label }).getByRole("cell").nth(5)).toHaveText("3");
});
