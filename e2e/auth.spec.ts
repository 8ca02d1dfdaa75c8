import { expect, formAlert, newPerson, signIn, signUp, test } from "./fixtures";

test("sign-up shows field-level errors and keeps the visitor on the form", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter your name")).toBeVisible();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/signup$/);
});

test("wrong credentials give a clear message, then repeated failures are rate limited", async ({ page, browser }) => {
  const person = newPerson("member");
  await signUp(page, person);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Sign in" })).toBeVisible();

  await signIn(page, { email: person.email, password: "not-the-password" });
  await expect(formAlert(page)).toHaveText("Wrong email or password.");
  for (let i = 0; i < 4; i++) {
    // The form resets its password after each attempt; type only once that has happened.
    await expect(page.getByLabel("Password")).toHaveValue("");
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("Wrong email or password.");
  }
  await expect(page.getByLabel("Password")).toHaveValue("");
  await signIn(page, person);
  await expect(formAlert(page)).toHaveText(/Too many failed attempts/);

  const other = newPerson("other");
  const fresh = await browser.newPage();
  await signUp(fresh, other);
  await fresh.getByRole("button", { name: "Sign out" }).click();
  await signIn(fresh, other);
  await expect(fresh).toHaveURL(/\/events$/);
  await fresh.close();
});
