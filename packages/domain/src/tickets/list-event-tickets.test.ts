import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTicketType } from "../../test/commerce-factories";
import { grantRole, makeEventWithRooms, makeOrganizer, testCtx } from "../../test/factories";
import { codeOf } from "../../test/outcome";
import { SYSTEM_ROLES } from "../access";
import { createManualOrder } from "../orders";
import { listAttendees, listCheckIns } from ".";

async function eventWithTickets(count: number) {
  const { owner, event, main, side } = await makeEventWithRooms();
  const mainType = await makeTicketType(event, [main.id], "Main pass");
  const sideType = await makeTicketType(event, [side.id], "Side pass");
  for (let i = 0; i < count; i++) {
    await createManualOrder({
      ctx: owner.ctx,
      input: { eventId: event.id, email: `holder${i}@example.test`, name: `Holder ${i}`, ticketTypeId: i % 2 ? sideType.id : mainType.id, quantity: 1 },
    });
  }
  return { owner, event, main, side, mainType, sideType };
}

describe("attendees and the door's list", () => {
  it("pages by keyset without repeats or gaps, and filters by ticket type, room and check-in", async () => {
    const { owner, event, side, sideType } = await eventWithTickets(7);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAttendees({ ctx: owner.ctx, input: { eventId: event.id, limit: 3, cursor } });
      seen.push(...page.tickets.map((t) => t.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const bySide = await listAttendees({ ctx: owner.ctx, input: { eventId: event.id, roomId: side.id } });
    expect(bySide.tickets.map((t) => t.ticketTypeId)).toEqual([sideType.id, sideType.id, sideType.id]);
    const byType = await listAttendees({ ctx: owner.ctx, input: { eventId: event.id, ticketTypeId: sideType.id } });
    expect(byType.tickets).toHaveLength(3);
    const first = seen[0] ?? "";
    await testCtx().db.run(sql`UPDATE tickets SET checked_in_at = ${Math.floor(Date.now() / 1000) + 5} WHERE id = ${first}`);
    const checkedIn = await listAttendees({ ctx: owner.ctx, input: { eventId: event.id, checkedIn: true } });
    expect(checkedIn.tickets.map((t) => t.id)).toEqual([first]);
    expect((await listAttendees({ ctx: owner.ctx, input: { eventId: event.id, checkedIn: false } })).tickets).toHaveLength(6);
    expect((await listAttendees({ ctx: owner.ctx, input: { eventId: event.id, ticketId: first } })).tickets.map((t) => t.id)).toEqual([first]);
  });

  it("gives a door device only what changed since its last sync", async () => {
    const { owner, event } = await eventWithTickets(3);
    const all = await listCheckIns({ ctx: owner.ctx, input: { eventId: event.id } });
    const later = Math.floor(Date.now() / 1000) + 60;
    const ticket = all.tickets[1]?.id ?? "";
    await testCtx().db.run(sql`UPDATE tickets SET checked_in_at = ${later} WHERE id = ${ticket}`);
    const since = await listCheckIns({ ctx: owner.ctx, input: { eventId: event.id, updatedSince: later } });
    expect(since.tickets.map((t) => t.id)).toEqual([ticket]);
    expect(since.tickets[0]?.checkedInAt?.getTime()).toBe(later * 1000);
  });

  it("is not_found for another tenant, and needs the door permission or the participants permission", async () => {
    const { event } = await eventWithTickets(1);
    const stranger = await makeOrganizer();
    expect(await codeOf(listAttendees({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
    expect(await codeOf(listCheckIns({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
    const speaker = await makeOrganizer();
    await grantRole({ accountId: event.accountId, userId: speaker.id, eventId: event.id, roleId: SYSTEM_ROLES.speaker.id });
    expect(await codeOf(listAttendees({ ctx: speaker.ctx, input: { eventId: event.id } }))).toBe("forbidden");
  });
});
