import { accessGrants, mailOutbox, roomAccessTickets, tickets, ticketTypes, ticketTypeRooms } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeEventWithRooms, makeInvitation, makeOrganizer, testCtx } from "../../test/factories";
import { signUp, verifyEmail } from "../auth";
import { batchStatements } from "../batch";
import { unixSeconds } from "../context";
import { acceptInvitation } from "../invitations";
import { grantsForTickets, revokeTicketGrants } from ".";

const db = () => testCtx().db;
const now = () => unixSeconds(new Date());

/** A ticket type opening `roomIds`, and one issued ticket per holder email, inserted as ingestion would. */
async function issue(event: { id: string; accountId: string }, roomIds: string[], emails: string[]) {
  const typeId = createId();
  await db().insert(ticketTypes).values({ id: typeId, accountId: event.accountId, eventId: event.id, name: "Day pass", createdAt: new Date() });
  await db().insert(ticketTypeRooms).values(roomIds.map((roomId) => ({ ticketTypeId: typeId, roomId })));
  const ids: string[] = [];
  for (const email of emails) {
    const id = createId();
    ids.push(id);
    await db().insert(tickets).values({
      id,
      accountId: event.accountId,
      eventId: event.id,
      ticketTypeId: typeId,
      source: "order",
      holderEmail: email,
      holderUserId: sql`(SELECT id FROM users WHERE email = ${email})`,
      createdAt: new Date(),
    });
    await db().insert(roomAccessTickets).values(roomIds.map((roomId) => ({ ticketId: id, roomId, eventId: event.id })));
  }
  return ids;
}
const grantsOf = (userId: string) => db().select().from(accessGrants).where(eq(accessGrants.userId, userId));
const revoke = (ids: string[]) =>
  batchStatements(testCtx(), [
    sql`UPDATE tickets SET status = 'revoked' WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
    revokeTicketGrants(sql`t.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`),
  ]);

describe("tickets as access", () => {
  it("grants each room once however often it runs, and a refund of one ticket keeps the room another ticket opens", async () => {
    const { event, main, side } = await makeEventWithRooms();
    const buyer = await makeOrganizer();
    const [first = ""] = await issue(event, [main.id, side.id], [buyer.email]);
    const [second = ""] = await issue(event, [main.id], [buyer.email]);
    const all = sql`t.holder_user_id = ${buyer.id}`;
    await batchStatements(testCtx(), [grantsForTickets(all, now()), grantsForTickets(all, now())]);
    await batchStatements(testCtx(), [grantsForTickets(all, now())]);
    const grants = await grantsOf(buyer.id);
    expect(grants.map((g) => g.roomId).sort()).toEqual([main.id, side.id].sort());
    expect(grants.every((g) => g.source === "ticket" && g.roleId === "role_attendee")).toBe(true);

    await revoke([first]);
    expect((await grantsOf(buyer.id)).map((g) => g.roomId)).toEqual([main.id]);
    await revoke([second]);
    expect(await grantsOf(buyer.id)).toHaveLength(0);
  });

  it("never grants to an unverified holder, and keeps access that an invitation gave when the ticket is refunded", async () => {
    const { owner, event, main } = await makeEventWithRooms();
    const unverified = await makeOrganizer({ verified: false });
    await issue(event, [main.id], [unverified.email]);
    await batchStatements(testCtx(), [grantsForTickets(sql`t.holder_user_id = ${unverified.id}`, now())]);
    expect(await grantsOf(unverified.id)).toHaveLength(0);

    // Invited first, then a ticket for the same room, then the invitation accepted: the grant becomes the invitation's.
    const guest = await makeOrganizer();
    const sent = await makeInvitation(owner, { eventId: event.id, roomId: main.id, email: guest.email, roleKey: "attendee" });
    const [ticket = ""] = await issue(event, [main.id], [guest.email]);
    await batchStatements(testCtx(), [grantsForTickets(sql`t.holder_user_id = ${guest.id}`, now())]);
    expect(await grantsOf(guest.id)).toMatchObject([{ roomId: main.id, source: "ticket" }]);
    await acceptInvitation({ ctx: guest.ctx, input: { token: sent.token } });
    const [grant] = await grantsOf(guest.id);
    expect(grant).toMatchObject({ roomId: main.id, source: "invitation" });
    await revoke([ticket]);
    expect(await grantsOf(guest.id)).toHaveLength(1);
  });

  it("turns a buyer's tickets into access in the batch that verifies their address", async () => {
    const { event, main, side } = await makeEventWithRooms();
    const email = `buyer-${createId()}@example.test`;
    const ids = await issue(event, [main.id, side.id], [email]);
    const user = await signUp({ ctx: testCtx(), input: { name: "Bea", email, password: "a long enough password", baseUrl: "https://greenroom.test", ip: `t-${createId()}` } });
    if (!user) throw new Error("no user");
    expect(await grantsOf(user.id)).toHaveLength(0);
    const [mail] = await db().select().from(mailOutbox).where(eq(mailOutbox.to, email));
    const token = /\/verify\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? "")?.[1] ?? "";
    await verifyEmail({ ctx: testCtx({ userId: user.id }), input: { token } });
    expect((await grantsOf(user.id)).map((g) => g.roomId).sort()).toEqual([main.id, side.id].sort());
    const held = await db().select().from(tickets).where(and(inArray(tickets.id, ids), eq(tickets.holderUserId, user.id)));
    expect(held).toHaveLength(1);
  });
});
