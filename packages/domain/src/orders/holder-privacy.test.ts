import { createId } from "@paralleldrive/cuid2";
import { describe, expect, it } from "vitest";
import { makeTicketType } from "../../test/commerce-factories";
import { makeEventWithRooms, makeOrganizer } from "../../test/factories";
import { verifyCredentials } from "../auth";
import { exportParticipantsCsv } from "../participants";
import { orderDetailPage, ordersPage, participantsPage } from "../pages";
import { createManualOrder } from ".";

// An organizer creating an order (or a registration) for an address must not learn whether it has a Greenroom
// account, nor that person's profile name: until the holder signs in, they see what the order said.

async function setting() {
  const { owner, event, main } = await makeEventWithRooms();
  const type = await makeTicketType(event, [main.id], "Guest");
  const member = await makeOrganizer({ name: "Profile Pat" });
  const order = (email: string, orderId: string) =>
    createManualOrder({ ctx: owner.ctx, input: { eventId: event.id, orderId, email, name: "Order Name", ticketTypeId: type.id, quantity: "1" } });
  const participants = async () => (await participantsPage({ ctx: owner.ctx, input: { eventId: event.id } })).page.entries;
  const csvText = async () => new Response((await exportParticipantsCsv({ ctx: owner.ctx, input: { eventId: event.id } })).body).text();
  return { owner, event, member, order, participants, csvText };
}

describe("ticket holders' privacy", () => {
  it("an organizer creating an order for a member's address sees the name in the order, not the profile name", async () => {
    const { owner, event, member, order, participants, csvText } = await setting();
    const created = await order(member.email, "for-member");
    const orders = await ordersPage({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(orders.entries.map((o) => o.buyerName)).toEqual(["Order Name"]);
    expect(await participants()).toEqual([]);
    expect(JSON.stringify(await participants())).not.toContain("Profile Pat");
    expect(await csvText()).not.toContain("Profile Pat");
    const detail = await orderDetailPage({ ctx: owner.ctx, input: { eventId: event.id, orderId: created.orderId ?? "" } });
    expect(detail.grants).toEqual([]);
    expect(JSON.stringify(detail)).not.toContain("Profile Pat");
  });

  it("creating an order for an address answers and shows the same whether or not the address has an account", async () => {
    const { owner, event, member, order, participants } = await setting();
    const stranger = `stranger-${createId()}@example.test`;
    const forMember = await order(member.email, "same-1");
    const before = (await participants()).length;
    const forStranger = await order(stranger, "same-2");
    const strip = (r: typeof forMember) => ({ ...r, orderId: typeof r.orderId, externalOrderId: typeof r.externalOrderId });
    expect(strip(forMember)).toEqual(strip(forStranger));
    expect((await participants()).length).toBe(before);
    const detail = async (id: string | null) => orderDetailPage({ ctx: owner.ctx, input: { eventId: event.id, orderId: id ?? "" } });
    const [a, b] = [await detail(forMember.orderId), await detail(forStranger.orderId)];
    expect([a.grants.length, a.tickets.length]).toEqual([b.grants.length, b.tickets.length]);
  });

  it("once the holder signs in, their ticket's access shows as theirs on the participants page", async () => {
    const { member, order, participants } = await setting();
    await order(member.email, "claimed");
    await verifyCredentials({ ctx: member.ctx, input: { email: member.email, password: member.password, ip: `t-${createId()}` } });
    expect((await participants()).map((p) => p.name)).toContain("Profile Pat");
  });
});
