import { accessGrants, auditLog, orderLines, orders, roomAccessTickets, tickets, ticketTypes } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeSkuMapping, makeTicketType } from "../../test/commerce-factories";
import { makeEventWithRooms, makeGrant, makeInvitation, makeOrganizer, testCtx } from "../../test/factories";
import { acceptInvitation } from "../invitations";
import { type OrderEventInput, ingestOrder, mapSku } from ".";

const db = () => testCtx().db;

async function setup() {
  const world = await makeEventWithRooms();
  const pass = await makeTicketType(world.event, [world.main.id, world.side.id], "Day pass");
  await makeSkuMapping(world.event, "stripe", "prod_day", pass.id);
  return { ...world, pass };
}

const placed = (eventId: string, externalOrderId: string, buyerEmail: string, extra: Partial<OrderEventInput> = {}): OrderEventInput => ({
  retailer: "stripe",
  eventId,
  externalOrderId,
  kind: "order",
  buyerEmail,
  buyerName: "Bea Buyer",
  lines: [{ externalSku: "prod_day", quantity: 2, title: "Day pass" }],
  amount: 5000,
  currency: "EUR",
  raw: { id: `evt_${externalOrderId}` },
  ...extra,
});
const refunded = (eventId: string, externalOrderId: string): OrderEventInput => ({
  retailer: "stripe",
  eventId,
  externalOrderId,
  kind: "refund",
  lines: [],
  raw: { id: `evt_refund_${externalOrderId}` },
});

const ingest = (accountId: string, order: OrderEventInput, deliveryId?: string) =>
  ingestOrder({ ctx: testCtx(), input: { accountId, order, ...(deliveryId ? { deliveryId } : {}) } });

async function stateOf(accountId: string, externalOrderId: string, userId: string) {
  const [order] = await db()
    .select()
    .from(orders)
    .where(and(eq(orders.accountId, accountId), eq(orders.externalOrderId, externalOrderId)));
  if (!order) return null;
  const ticketRows = await db().select().from(tickets).where(eq(tickets.orderId, order.id));
  const lines = await db().select().from(orderLines).where(eq(orderLines.orderId, order.id));
  const grants = await db().select().from(accessGrants).where(eq(accessGrants.userId, userId));
  return {
    status: order.status,
    body: order.body,
    needsMapping: order.needsMapping,
    lines: lines.map((l) => [l.lineNo, l.externalSku, l.quantity, l.ticketTypeId]),
    validTickets: ticketRows.filter((t) => t.status === "valid").length,
    grants: grants.map((g) => g.roomId).sort(),
  };
}

