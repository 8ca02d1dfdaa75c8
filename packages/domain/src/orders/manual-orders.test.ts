import { accessGrants, authThrottle, mailOutbox, orders, tickets, ticketTypes } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTicketType } from "../../test/commerce-factories";
import { makeEventWithRooms, makeOrganizer, TEST_BASE_URL, testCtx } from "../../test/factories";
import { failure } from "../../test/outcome";
import type { Ctx } from "../context";
import { LIMITS, UNITS_PER_LINE_MESSAGE } from "../limits";
import { ordersPage } from "../pages";
import { createManualOrder, exportOrdersCsv, importOrdersCsvChunk, previewOrdersCsv } from ".";
import { ticketQuotaKey } from "./manual-orders";

const db = () => testCtx().db;
const manualOrders = (accountId: string) =>
  db().select().from(orders).where(and(eq(orders.accountId, accountId), eq(orders.retailer, "manual")));

describe("manual orders", () => {
  it("creates one typed-in order with its tickets and grants, once per order id, and only for orders.manage", async () => {
    const { owner, event, main } = await makeEventWithRooms();
    const type = await makeTicketType(event, [main.id], "Guest list");
    const guest = await makeOrganizer();
    const input = { eventId: event.id, orderId: "guest-1", email: guest.email, name: "Gus", ticketTypeId: type.id, quantity: "2" };
    const first = await createManualOrder({ ctx: owner.ctx, input });
    const again = await createManualOrder({ ctx: owner.ctx, input });
    expect([first.created, again.created]).toEqual([true, false]);
    expect(await manualOrders(event.accountId)).toHaveLength(1);
    expect(await db().select().from(tickets).where(eq(tickets.holderEmail, guest.email))).toHaveLength(2);
    expect((await db().select().from(accessGrants).where(eq(accessGrants.userId, guest.id))).map((g) => g.roomId)).toEqual([main.id]);

    const stranger = await makeOrganizer();
    await expect(createManualOrder({ ctx: stranger.ctx, input: { ...input, orderId: "guest-2" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(createManualOrder({ ctx: owner.ctx, input: { ...input, quantity: "0" } })).rejects.toMatchObject({ code: "invalid" });
    expect(await manualOrders(event.accountId)).toHaveLength(1);
  });

  it("previews a CSV with row-level errors, imports it in chunks, and importing it again creates nothing", async () => {
    const { owner, event, main } = await makeEventWithRooms();
    await makeTicketType(event, [main.id], "Day pass");
    const rows = Array.from({ length: 7 }, (_, i) => `ord-${i},buyer${i}-${createId()}@example.test,Buyer ${i},Day pass,1`);
    const csv = ["order_id,email,name,ticket_type,quantity", ...rows, "ord-bad,not-an-email,Bad,Day pass,1", "ord-x,x@example.test,X,Nope,1"].join("\n");

    const preview = await previewOrdersCsv({ ctx: owner.ctx, input: { eventId: event.id, csv } });
    expect(preview.importable).toBe(7);
    expect(preview.errors.map((e) => [e.line, e.field])).toEqual([
      [9, "email"],
      [10, "ticket_type"],
    ]);

    let offset: number | null = 0;
    const seen: number[] = [];
    while (offset !== null) {
      const chunk = await importOrdersCsvChunk({ ctx: owner.ctx, input: { eventId: event.id, csv, offset, limit: 3 } });
      seen.push(chunk.done);
      offset = chunk.next;
    }
    expect(seen).toEqual([3, 6, 7]);
    expect(await manualOrders(event.accountId)).toHaveLength(7);
    expect(await db().select().from(tickets).where(eq(tickets.eventId, event.id))).toHaveLength(7);

    const again = await importOrdersCsvChunk({ ctx: owner.ctx, input: { eventId: event.id, csv, offset: 0, limit: 100 } });
    expect(again.created).toBe(0);
    expect(await manualOrders(event.accountId)).toHaveLength(7);
    expect(await db().select().from(tickets).where(eq(tickets.eventId, event.id))).toHaveLength(7);
    expect((await previewOrdersCsv({ ctx: owner.ctx, input: { eventId: event.id, csv } })).importable).toBe(0);

    const other = await makeOrganizer();
    await expect(importOrdersCsvChunk({ ctx: other.ctx, input: { eventId: event.id, csv } })).rejects.toMatchObject({ code: "not_found" });
  });
});

const HEADER = "order_id,email,name,ticket_type,quantity";
const csvOf = (rows: { id: string; qty: number }[], type: string) =>
  [HEADER, ...rows.map((r) => `${r.id},${r.id}-${createId()}@example.test,Buyer ${r.id},${type},${r.qty}`)].join("\n");
const validTickets = (ticketTypeId: string) =>
  db().select().from(tickets).where(and(eq(tickets.ticketTypeId, ticketTypeId), eq(tickets.status, "valid")));
const issuedOf = async (id: string) => (await db().select().from(ticketTypes).where(eq(ticketTypes.id, id)))[0]?.issued;
const mailTo = (to: string) => db().select().from(mailOutbox).where(eq(mailOutbox.to, to));

async function cappedType(capacity: number) {
  const { owner, event, main } = await makeEventWithRooms();
  const type = await makeTicketType(event, [main.id], `Capped ${createId().slice(0, 6)}`);
  await db().update(ticketTypes).set({ capacity }).where(eq(ticketTypes.id, type.id));
  return { owner, event, type };
}

async function importAll(ctx: Ctx, input: { eventId: string; csv: string; beyondCapacity?: boolean; mailBuyers?: boolean; baseUrl?: string; limit?: number }) {
  let offset: number | null = 0;
  let created = 0;
  let mailed = 0;
  while (offset !== null) {
    const chunk = await importOrdersCsvChunk({ ctx, input: { limit: 50, ...input, offset } });
    created += chunk.created;
    mailed += chunk.mailed;
    offset = chunk.next;
  }
  return { created, mailed };
}

describe("capacity holds for manual orders and CSV imports", () => {
  it("a CSV import beyond capacity is refused and issues nothing", async () => {
    const { owner, event, type } = await cappedType(50);
    // 81 tickets for 50 seats, spread over two chunks of 50 rows: the first chunk already sees the whole file.
    const csv = csvOf(Array.from({ length: 81 }, (_, i) => ({ id: `cap-${i}`, qty: 1 })), type.name);
    const preview = await previewOrdersCsv({ ctx: owner.ctx, input: { eventId: event.id, csv } });
    expect(preview.overCapacity).toEqual([{ name: type.name, wanted: 81, left: 50, capacity: 50 }]);
    const error = await failure(importAll(owner.ctx, { eventId: event.id, csv }));
    expect(error?.code).toBe("conflict");
    expect(error?.message).toMatch(/Only 50 of 50 .* left, and this needs 81\. .*Issue beyond capacity/);
    expect(error?.fieldErrors?.file?.[0]).toBe(error?.message);
    expect(await manualOrders(event.accountId)).toHaveLength(0);
    expect(await validTickets(type.id)).toHaveLength(0);
    expect(await issuedOf(type.id)).toBe(0);
  });

  it("an import with Issue beyond capacity ticked issues past capacity, and the audit says so", async () => {
    const { owner, event, type } = await cappedType(5);
    const csv = csvOf(Array.from({ length: 7 }, (_, i) => ({ id: `over-${i}`, qty: 1 })), type.name);
    expect((await importAll(owner.ctx, { eventId: event.id, csv, beyondCapacity: true })).created).toBe(7);
    expect(await issuedOf(type.id)).toBe(7);
  });

  it("two concurrent imports never oversell", async () => {
    const { owner, event, type } = await cappedType(10);
    const a = csvOf(Array.from({ length: 8 }, (_, i) => ({ id: `a-${i}`, qty: 1 })), type.name);
    const b = csvOf(Array.from({ length: 4 }, (_, i) => ({ id: `b-${i}`, qty: 2 })), type.name);
    const outcomes = await Promise.allSettled([
      importAll(owner.ctx, { eventId: event.id, csv: a, limit: 3 }),
      importAll(owner.ctx, { eventId: event.id, csv: b, limit: 2 }),
    ]);
    expect(outcomes.filter((o) => o.status === "rejected")).not.toHaveLength(0);
    const valid = await validTickets(type.id);
    expect(valid.length).toBeLessThanOrEqual(10);
    expect(await issuedOf(type.id)).toBe(valid.length);
  });

  it("concurrent manual orders for the last seats issue exactly the seats left", async () => {
    const { owner, event, type } = await cappedType(10);
    const input = (i: number) => ({ eventId: event.id, orderId: `race-${i}`, email: `race-${i}@example.test`, name: "R", ticketTypeId: type.id, quantity: "3" });
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => createManualOrder({ ctx: owner.ctx, input: input(i) })));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(3);
    expect(await validTickets(type.id)).toHaveLength(9);
    expect(await issuedOf(type.id)).toBe(9);
  });

  it("a manual order beyond capacity is refused with a message on quantity, unless Issue beyond capacity is ticked", async () => {
    const { owner, event, type } = await cappedType(2);
    const input = { eventId: event.id, orderId: "big", email: "big@example.test", name: "Big", ticketTypeId: type.id, quantity: "3" };
    const error = await failure(createManualOrder({ ctx: owner.ctx, input }));
    expect(error?.code).toBe("conflict");
    expect(error?.fieldErrors?.quantity?.[0]).toMatch(/Only 2 of 2 .* left, and this needs 3/);
    expect(await manualOrders(event.accountId)).toHaveLength(0);
    expect((await createManualOrder({ ctx: owner.ctx, input: { ...input, beyondCapacity: "on" } })).created).toBe(true);
    expect(await issuedOf(type.id)).toBe(3);
  });
});

describe("quotas on manual orders", () => {
  it("a manual order over the units-per-line cap is refused with its own message on quantity", async () => {
    const { owner, event, type } = await cappedType(100_000);
    const input = { eventId: event.id, email: "many@example.test", name: "M", ticketTypeId: type.id, quantity: "501" };
    const error = await failure(createManualOrder({ ctx: owner.ctx, input }));
    expect(error?.fieldErrors?.quantity).toEqual([UNITS_PER_LINE_MESSAGE]);
    expect(await manualOrders(event.accountId)).toHaveLength(0);
  });

  it("an order past the account's tickets-per-hour quota is refused with its message and issues nothing", async () => {
    const { owner, event, type } = await cappedType(100_000);
    // As if this account had issued all but two of its hourly tickets a minute ago.
    await db().insert(authThrottle).values({ key: ticketQuotaKey(event.accountId), windowStartedAt: new Date(Date.now() - 60_000), failures: LIMITS.ticketsPerAccount.max - 2 });
    const input = { eventId: event.id, orderId: "q-1", email: "q@example.test", name: "Q", ticketTypeId: type.id, quantity: "3" };
    const error = await failure(createManualOrder({ ctx: owner.ctx, input }));
    expect(error?.code).toBe("rate_limited");
    expect(error?.message).toBe(LIMITS.ticketsPerAccount.message);
    expect(await validTickets(type.id)).toHaveLength(0);
    // Two still fit, and are counted.
    expect((await createManualOrder({ ctx: owner.ctx, input: { ...input, quantity: "2" } })).created).toBe(true);
    const [row] = await db().select().from(authThrottle).where(eq(authThrottle.key, ticketQuotaKey(event.accountId)));
    expect(row?.failures).toBe(LIMITS.ticketsPerAccount.max);
  });
});

describe("manual and CSV orders mail their buyers only when asked", () => {
  it("a manual order with Mail the buyer ticked mails the buyer once; unticked mails nobody", async () => {
    const { owner, event, type } = await cappedType(100);
    const base = { eventId: event.id, name: "Mia", ticketTypeId: type.id, quantity: "2", baseUrl: TEST_BASE_URL };
    const mailed = `mailed-${createId()}@example.test`;
    const quiet = `quiet-${createId()}@example.test`;
    const first = await createManualOrder({ ctx: owner.ctx, input: { ...base, orderId: "m-1", email: mailed, mailBuyers: "on" } });
    expect(first.mailed).toBe(true);
    const again = await createManualOrder({ ctx: owner.ctx, input: { ...base, orderId: "m-1", email: mailed, mailBuyers: "on" } });
    expect(again).toMatchObject({ created: false, mailed: false });
    await createManualOrder({ ctx: owner.ctx, input: { ...base, orderId: "m-2", email: quiet } });
    const mails = await mailTo(mailed);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toMatch(/2 tickets for/);
    expect(await mailTo(quiet)).toHaveLength(0);
  });

  it("a CSV import mails each buyer it created only when asked, and shows the amount with formatMoney", async () => {
    const { owner, event, type } = await cappedType(100);
    const emails = [0, 1, 2].map((i) => `csv-${i}-${createId()}@example.test`);
    const csv = ["order_id,email,name,ticket_type,quantity,amount,currency", ...emails.map((e, i) => `c-${i},${e},C ${i},${type.name},1,1234.567,IQD`)].join("\n");
    expect((await importAll(owner.ctx, { eventId: event.id, csv, mailBuyers: true, baseUrl: TEST_BASE_URL, limit: 2 })).mailed).toBe(3);
    for (const email of emails) {
      const mails = await mailTo(email);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.text).toContain("IQD 1,234.567");
    }
    const quiet = `csv-quiet-${createId()}@example.test`;
    await importAll(owner.ctx, { eventId: event.id, csv: `${HEADER}\nq-1,${quiet},Q,${type.name},1` });
    expect(await mailTo(quiet)).toHaveLength(0);
  });

  it("an address over its daily ticket-mail budget gets no more order mails", async () => {
    const { owner, event, type } = await cappedType(100);
    const email = `budget-${createId()}@example.test`;
    await db().insert(authThrottle).values({ key: `ticket-mail:${email}`, windowStartedAt: new Date(Date.now() - 60_000), failures: LIMITS.ticketMailsPerAddress.max });
    const result = await createManualOrder({
      ctx: owner.ctx,
      input: { eventId: event.id, email, name: "B", ticketTypeId: type.id, quantity: "1", mailBuyers: "on", baseUrl: TEST_BASE_URL },
    });
    expect(result).toMatchObject({ created: true, mailed: false });
    expect(await mailTo(email)).toHaveLength(0);
  });
});

describe("money shown right", () => {
  it("the orders page and the orders CSV show an IQD amount with ISO's three decimals", async () => {
    const { owner, event, type } = await cappedType(100);
    const csv = `order_id,email,name,ticket_type,quantity,amount,currency\niqd-1,iqd-${createId()}@example.test,I,${type.name},1,1234.567,IQD`;
    await importAll(owner.ctx, { eventId: event.id, csv });
    const page = await ordersPage({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(page.entries.map((o) => o.amountText)).toEqual(["IQD 1,234.567"]);
    expect(page.summary.revenue.map((r) => r.text)).toEqual(["IQD 1,234.567"]);
    const file = await new Response((await exportOrdersCsv({ ctx: owner.ctx, input: { eventId: event.id } })).body).text();
    expect(file).toContain(",1234.567,IQD,");
  });
});
