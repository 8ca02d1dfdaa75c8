import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { expect, newPerson, signUp, test } from "./fixtures";

// Journey 11 in a browser: an owner subscribes a local receiver to the account's webhooks on the Webhooks page, sees
// the signing secret once, sends a test event, and follows it into the delivery log; the receiver verifies it with
// the standardwebhooks library. (Plain http to 127.0.0.1 is allowed only on a development server.)

type Received = { headers: IncomingHttpHeaders; body: string };

async function localReceiver() {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test("an owner subscribes a URL, sees the secret once, sends a test event and finds it delivered in the log", async ({ page }) => {
  const receiver = await localReceiver();
  try {
    await signUp(page, newPerson());
    await page.goto("/account");
    await page.getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    await expect(page.getByText("No subscriptions yet.")).toBeVisible();

    // A private address is refused with a field message.
    await page.getByLabel("URL").fill("https://169.254.169.254/latest");
    await page.getByLabel("order.placed").check();
    await page.getByRole("button", { name: "Subscribe" }).click();
    await expect(page.getByText("This address is not public: use an address on the internet")).toBeVisible();

    await page.getByLabel("URL").fill(receiver.url);
    await page.getByLabel("order.placed").check();
    await page.getByRole("button", { name: "Subscribe" }).click();
    const shown = page.getByLabel("Signing secret");
    await expect(shown).toHaveValue(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const secret = await shown.inputValue();

    // Shown once: a fresh load of the page lists the subscription but no secret.
    await page.reload();
    await expect(page.getByText(receiver.url)).toBeVisible();
    await expect(page.getByLabel("Signing secret")).toHaveCount(0);
    expect(await page.content()).not.toContain(secret.slice("whsec_".length));

    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByText("Test event queued")).toBeVisible();
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1);
    const [request] = receiver.received;
    const headers = Object.fromEntries(Object.entries(request?.headers ?? {}).map(([k, v]) => [k, String(v)]));
    expect(new Webhook(secret).verify(request?.body ?? "", headers)).toMatchObject({ type: "webhook.test" });

    await page.getByRole("link", { name: "Delivery log" }).click();
    // Wait for the navigation to land before reloading, or the reload would cancel it.
    await expect(page).toHaveURL(/\/account\/webhooks\?subscription=\w+$/);
    const log = page.getByRole("table", { name: "Delivery log, newest first" });
    await expect(async () => {
      await page.reload();
      await expect(log.getByRole("row").filter({ hasText: "webhook.test" })).toContainText("delivered", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(log.getByRole("row").filter({ hasText: "webhook.test" })).toContainText("204");
  } finally {
    await receiver.close();
  }
});