describe("order ingestion", () => {
  it("takes the same delivery 20 times at once as one order, one set of tickets and one grant per room", async () => {
    const { event, main, side, pass } = await setup();
    const buyer = await makeOrganizer();
    const order = placed(event.id, `pi_${createId()}`, buyer.email);
    const results = await Promise.all(Array.from({ length: 20 }, () => ingest(event.accountId, order)));
    expect(new Set(results.map((r) => r.orderId)).size).toBe(1);

    const rows = await db().select().from(orders).where(eq(orders.externalOrderId, order.externalOrderId));
    expect(rows).toHaveLength(1);
    const ticketRows = await db().select().from(tickets).where(eq(tickets.orderId, rows[0]?.id ?? ""));
    expect(ticketRows.map((t) => t.seq).sort()).toEqual([0, 1]);
    expect(ticketRows.every((t) => t.holderUserId === buyer.id && t.holderEmail === buyer.email)).toBe(true);
    const rat = await db().select().from(roomAccessTickets).where(eq(roomAccessTickets.ticketId, ticketRows[0]?.id ?? ""));
    expect(rat.map((r) => r.roomId).sort()).toEqual([main.id, side.id].sort());
    const grants = await db().select().from(accessGrants).where(eq(accessGrants.userId, buyer.id));
    expect(grants.map((g) => g.roomId).sort()).toEqual([main.id, side.id].sort());
    expect(grants.every((g) => g.source === "ticket" && g.roleId === "role_attendee")).toBe(true);
    const [type] = await db().select().from(ticketTypes).where(eq(ticketTypes.id, pass.id));
    expect(type?.issued).toBe(2);
    const audits = await db().select().from(auditLog).where(eq(auditLog.targetId, `stripe:${order.externalOrderId}`));
    expect(audits).toHaveLength(1);
  });

  it("records a retailer's delivery id once: a redelivery is not fresh and changes nothing", async () => {
    const { event } = await setup();
    const order = placed(event.id, `pi_${createId()}`, `nobody-${createId()}@example.test`);
    const first = await ingest(event.accountId, order, "delivery-1");
    const before = await db().select().from(orders).where(eq(orders.id, first.orderId));
    const again = await Promise.all([1, 2, 3].map(() => ingest(event.accountId, order, "delivery-1")));
    expect(first.fresh).toBe(true);
    expect(again.every((r) => !r.fresh && r.orderId === first.orderId)).toBe(true);
    expect(await db().select().from(orders).where(eq(orders.id, first.orderId))).toEqual(before);
  });

  it("converges to the same end state whether the refund arrives before or after its order", async () => {
    const { event, pass } = await setup();
    const buyer = await makeOrganizer();
    const after = `pi_${createId()}`;
    const before = `pi_${createId()}`;
    const other = await makeOrganizer();

    await ingest(event.accountId, placed(event.id, after, buyer.email));
    expect((await stateOf(event.accountId, after, buyer.id))?.grants).toHaveLength(2);
    await ingest(event.accountId, refunded(event.id, after));

    await ingest(event.accountId, refunded(event.id, before));
    expect((await stateOf(event.accountId, before, other.id))?.status).toBe("refunded");
    await ingest(event.accountId, placed(event.id, before, other.email));
    await ingest(event.accountId, placed(event.id, before, other.email));

    const a = await stateOf(event.accountId, after, buyer.id);
    const b = await stateOf(event.accountId, before, other.id);
    expect(a).toMatchObject({ status: "refunded", validTickets: 0, grants: [], needsMapping: false });
    const strip = (state: typeof a) => ({
      ...state,
      body: { ...(state?.body as object), externalOrderId: "x", buyerEmail: "x", raw: null, refund: null, placedBy: "x", refunds: Object.keys(((state?.body ?? {}) as { refunds?: object }).refunds ?? {}) },
      lines: state?.lines.map(([n, sku, q]) => [n, sku, q]),
    });
    expect(strip(b)).toEqual(strip(a));
    expect((b?.body as { refund?: { kind: string } } | undefined)?.refund?.kind).toBe("refund");
    const [type] = await db().select().from(ticketTypes).where(eq(ticketTypes.id, pass.id));
    expect(type?.issued).toBe(0);
  });

  it("keeps access that another ticket or an invitation gives when one order is refunded", async () => {
    const { owner, event, main, side } = await setup();
    const buyer = await makeOrganizer();
    const first = `pi_${createId()}`;
    await ingest(event.accountId, placed(event.id, first, buyer.email));
    // A second order of a type that opens the main room only.
    const mainOnly = await makeTicketType(event, [main.id], "Main only");
    await makeSkuMapping(event, "stripe", "prod_main", mainOnly.id);
    await ingest(event.accountId, placed(event.id, `pi_${createId()}`, buyer.email, { lines: [{ externalSku: "prod_main", quantity: 1 }] }));
    await ingest(event.accountId, refunded(event.id, first));
    const grants = await db().select().from(accessGrants).where(eq(accessGrants.userId, buyer.id));
    expect(grants.map((g) => g.roomId)).toEqual([main.id]);

    // An invited guest with a ticket for the same room keeps the room after the refund.
    const guest = await makeOrganizer();
    const sent = await makeInvitation(owner, { eventId: event.id, roomId: side.id, email: guest.email, roleKey: "attendee" });
    await acceptInvitation({ ctx: guest.ctx, input: { token: sent.token } });
    const guestOrder = `pi_${createId()}`;
    await ingest(event.accountId, placed(event.id, guestOrder, guest.email));
    await ingest(event.accountId, refunded(event.id, guestOrder));
    const guestGrants = await db().select().from(accessGrants).where(eq(accessGrants.userId, guest.id));
    expect(guestGrants.map((g) => [g.roomId, g.source])).toEqual([[side.id, "invitation"]]);

    // An organizer's event-wide grant is untouched too.
    const helper = await makeOrganizer();
    await makeGrant(event, helper, { roleId: "role_moderator" });
    const helperOrder = `pi_${createId()}`;
    await ingest(event.accountId, placed(event.id, helperOrder, helper.email));
    await ingest(event.accountId, refunded(event.id, helperOrder));
    const helperGrants = await db().select().from(accessGrants).where(eq(accessGrants.userId, helper.id));
    expect(helperGrants.map((g) => [g.roomId, g.roleId])).toEqual([[null, "role_moderator"]]);
  });

  it("flags an order whose SKU has no mapping, and mapping it issues the tickets retroactively, once", async () => {
    const { owner, event, main, side, pass } = await setup();
    const buyer = await makeOrganizer();
    const id = `pi_${createId()}`;
    const result = await ingest(event.accountId, placed(event.id, id, buyer.email, { lines: [{ externalSku: "prod_new", quantity: 3 }] }));
    expect(result.needsMapping).toBe(true);
    expect(await stateOf(event.accountId, id, buyer.id)).toMatchObject({ validTickets: 0, grants: [], needsMapping: true });

    // Someone without orders.manage is refused and nothing changes.
    const stranger = await makeOrganizer();
    await expect(
      mapSku({ ctx: stranger.ctx, input: { eventId: event.id, retailer: "stripe", externalSku: "prod_new", ticketTypeId: pass.id } }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await stateOf(event.accountId, id, buyer.id)).toMatchObject({ validTickets: 0, needsMapping: true });

    const input = { eventId: event.id, retailer: "stripe" as const, externalSku: "prod_new", ticketTypeId: pass.id };
    const mapped = await Promise.all([mapSku({ ctx: owner.ctx, input }), mapSku({ ctx: owner.ctx, input })]);
    expect(mapped.filter((m) => m.created)).toHaveLength(1);
    expect(await stateOf(event.accountId, id, buyer.id)).toMatchObject({ validTickets: 3, needsMapping: false, grants: [main.id, side.id].sort() });
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.action, "sku_mapping.create"), eq(auditLog.accountId, event.accountId)));
    expect(audits).toHaveLength(1);

    const other = await makeTicketType(event, [main.id]);
    await expect(mapSku({ ctx: owner.ctx, input: { ...input, ticketTypeId: other.id } })).rejects.toMatchObject({ code: "conflict" });
  });

  it("issues a large quantity in one batch, and refuses an event of another account without writing", async () => {
    const { event } = await setup();
    const id = `pi_${createId()}`;
    await ingest(event.accountId, placed(event.id, id, `big-${createId()}@example.test`, { lines: [{ externalSku: "prod_day", quantity: 2500 }] }));
    const [{ n } = { n: 0 }] = await db()
      .select({ n: sql<number>`count(*)` })
      .from(tickets)
      .where(sql`order_id = (SELECT id FROM orders WHERE external_order_id = ${id})`);
    expect(n).toBe(2500);

    const elsewhere = await setup();
    const foreign = `pi_${createId()}`;
    await expect(ingest(event.accountId, placed(elsewhere.event.id, foreign, "x@example.test"), "d-foreign")).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await db().select().from(orders).where(eq(orders.externalOrderId, foreign))).toHaveLength(0);
  });

  it("holds tickets for a buyer without an account until they verify that address", async () => {
    const { event } = await setup();
    const email = `later-${createId()}@example.test`;
    await ingest(event.accountId, placed(event.id, `pi_${createId()}`, email));
    const held = await db().select().from(tickets).where(eq(tickets.holderEmail, email));
    expect(held).toHaveLength(2);
    expect(held.every((t) => t.holderUserId === null)).toBe(true);
    const unverified = await makeOrganizer({ email: `u-${email}`, verified: false });
    await ingest(event.accountId, placed(event.id, `pi_${createId()}`, unverified.email));
    expect(await db().select().from(accessGrants).where(eq(accessGrants.userId, unverified.id))).toHaveLength(0);
  });
});
