import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

/**
 * Makes a key on the API keys page, as its owner would, and answers its secret, read from the page that made it.
 * `account` is the account's name in the Account select (a grant holder picks the account that granted them).
 *
 * Keys are made through the running app, never written into its database from another process: a second workerd
 * opening the e2e state's SQLite files while the server runs can fail the server's own queries (a 500 in a page the
 * browser happens to load meanwhile).
 */
export async function makeKey(page: Page, name: string, scopes: string[], options: { account?: string } = {}): Promise<string> {
  await page.goto("/account/api-keys");
  await page.getByLabel("Name", { exact: true }).fill(name);
  if (options.account) await page.getByLabel("Account", { exact: true }).selectOption({ label: options.account });
  for (const scope of scopes) await page.getByLabel(scope, { exact: true }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = page.getByLabel("Your new API key");
  await expect(secret).toHaveValue(/^grk_[0-9A-Za-z]{38}$/);
  await expect(page.getByText("It will not be shown again.")).toBeVisible();
  return secret.inputValue();
}
