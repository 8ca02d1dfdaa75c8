import { createHmac, randomBytes } from "node:crypto";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { createEvent, expect, newPerson, signUp, test } from "./fixtures";

const STRIPE_SECRET = `whsec_e2e_${randomBytes(12).toString("hex")}`;

/** Adds a paid ticket type opening every room on the event's Tickets page, then returns to its Orders page. */
async function addTicketType(page: Page, eventId: string, name: string, capacity: number | null = null) {
  await page.goto(`/events/${eventId}/tickets`);
  const create = page.locator("form").filter({ has: page.getByRole("button", { name: "Add ticket type" }) });
  await create.getByLabel("Name").fill(name);
  if (capacity !== null) await create.getByLabel("Capacity").fill(String(capacity));
  await create.getByLabel("Free: visitors may register on the public page").uncheck();
  await create.getByRole("button", { name: "Add ticket type" }).click();
  await expect(page.getByRole("list", { name: "Ticket types" })).toContainText(name);
  await page.goto(`/events/${eventId}/orders`);
  await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
}

/** Posts a Stripe event signed as Stripe does: HMAC-SHA256 over `timestamp.body`, header `t=…,v1=…`. */
async function sendStripe(request: APIRequestContext, eventId: string, event: Record<string, unknown>) {
  const body = JSON.stringify({ id: `evt_${randomBytes(8).toString("hex")}`, created: Math.floor(Date.now() / 1000), ...event });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", STRIPE_SECRET).update(`${t}.${body}`).digest("hex");
  return request.post(`/api/hooks/stripe/${eventId}`, {
    data: body,
    headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${v1}` },
  });
}

async function organizerWithEvent(page: Page, name: string) {
  await signUp(page, newPerson("organizer"));
  const eventUrl = await createEvent(page, name, "Main stage");
  const eventId = new URL(eventUrl).pathname.split("/")[2] ?? "";
  const roomHref = (await page.getByRole("link", { name: "Enter Main stage" }).getAttribute("href")) ?? "";
  await page.getByRole("link", { name: "Orders" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
  return { eventId, roomHref };
}

async function inNewContext(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test("a signed Stripe checkout gives the buyer the room once they verify; mapping issues it; a signed refund takes it away", async ({
  page,
  browser,
  request,
  allowConsoleErrors,
}) => {
  test.slow();
  allowConsoleErrors(/status of 404/);
  const { eventId, roomHref } = await organizerWithEvent(page, "Orders Fest");
  await expect(page.getByText("No orders yet")).toBeVisible();
  const endpoint = await page.getByLabel("Endpoint URL to paste into Stripe").inputValue();
  expect(endpoint).toMatch(new RegExp(`/api/hooks/stripe/${eventId}$`));
  await page.getByLabel("Signing secret (whsec_…)").fill(STRIPE_SECRET);
  await page.getByRole("button", { name: "Save Stripe connection" }).click();
  await expect(page.getByText("Saved the stripe connection")).toBeVisible();
  await addTicketType(page, eventId, "Festival pass");

  // A forged signature is refused and stores nothing; the genuine one is taken, but its product is not mapped yet.
  const buyer = newPerson("buyer");
  const intent = `pi_${randomBytes(8).toString("hex")}`;
  const checkout = {
    type: "checkout.session.completed",
    data: {
      object: {
        id: `cs_${randomBytes(8).toString("hex")}`,
        payment_intent: intent,
        payment_status: "paid",
        amount_total: 4900,
        currency: "eur",
        customer_details: { email: buyer.email, name: buyer.name },
        metadata: { greenroom_sku: "fest-pass" },
      },
    },
  };
  const forged = await request.post(`/api/hooks/stripe/${eventId}`, {
    data: JSON.stringify(checkout),
    headers: { "content-type": "application/json", "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` },
  });
  expect(forged.status()).toBe(401);
  const placed = await sendStripe(request, eventId, checkout);
  expect(placed.status()).toBe(200);
  expect(await placed.json()).toMatchObject({ status: "placed", needsMapping: true });

  await page.reload();
  await expect(page.getByText("Last delivery")).toBeVisible();
  const unmapped = page.getByRole("region", { name: "Products without a ticket type" });
  await unmapped.getByLabel("Ticket type for fest-pass").selectOption({ label: "Festival pass" });
  await unmapped.getByRole("button", { name: "Map to ticket type" }).click();
  await expect(page.getByText("Tickets were issued for 1 waiting order")).toBeVisible();

  // The buyer was mailed a confirmation with the event as a calendar file.
  await page.goto(`/dev/outbox?to=${encodeURIComponent(buyer.email)}`);
  await expect(page.getByText(`Your tickets for Orders Fest`)).toBeVisible();
  await expect(page.getByText(/Attachment: event\.ics/)).toBeVisible();

  // The buyer signs up with the address they paid with and verifies it: My events shows the event, its room and the
  // ticket's QR code, and the room opens.
  const buyerPage = await inNewContext(browser);
  await signUp(buyerPage, buyer);
  await buyerPage.goto("/my");
  await expect(buyerPage.getByRole("list", { name: "My events" }).getByRole("link", { name: "Orders Fest" })).toBeVisible();
  await expect(buyerPage.getByRole("list", { name: "Your rooms in Orders Fest" })).toContainText("Main stage");
  await expect(buyerPage.getByRole("img", { name: /^QR code of your / })).toBeVisible();
  await buyerPage.goto(roomHref);
  await expect(buyerPage.getByRole("heading", { level: 1 })).toContainText("Main stage");

  // The organizer sees the order and the access it produced.
  await page.goto(`/events/${eventId}/orders`);
  await page.getByRole("link", { name: intent }).click();
  await expect(page.getByText(`${buyer.email} may enter Main stage as attendee`)).toBeVisible();

  // A partial refund is money only: the order page says so, and the buyer keeps the room.
  const charge = `ch_${randomBytes(8).toString("hex")}`;
  const partial = await sendStripe(request, eventId, {
    type: "charge.refunded",
    data: { object: { id: charge, amount: 4900, amount_refunded: 100, currency: "eur", refunded: false, payment_intent: intent } },
  });
  expect(await partial.json()).toMatchObject({ status: "placed" });
  await page.reload();
  await expect(page.getByRole("list", { name: "What each refund did" })).toContainText("Money-only refund of EUR 1.00: no change to tickets");
  await buyerPage.goto(roomHref);
  await expect(buyerPage.getByRole("heading", { level: 1 })).toContainText("Main stage");

  const refund = await sendStripe(request, eventId, {
    type: "charge.refunded",
    data: { object: { id: charge, amount: 4900, amount_refunded: 4900, currency: "eur", refunded: true, payment_intent: intent } },
  });
  expect(await refund.json()).toMatchObject({ status: "refunded" });
  const denied = await buyerPage.goto(roomHref);
  expect(denied?.status()).toBe(404);
  await buyerPage.goto("/my");
  await expect(buyerPage.getByRole("list", { name: "Your rooms in Orders Fest" })).toHaveCount(0);
});

