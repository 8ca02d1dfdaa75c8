import { accessGrants, orders, tickets } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTicketType } from "../../test/commerce-factories";
import { makeEventWithRooms, makeOrganizer, testCtx } from "../../test/factories";
import { createManualOrder, importOrdersCsvChunk, previewOrdersCsv } from ".";

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
