import { webappDb } from "@greenroom/db/webapp/client";
import { createId } from "@paralleldrive/cuid2";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeSkuMapping, makeTicketType } from "../../test/commerce-factories";
import { countingD1 } from "../../test/counting-d1";
import { makeEventWithRooms, makeGrant, makeOrganizer, testCtx } from "../../test/factories";
import { codeOf } from "../../test/outcome";
import { verifyCredentials } from "../auth";
import type { Ctx } from "../context";
import { outboxMailer } from "../mail";
import { orderDetailPage, ordersPage } from "../pages";
import { exportOrdersCsv, ingestOrder } from ".";

async function counted<T>(ctx: Ctx, load: (ctx: Ctx) => Promise<T>): Promise<{ value: T; roundTrips: number }> {
  const d1 = countingD1(env.WEBAPP_DB);
  const counting = webappDb(d1.db);
  const value = await load({ ...ctx, db: counting, mail: outboxMailer(counting, ctx.now) });
  return { value, roundTrips: d1.roundTrips() };
}

describe("the organizer's orders pages", () => {
  it("reads the page in one round trip, filters, pages by keyset, shows the produced grants, and hides it from others", async () => {
    const { owner, event, main } = await makeEventWithRooms();
    const pass = await makeTicketType(event, [main.id], "Day pass");
    await makeSkuMapping(event, "shopify", "DAY", pass.id);
    const buyer = await makeOrganizer();
    const at = Date.now();
    for (let i = 0; i < 5; i++) {
      await ingestOrder({
        ctx: testCtx(null, () => new Date(at + i * 1000)),
        input: {
          accountId: event.accountId,
          order: {
            retailer: "shopify",
            eventId: event.id,
            externalOrderId: `ord-${i}`,
            kind: "order",
            buyerEmail: buyer.email,
            lines: [{ externalSku: i === 4 ? "UNKNOWN" : "DAY", quantity: 1 }],
            amount: 1000,
            currency: "EUR",
          },
        },
      });
    }

    const { value, roundTrips } = await counted(owner.ctx, (ctx) => ordersPage({ ctx, input: { eventId: event.id, limit: "2" } }));
    expect(roundTrips).toBe(1);
    expect(value.entries.map((e) => e.externalOrderId)).toEqual(["ord-4", "ord-3"]);
    expect(value.summary).toMatchObject({ orders: 5, placed: 5, needsMapping: 1, validTickets: 4, revenue: [{ currency: "EUR", amount: 5000 }] });
    expect(value.unmapped).toEqual([{ retailer: "shopify", externalSku: "UNKNOWN", title: null, orders: 1, units: 1 }]);
    expect(value.connections.every((c) => !c.hasSecret)).toBe(true);
    const next = await ordersPage({ ctx: owner.ctx, input: { eventId: event.id, limit: "2", after: value.nextCursor ?? "" } });
    expect(next.entries.map((e) => e.externalOrderId)).toEqual(["ord-2", "ord-1"]);
    const flagged = await ordersPage({ ctx: owner.ctx, input: { eventId: event.id, needsMapping: "1" } });
    expect(flagged.entries.map((e) => e.externalOrderId)).toEqual(["ord-4"]);
    const byType = await ordersPage({ ctx: owner.ctx, input: { eventId: event.id, ticketTypeId: pass.id, retailer: "shopify", status: "placed" } });
    expect(byType.entries).toHaveLength(4);

    const first = value.entries[1];
    // The produced grants show once the buyer has signed in and so claimed the tickets (see holder-privacy.test.ts).
    expect((await orderDetailPage({ ctx: owner.ctx, input: { eventId: event.id, orderId: first?.id ?? "" } })).grants).toEqual([]);
    await verifyCredentials({ ctx: buyer.ctx, input: { email: buyer.email, password: buyer.password, ip: `t-${createId()}` } });
    const detail = await counted(owner.ctx, (ctx) => orderDetailPage({ ctx, input: { eventId: event.id, orderId: first?.id ?? "" } }));
    expect(detail.roundTrips).toBe(1);
    expect(detail.value.grants).toMatchObject([{ email: buyer.email, roomName: "Main stage", roleId: "role_attendee" }]);

    const stranger = await makeOrganizer();
    expect(await codeOf(ordersPage({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
    expect(await codeOf(orderDetailPage({ ctx: stranger.ctx, input: { eventId: event.id, orderId: first?.id ?? "" } }))).toBe("not_found");
    const speaker = await makeOrganizer();
    await makeGrant(event, speaker, { roleId: "role_speaker" });
    expect(await codeOf(ordersPage({ ctx: speaker.ctx, input: { eventId: event.id } }))).toBe("forbidden");
    const elsewhere = await makeEventWithRooms();
    expect(await codeOf(orderDetailPage({ ctx: elsewhere.owner.ctx, input: { eventId: elsewhere.event.id, orderId: first?.id ?? "" } }))).toBe(
      "not_found",
    );
    expect(await codeOf(ordersPage({ ctx: owner.ctx, input: { eventId: event.id, after: `bad-${createId()}` } }))).toBe("invalid");

    const csv = await exportOrdersCsv({ ctx: owner.ctx, input: { eventId: event.id } });
    const text = await new Response(csv.body).text();
    expect(text.trim().split("\n")).toHaveLength(6);
    expect(text).toContain("ord-4,shopify,placed,yes");
  });
});