test("the organizer imports a CSV with one bad row: preview with the row's error, then progress to the end", async ({ page }) => {
  test.slow();
  const { eventId } = await organizerWithEvent(page, "Import Days");
  await addTicketType(page, eventId, "Day pass");
  // The page is the session check plus one batch (counted by the e2e server's D1 wrapper).
  const counted = await page.request.get(`/events/${eventId}/orders`, { headers: { "x-count-d1": "1" } });
  expect(counted.status()).toBe(200);
  expect(counted.headers()["x-d1-round-trips"]).toBe("2");
  await page.reload();
  const rows = Array.from({ length: 120 }, (_, i) => `csv-${i},guest${i}-${randomBytes(3).toString("hex")}@e2e.test,Guest ${i},Day pass,1`);
  const csv = ["order_id,email,name,ticket_type,quantity", ...rows.slice(0, 60), "csv-bad,not-an-email,Bad Row,Day pass,1", ...rows.slice(60)].join("\n");
  const section = page.getByRole("region", { name: "Import orders from a CSV file" });
  await section.getByLabel("CSV file").setInputFiles({ name: "orders.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await section.getByRole("button", { name: "Preview" }).click();
  await expect(section.getByText("120 new orders to import")).toBeVisible();
  await expect(section.getByRole("list", { name: "Rows with errors" })).toContainText("Line 62, email: Not a valid email address");
  await section.getByRole("button", { name: "Import 120 orders" }).click();
  await expect(section.getByText("Import progress: 120 of 120 rows")).toBeVisible();
  await expect(section.locator("progress")).toHaveAttribute("value", "120");
  await expect(section.getByText("Imported 120 new orders of 120 valid rows.")).toBeVisible();

  // The same file again creates nothing new.
  await page.reload();
  await section.getByLabel("CSV file").setInputFiles({ name: "orders.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await section.getByRole("button", { name: "Preview" }).click();
  await expect(section.getByText("0 new orders to import, 120 already imported")).toBeVisible();
  await expect(page.getByRole("region", { name: "Sales" }).getByText("120", { exact: true }).first()).toBeVisible();
});

test("a CSV import beyond a ticket type's capacity is refused and says so; Issue beyond capacity imports it, mailing each buyer", async ({
  page,
}) => {
  test.slow();
  const { eventId } = await organizerWithEvent(page, "Small Rooms");
  await addTicketType(page, eventId, "Small room", 3);
  const emails = Array.from({ length: 5 }, (_, i) => `cap${i}-${randomBytes(3).toString("hex")}@e2e.test`);
  const csv = ["order_id,email,name,ticket_type,quantity", ...emails.map((e, i) => `cap-${i},${e},Guest ${i},Small room,1`)].join("\n");
  const section = page.getByRole("region", { name: "Import orders from a CSV file" });
  await section.getByLabel("CSV file").setInputFiles({ name: "orders.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await section.getByRole("button", { name: "Preview" }).click();
  await expect(section.getByRole("list", { name: "Ticket types this file would overfill" })).toContainText("needs 5 tickets, and 3 of 3 are left");
  // A small import mails its buyers unless the box is cleared; the label says what off means.
  await expect(section.getByLabel("Mail each buyer their tickets (off: nobody is mailed)")).toBeChecked();
  await section.getByRole("button", { name: "Import 5 orders" }).click();
  await expect(section.getByRole("alert")).toContainText("Only 3 of 3 “Small room” tickets are left, and this needs 5.");

  await section.getByLabel("Issue beyond capacity", { exact: false }).check();
  await section.getByRole("button", { name: "Import 5 orders" }).click();
  await expect(section.getByText("Imported 5 new orders of 5 valid rows. 5 buyers were mailed their tickets.")).toBeVisible();
  await page.goto(`/dev/outbox?to=${encodeURIComponent(emails[0] ?? "")}`);
  await expect(page.getByText("Your tickets for Small Rooms")).toBeVisible();
});
