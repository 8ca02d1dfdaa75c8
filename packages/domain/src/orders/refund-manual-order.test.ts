import { tickets } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTicketType } from "../../test/commerce-factories";
import { makeEventWithRooms, makeOrganizer, testCtx } from "../../test/factories";
import { codeOf } from "../../test/outcome";
import { createManualOrder, ingestOrder, refundManualOrder } from ".";

async function manualOrder(quantity: number) {
  const { owner, event, main } = await makeEventWithRooms();
  const type = await makeTicketType(event, [main.id]);
  const made = await createManualOrder({
    ctx: owner.ctx,
    input: { eventId: event.id, email: "buyer@example.test", name: "Buyer", ticketTypeId: type.id, quantity },
  });
  return { owner, event, type, orderId: made.orderId ?? "" };
}

const validTickets = async (orderId: string) =>
  (await testCtx().db.select().from(tickets).where(eq(tickets.orderId, orderId))).filter((t) => t.status === "valid").length;

describe("refunding a manual order", () => {
  it("takes back only the refunded units, and the same refund key twice takes back nothing more", async () => {
    const { owner, event, type, orderId } = await manualOrder(3);
    const input = { eventId: event.id, orderId, lines: [{ ticketTypeId: type.id, quantity: 1 }], requestKey: "refund-1" };
    await refundManualOrder({ ctx: owner.ctx, input });
    expect(await validTickets(orderId)).toBe(2);
    await refundManualOrder({ ctx: owner.ctx, input });
    expect(await validTickets(orderId)).toBe(2);
    await refundManualOrder({ ctx: owner.ctx, input: { eventId: event.id, orderId } });
    expect(await validTickets(orderId)).toBe(0);
  });

  it("is not_found for another tenant and changes nothing", async () => {
    const { event, orderId } = await manualOrder(2);
    const stranger = await makeOrganizer();
    expect(await codeOf(refundManualOrder({ ctx: stranger.ctx, input: { eventId: event.id, orderId } }))).toBe("not_found");
    expect(await validTickets(orderId)).toBe(2);
  });

  it("refuses a retailer's order: its refund must come signed from the retailer", async () => {
    const { owner, event, main } = await makeEventWithRooms();
    await makeTicketType(event, [main.id]);
    const placed = await ingestOrder({
      ctx: testCtx(),
      input: {
        accountId: owner.accountId,
        order: { retailer: "shopify", eventId: event.id, externalOrderId: "shop-1", kind: "order", buyerEmail: "b@example.test", lines: [] },
      },
    });
    expect(await codeOf(refundManualOrder({ ctx: owner.ctx, input: { eventId: event.id, orderId: placed.orderId } }))).toBe("conflict");
  });
});
