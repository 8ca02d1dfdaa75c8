import { expect, formAlert, newPerson, signUp, test } from "./fixtures";

test("a member signs in with an emailed link, which works only once", async ({ page }) => {
  const person = newPerson("linker");
  await signUp(page, person);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto("/signin");
  await page.getByRole("link", { name: "Email me a sign-in link instead" }).click();
  // Wait for the client-side navigation to finish, or the sign-in page's own Email field gets the text.
  await expect(page.getByRole("heading", { name: "Sign in with a link" })).toBeVisible();
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toHaveText(/a sign-in link is on its way/);

  await page.goto(`/dev/outbox?to=${encodeURIComponent(person.email)}`);
  const link = page.getByRole("link", { name: /\/signin\/link\// }).first();
  const url = (await link.getAttribute("href")) ?? "";
  await link.click();
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByText(person.email)).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto(url);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toHaveText(/expired or was already used/);
});
