import { webappDb } from "@greenroom/db/webapp/client";
import {
  accessGrants,
  accountOwnership,
  auditLog,
  authThrottle,
  loginTokens,
  mailOutbox,
  roomAccessTickets,
  tickets,
  ticketTypes,
  ticketTypeRooms,
  users,
} from "@greenroom/db/webapp/schema";
import { encodeBase64 } from "@oslojs/encoding";
import { createId } from "@paralleldrive/cuid2";
import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { countingD1 } from "../../test/counting-d1";
import { makeEventWithRooms, makeGrant, makeOrganizer, testCtx } from "../../test/factories";
import { codeOf, failure } from "../../test/outcome";
import { verifyEmail } from "../auth";
import { batchStatements } from "../batch";
import { calendarUid } from "../commerce/ics";
import { formatTicketCode } from "../commerce/ticket-code";
import type { Ctx } from "../context";
import { archiveEvent, publishEvent } from "../events";
import { LIMITS } from "../limits";
import { outboxMailer } from "../mail";
import { roomPage } from "../pages";
import { checkInPage, myEventsPage, publicEventPage, ticketsPage } from "../pages/ticket-pages";
import {
  archiveTicketType,
  checkInTicket,
  checkTicketCode,
  createTicketType,
  registerFreeTicket,
  revokeTicketGrants,
  SALES_CLOSED_MESSAGE,
  SALES_NOT_OPEN_MESSAGE,
  SOLD_OUT_MESSAGE,
  ticketCodeFor,
  updateTicketType,
} from ".";
import { qrPng } from "./qr-png";
import { eventTimeInZone } from "./registration-mail";
import { formatShortCode, SHORT_CODE_ALPHABET } from "./short-code";

const SHORT_CODE_PATTERN = new RegExp(`^[${SHORT_CODE_ALPHABET}]{8}$`);

const db = () => testCtx().db;
const BASE = "https://greenroom.test";

/** A published event with two rooms and one free ticket type opening the main room. */
async function freeEvent(overrides: Partial<{ capacity: number; salesStartAt: string; salesEndAt: string }> = {}) {
  const world = await makeEventWithRooms();
  await publishEvent({ ctx: world.owner.ctx, input: { eventId: world.event.id } });
  const type = await createTicketType({
    ctx: world.owner.ctx,
    input: { eventId: world.event.id, name: "Community pass", free: true, roomIds: [world.main.id], ...overrides },
  });
  return { ...world, type };
}

const register = (ticketTypeId: string, email: string, ctx: Ctx = testCtx(), ip?: string) =>
  registerFreeTicket({ ctx, input: { ticketTypeId, name: "Visitor", email, baseUrl: BASE, ...(ip ? { ip } : {}) } });
const ticketsOf = (ticketTypeId: string) => db().select().from(tickets).where(eq(tickets.ticketTypeId, ticketTypeId));
const typeRow = async (id: string) => (await db().select().from(ticketTypes).where(eq(ticketTypes.id, id)))[0];
const grantsOf = (userId: string) => db().select().from(accessGrants).where(eq(accessGrants.userId, userId));
const auditOf = (targetId: string) => db().select().from(auditLog).where(eq(auditLog.targetId, targetId));
const mailTo = (to: string) => db().select().from(mailOutbox).where(eq(mailOutbox.to, to));

async function counted<T>(ctx: Ctx, load: (ctx: Ctx) => Promise<T>) {
  const d1 = countingD1(env.WEBAPP_DB);
  const counting = webappDb(d1.db);
  const value = await load({ ...ctx, db: counting, mail: outboxMailer(counting, ctx.now) });
  return { value, roundTrips: d1.roundTrips() };
}

describe("ticket types", () => {
  it("the owner creates one with rooms of this event only; another event's room is refused and nothing is written", async () => {
    const { owner, event, main, side } = await makeEventWithRooms();
    const other = await makeEventWithRooms();
    const type = await createTicketType({
      ctx: owner.ctx,
      input: { eventId: event.id, name: "Day pass", priceLabel: "€25", capacity: "100", salesStartAt: "2026-11-01T09:00", roomIds: `${main.id},${side.id}` },
    });
    expect(type).toMatchObject({ name: "Day pass", priceLabel: "€25", capacity: 100, free: false, issued: 0 });
    // Wall time in the event's zone (Europe/Berlin, UTC+1 in November).
    expect(type.salesStartAt?.toISOString()).toBe("2026-11-01T08:00:00.000Z");
    const links = await db().select().from(ticketTypeRooms).where(eq(ticketTypeRooms.ticketTypeId, type.id));
    expect(links.map((l) => l.roomId).sort()).toEqual([main.id, side.id].sort());
    expect(await auditOf(type.id)).toMatchObject([{ action: "ticket_type.create", accountId: owner.accountId }]);

    const refused = await failure(
      createTicketType({ ctx: owner.ctx, input: { eventId: event.id, name: "Sneaky", roomIds: [main.id, other.main.id] } }),
    );
    expect(refused?.fieldErrors?.roomIds).toEqual(["Choose rooms of this event only"]);
    expect((await db().select().from(ticketTypes).where(eq(ticketTypes.eventId, event.id))).map((t) => t.name)).toEqual(["Day pass"]);
    expect(await codeOf(createTicketType({ ctx: owner.ctx, input: { eventId: event.id, name: "No rooms", roomIds: [] } }))).toBe("invalid");
  });

  it("is organizer-only: a stranger gets not_found, an attendee forbidden, an event admin may; archived events are read-only", async () => {
    const { owner, event, main } = await makeEventWithRooms();
    const input = { eventId: event.id, name: "Pass", roomIds: [main.id] };
    const stranger = await makeOrganizer();
    const attendee = await makeOrganizer();
    await makeGrant(event, attendee, { roleId: "role_attendee" });
    const admin = await makeOrganizer();
    await makeGrant(event, admin, { roleId: "role_admin" });
    expect(await codeOf(createTicketType({ ctx: stranger.ctx, input }))).toBe("not_found");
    expect(await codeOf(createTicketType({ ctx: attendee.ctx, input }))).toBe("forbidden");
    const type = await createTicketType({ ctx: admin.ctx, input });
    expect(await codeOf(updateTicketType({ ctx: stranger.ctx, input: { ...input, ticketTypeId: type.id, name: "Mine" } }))).toBe("not_found");

    await archiveEvent({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(await codeOf(createTicketType({ ctx: owner.ctx, input }))).toBe("conflict");
    expect(await codeOf(updateTicketType({ ctx: owner.ctx, input: { ...input, ticketTypeId: type.id, name: "Renamed" } }))).toBe("conflict");
    expect(await codeOf(archiveTicketType({ ctx: owner.ctx, input: { eventId: event.id, ticketTypeId: type.id } }))).toBe("conflict");
    expect((await typeRow(type.id))?.name).toBe("Pass");
  });

  it("edits keep capacity at or above the tickets issued, a type of another event is not found, and archiving stops registration", async () => {
    const { owner, event, main, side, type } = await freeEvent({ capacity: 5 });
    await register(type.id, `a-${createId()}@example.test`);
    await register(type.id, `b-${createId()}@example.test`);
    const base = { eventId: event.id, ticketTypeId: type.id, name: "Community pass", free: true, roomIds: [main.id, side.id] };
    const tooSmall = await failure(updateTicketType({ ctx: owner.ctx, input: { ...base, capacity: 1 } }));
    expect(tooSmall?.fieldErrors?.capacity?.[0]).toMatch(/2 tickets are already issued/);
    expect((await typeRow(type.id))?.capacity).toBe(5);

    await updateTicketType({ ctx: owner.ctx, input: { ...base, name: "Renamed", capacity: 2 } });
    expect(await typeRow(type.id)).toMatchObject({ name: "Renamed", capacity: 2, issued: 2 });
    const links = await db().select().from(ticketTypeRooms).where(eq(ticketTypeRooms.ticketTypeId, type.id));
    expect(links).toHaveLength(2);
    expect(await auditOf(type.id)).toHaveLength(2);

    const other = await makeEventWithRooms();
    const foreign = { ...base, eventId: other.event.id, roomIds: [other.main.id] };
    expect(await codeOf(updateTicketType({ ctx: other.owner.ctx, input: foreign }))).toBe("not_found");
    expect((await typeRow(type.id))?.name).toBe("Renamed");

    await archiveTicketType({ ctx: owner.ctx, input: { eventId: event.id, ticketTypeId: type.id } });
    expect(await codeOf(register(type.id, `c-${createId()}@example.test`))).toBe("not_found");
  });
});

describe("free registration", () => {
  it("50 concurrent registrations for 10 seats give exactly 10 tickets and issued = 10", async () => {
    const { type } = await freeEvent({ capacity: 10 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => failure(register(type.id, `crowd-${i}-${createId()}@example.test`))),
    );
    expect(results.filter((r) => r === null)).toHaveLength(10);
    expect(results.filter((r) => r?.message === SOLD_OUT_MESSAGE)).toHaveLength(40);
    const issued = await ticketsOf(type.id);
    expect(issued).toHaveLength(10);
    // Each has its own short code, from the alphabet.
    for (const t of issued) expect(t.shortCode).toMatch(SHORT_CODE_PATTERN);
    expect(new Set(issued.map((t) => t.shortCode)).size).toBe(10);
    expect((await typeRow(type.id))?.issued).toBe(10);
    const rats = await db()
      .select()
      .from(roomAccessTickets)
      .where(sql`${roomAccessTickets.ticketId} IN (SELECT id FROM tickets WHERE ticket_type_id = ${type.id})`);
    expect(rats).toHaveLength(10);
  });

  it("a new address gets one mail with the ticket (QR, short code, time, calendar) and its link confirms the address", async () => {
    const { type, main, event } = await freeEvent();
    const email = `new-${createId()}@example.test`;
    const result = await register(type.id, email);
    expect(result).toMatchObject({ outcome: "registered", yours: false });
    const [ticket] = await ticketsOf(type.id);
    expect(ticket).toMatchObject({ holderEmail: email, holderUserId: null, source: "registration", status: "valid" });
    expect(ticket?.shortCode).toMatch(SHORT_CODE_PATTERN);
    expect(await auditOf(ticket?.id ?? "")).toMatchObject([{ action: "ticket.register", actorId: null }]);

    // Exactly one mail, and it is the ticket: nothing asks for a password or a second mail.
    const mails = await mailTo(email);
    expect(mails).toHaveLength(1);
    const text = mails[0]?.text ?? "";
    expect(mails[0]?.subject).toBe(`Your ticket for ${event.name}`);
    expect(text).toContain(`Short code: ${formatShortCode(ticket?.shortCode ?? "")}`);
    expect(text).toContain(`When: ${eventTimeInZone(event.startsAt, event.endsAt, event.timeZone)}`);
    expect(text).not.toContain("/signup");
    // The QR picture is the PNG of this ticket's signed code, byte for byte (qr-png.unit.test.ts decodes it).
    const code = await ticketCodeFor(testCtx(), ticket?.id ?? "");
    expect(text).toContain(`Ticket code: ${formatTicketCode(code)}`);
    const png = /--- Attachment: ticket-qr\.png \(image\/png, inline as cid:ticket-qr\) ---\nbase64:([A-Za-z0-9+/=]+)/.exec(text)?.[1];
    expect(png).toBe(encodeBase64(await qrPng(code)));
    const ics = text.slice(text.indexOf("BEGIN:VCALENDAR"));
    expect(ics).toContain(`UID:${await calendarUid(event.id, email)}\r\n`);
    expect(ics).toContain("METHOD:PUBLISH\r\n");
    expect(ics).toContain(`URL;VALUE=URI:${BASE}/e/${event.slug}\r\n`);

    // The address now has a user, unverified and without a password: it can do nothing yet, and has no grants.
    const [user] = await db().select().from(users).where(eq(users.email, email));
    expect(user).toMatchObject({ emailVerifiedAt: null, passwordHash: null, name: "Visitor" });
    expect(await grantsOf(user?.id ?? "")).toHaveLength(0);
    expect(await db().select().from(accountOwnership).where(eq(accountOwnership.userId, user?.id ?? ""))).toHaveLength(1);

    // The link in the mail is the confirmation: followed signed out, it verifies, claims and opens the room.
    const link = new RegExp(`${BASE}/verify/([A-Za-z0-9_-]{43})\\?next=${encodeURIComponent(`/e/${event.slug}`)}`).exec(text);
    expect(link).not.toBeNull();
    const [row] = await db().select().from(loginTokens).where(eq(loginTokens.userId, user?.id ?? ""));
    expect(row?.purpose).toBe("verify_email");
    expect((row?.expiresAt.getTime() ?? 0) - Date.now()).toBeGreaterThan(2 * 24 * 3_600_000);
    const signedIn = await verifyEmail({ ctx: testCtx(), input: { token: link?.[1] ?? "" } });
    expect(signedIn).toMatchObject({ id: user?.id, emailVerified: true });
    expect(await grantsOf(user?.id ?? "")).toMatchObject([{ roomId: main.id, roleId: "role_attendee", source: "ticket" }]);
    expect(await codeOf(verifyEmail({ ctx: testCtx(), input: { token: link?.[1] ?? "" } }))).toBe("unauthenticated");
    // Still one mail: confirming sends nothing more.
    expect(await mailTo(email)).toHaveLength(1);
  });

  it("an unverified account gets the same one mail with a confirmation link for that account; a verified one gets My events", async () => {
    const { type, event } = await freeEvent();
    const unverified = await makeOrganizer({ verified: false });
    await register(type.id, unverified.email);
    const [pending] = await mailTo(unverified.email).then((m) => m.filter((x) => x.subject.startsWith("Your ticket")));
    expect(pending?.text).toMatch(new RegExp(`/verify/[A-Za-z0-9_-]{43}\\?next=%2Fe%2F${event.slug}`));
    expect(await db().select().from(users).where(eq(users.email, unverified.email))).toHaveLength(1);

    const verified = await makeOrganizer();
    await register(type.id, verified.email);
    const mails = (await mailTo(verified.email)).filter((x) => x.subject.startsWith("Your ticket"));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain(`${BASE}/my`);
    expect(mails[0]?.text).not.toContain("/verify/");
    expect(mails[0]?.text).toContain("--- Attachment: ticket-qr.png");
  });

  it("a signed-in verified user registering their own address gets access at once; the same address twice is one ticket", async () => {
    const { type, main } = await freeEvent();
    const visitor = await makeOrganizer();
    const first = await register(type.id, visitor.email, visitor.ctx);
    expect(first).toMatchObject({ outcome: "registered", yours: true });
    expect(await grantsOf(visitor.id)).toMatchObject([{ roomId: main.id, source: "ticket" }]);
    const again = await register(type.id, visitor.email.toUpperCase());
    expect(again).toMatchObject({ outcome: "already_registered", yours: false });
    expect(await ticketsOf(type.id)).toHaveLength(1);
    expect((await typeRow(type.id))?.issued).toBe(1);
    expect(await grantsOf(visitor.id)).toHaveLength(1);
  });

  it("a second registration for the same address sends no mail", async () => {
    const { type } = await freeEvent();
    const email = `twice-${createId()}@example.test`;
    expect((await register(type.id, email)).outcome).toBe("registered");
    expect(await mailTo(email)).toHaveLength(1);
    expect((await register(type.id, email)).outcome).toBe("already_registered");
    expect((await register(type.id, email.toUpperCase())).outcome).toBe("already_registered");
    expect(await mailTo(email)).toHaveLength(1);
  });

  it("registration mails stop at the address's daily ticket-mail budget, and the ticket is still issued", async () => {
    const email = `budget-${createId()}@example.test`;
    await db().insert(authThrottle).values({ key: `ticket-mail:${email}`, windowStartedAt: new Date(Date.now() - 60_000), failures: LIMITS.ticketMailsPerAddress.max });
    const { type } = await freeEvent();
    expect((await register(type.id, email)).outcome).toBe("registered");
    expect(await ticketsOf(type.id)).toHaveLength(1);
    expect(await mailTo(email)).toHaveLength(0);
  });

  it("registration mails stop at the event's daily ticket-mail budget", async () => {
    const { event, type } = await freeEvent();
    await db().insert(authThrottle).values({ key: `ticket-mail-event:${event.id}`, windowStartedAt: new Date(Date.now() - 60_000), failures: LIMITS.ticketMailsPerEvent.max });
    const email = `event-budget-${createId()}@example.test`;
    expect((await register(type.id, email)).outcome).toBe("registered");
    expect(await mailTo(email)).toHaveLength(0);
  });

  it("refuses paid types, unpublished events, closed and not yet open sales, and counts registrations per IP", async () => {
    const { owner, event, main, type } = await freeEvent({ salesStartAt: "2020-01-01T00:00", salesEndAt: "2099-01-01T00:00" });
    const paid = await createTicketType({ ctx: owner.ctx, input: { eventId: event.id, name: "VIP", roomIds: [main.id] } });
    expect(await codeOf(register(paid.id, `p-${createId()}@example.test`))).toBe("not_found");
    const closed = await createTicketType({
      ctx: owner.ctx,
      input: { eventId: event.id, name: "Early", free: true, roomIds: [main.id], salesStartAt: "2020-01-01T00:00", salesEndAt: "2020-02-01T00:00" },
    });
    expect((await failure(register(closed.id, `c-${createId()}@example.test`)))?.message).toBe(SALES_CLOSED_MESSAGE);
    const later = await createTicketType({
      ctx: owner.ctx,
      input: { eventId: event.id, name: "Late", free: true, roomIds: [main.id], salesStartAt: "2099-01-01T00:00" },
    });
    expect((await failure(register(later.id, `l-${createId()}@example.test`)))?.message).toBe(SALES_NOT_OPEN_MESSAGE);
    expect((await typeRow(closed.id))?.issued).toBe(0);

    const ip = `203.0.113.${Math.floor(Math.random() * 200)}`;
    for (let i = 0; i < 20; i++) await register(type.id, `ip-${i}-${createId()}@example.test`, testCtx(), ip);
    expect(await codeOf(register(type.id, `ip-over-${createId()}@example.test`, testCtx(), ip))).toBe("rate_limited");
    expect(await ticketsOf(type.id)).toHaveLength(20);

    const draft = await makeEventWithRooms();
    const draftType = await createTicketType({ ctx: draft.owner.ctx, input: { eventId: draft.event.id, name: "Free", free: true, roomIds: [draft.main.id] } });
    expect(await codeOf(register(draftType.id, `d-${createId()}@example.test`))).toBe("not_found");
    expect(await ticketsOf(draftType.id)).toHaveLength(0);
  });

  it("the public page shows each type's availability before the form", async () => {
    const { owner, event, main, type } = await freeEvent({ capacity: 1 });
    await register(type.id, `only-${createId()}@example.test`);
    await createTicketType({ ctx: owner.ctx, input: { eventId: event.id, name: "Open", free: true, roomIds: [main.id] } });
    const page = await publicEventPage({ ctx: testCtx(), input: { slug: event.slug } });
    expect(page.ticketTypes.map((t) => [t.name, t.availability, t.left])).toEqual([
      ["Community pass", "sold_out", 0],
      ["Open", "open", null],
    ]);
  });
});

describe("short codes, calendar UIDs and the registered state", () => {
  it("a short code is unique within its event (the index refuses a copy there) but may repeat in another event", async () => {
    const a = await freeEvent();
    const b = await freeEvent();
    await register(a.type.id, `a1-${createId()}@example.test`);
    await register(a.type.id, `a2-${createId()}@example.test`);
    await register(b.type.id, `b1-${createId()}@example.test`);
    const [first, second] = await ticketsOf(a.type.id);
    const [elsewhere] = await ticketsOf(b.type.id);
    const copy = db().update(tickets).set({ shortCode: first?.shortCode }).where(eq(tickets.id, second?.id ?? ""));
    await expect(copy).rejects.toThrow();
    expect((await ticketsOf(a.type.id)).find((t) => t.id === second?.id)?.shortCode).toBe(second?.shortCode);
    await db().update(tickets).set({ shortCode: first?.shortCode }).where(eq(tickets.id, elsewhere?.id ?? ""));
    expect((await ticketsOf(b.type.id))[0]?.shortCode).toBe(first?.shortCode);
  });

  it("every calendar file for one holder and event carries the same UID: two tickets' mails and My events", async () => {
    const { owner, event, type, main } = await freeEvent();
    const second = await createTicketType({ ctx: owner.ctx, input: { eventId: event.id, name: "Workshop", free: true, roomIds: [main.id] } });
    const holder = await makeOrganizer();
    await register(type.id, holder.email);
    await register(second.id, holder.email);
    const uid = await calendarUid(event.id, holder.email);
    const mailed = (await mailTo(holder.email)).filter((m) => m.subject.startsWith("Your ticket"));
    expect(mailed).toHaveLength(2);
    const uids = mailed.map((m) => /\r\nUID:([^\r]+)\r\n/.exec(m.text)?.[1]);
    const page = await myEventsPage({ ctx: holder.ctx, input: { baseUrl: BASE } });
    const tickets = page.events.find((e) => e.event.id === event.id)?.tickets ?? [];
    expect(tickets).toHaveLength(2);
    for (const t of tickets) {
      uids.push(/\r\nUID:([^\r]+)\r\n/.exec(t.ics)?.[1]);
      expect(t.shortCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    }
    expect(uids).toEqual([uid, uid, uid, uid]);
    // Another holder of the same event gets another UID.
    expect(await calendarUid(event.id, `other-${createId()}@example.test`)).not.toBe(uid);
  });

  it("the public page knows a holder by the verified address, in its one round trip; others see the form", async () => {
    const { event, type } = await freeEvent();
    const holder = await makeOrganizer();
    await register(type.id, holder.email);
    const seen = await counted(holder.ctx, (ctx) => publicEventPage({ ctx, input: { slug: event.slug, baseUrl: BASE } }));
    expect(seen.roundTrips).toBe(1);
    const [ticket] = await ticketsOf(type.id);
    expect(seen.value.registration?.tickets).toEqual([{ id: ticket?.id, typeName: "Community pass", shortCode: ticket?.shortCode }]);
    expect(seen.value.registration?.ics).toContain(`UID:${await calendarUid(event.id, holder.email)}\r\n`);
    expect(seen.value.registration?.ics).toContain(`URL;VALUE=URI:${BASE}/e/${event.slug}\r\n`);

    // A stranger, a visitor signed out, and an unverified account holding a ticket by its address: no registration.
    const stranger = await makeOrganizer();
    expect((await publicEventPage({ ctx: stranger.ctx, input: { slug: event.slug } })).registration).toBeNull();
    expect((await publicEventPage({ ctx: testCtx(), input: { slug: event.slug } })).registration).toBeNull();
    const unverified = await makeOrganizer({ verified: false });
    await register(type.id, unverified.email);
    expect((await publicEventPage({ ctx: unverified.ctx, input: { slug: event.slug } })).registration).toBeNull();
    // A revoked ticket is no registration either.
    await db().update(tickets).set({ status: "revoked" }).where(eq(tickets.id, ticket?.id ?? ""));
    expect((await publicEventPage({ ctx: holder.ctx, input: { slug: event.slug } })).registration).toBeNull();
  });
});

describe("check-in", () => {
  async function ticketHolder() {
    const world = await freeEvent();
    const holder = await makeOrganizer({ name: "Holder" });
    await register(world.type.id, holder.email, holder.ctx);
    const [ticket] = await ticketsOf(world.type.id);
    if (!ticket) throw new Error("no ticket");
    return { ...world, holder, ticket, code: await ticketCodeFor(testCtx(), ticket.id) };
  }

  it("checks a ticket in by its short code (any case, with or without the hyphen), only at its own event", async () => {
    const { owner, event, ticket } = await ticketHolder();
    const short = ticket.shortCode ?? "";
    const spoken = `${short.slice(0, 4).toLowerCase()} ${short.slice(4)}`;
    expect(await checkInTicket({ ctx: owner.ctx, input: { eventId: event.id, code: spoken } })).toMatchObject({ status: "checked_in", holderName: "Visitor" });
    expect(await checkInTicket({ ctx: owner.ctx, input: { eventId: event.id, code: formatShortCode(short) } })).toMatchObject({ status: "already_checked_in" });
    // Another event's door does not know it; a string outside the alphabet is not a code at all.
    const other = await freeEvent();
    expect(await checkInTicket({ ctx: other.owner.ctx, input: { eventId: other.event.id, code: short } })).toEqual({ status: "not_this_event" });
    expect(await checkInTicket({ ctx: owner.ctx, input: { eventId: event.id, code: "OOOO-IIII" } })).toEqual({ status: "invalid_code" });
    const audits = await auditOf(ticket.id);
    expect(audits.filter((a) => a.action === "ticket.check_in")).toHaveLength(1);
  });

  it("the door finds valid tickets by the holder's name in the page's one round trip; LIKE wildcards match themselves", async () => {
    const { owner, event, type } = await freeEvent();
    const mk = (name: string) =>
      registerFreeTicket({ ctx: testCtx(), input: { ticketTypeId: type.id, name, email: `n-${createId()}@example.test`, baseUrl: BASE } });
    await mk("Ada Lovelace");
    await mk("Adam Smith");
    await mk("Grace Hopper");
    await mk("100% Real_Name");
    const found = await counted(owner.ctx, (ctx) => checkInPage({ ctx, input: { eventId: event.id, q: "ada" } }));
    expect(found.roundTrips).toBe(1);
    expect(found.value.matches?.map((m) => m.holderName)).toEqual(["Ada Lovelace", "Adam Smith"]);
    expect(found.value.matches?.[0]?.shortCode).toMatch(SHORT_CODE_PATTERN);
    expect((await checkInPage({ ctx: owner.ctx, input: { eventId: event.id, q: "0%" } })).matches?.map((m) => m.holderName)).toEqual(["100% Real_Name"]);
    expect((await checkInPage({ ctx: owner.ctx, input: { eventId: event.id, q: "%%" } })).matches).toEqual([]);
    expect((await checkInPage({ ctx: owner.ctx, input: { eventId: event.id, q: "a_L" } })).matches).toEqual([]);
    expect((await checkInPage({ ctx: owner.ctx, input: { eventId: event.id } })).matches).toBeNull();
    // Another event's organizer finds nothing of these.
    const other = await freeEvent();
    expect(await codeOf(checkInPage({ ctx: other.owner.ctx, input: { eventId: event.id, q: "ada" } }))).toBe("not_found");
    expect((await checkInPage({ ctx: other.owner.ctx, input: { eventId: other.event.id, q: "ada" } })).matches).toEqual([]);
  });

  it("checks a ticket in once; the second scan says when and by whom; typed codes may be grouped and upper case", async () => {
    const { owner, event, ticket, code } = await ticketHolder();
    const first = await checkInTicket({ ctx: owner.ctx, input: { eventId: event.id, code } });
    expect(first).toMatchObject({ status: "checked_in", holderName: "Visitor", ticketTypeName: "Community pass" });
    const typed = code.toUpperCase().replace(/(.{4})/g, "$1-");
    const second = await checkInTicket({ ctx: owner.ctx, input: { eventId: event.id, code: typed } });
    expect(second).toMatchObject({ status: "already_checked_in", byName: "Test Organizer" });
    expect(await auditOf(ticket.id)).toHaveLength(2); // register + one check-in
    const [row] = await db().select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row?.checkedInBy).toBe(owner.id);
  });

  it("concurrent scans of one ticket admit it once", async () => {
    const { owner, event, code } = await ticketHolder();
    const results = await Promise.all(Array.from({ length: 8 }, () => checkInTicket({ ctx: owner.ctx, input: { eventId: event.id, code } })));
    expect(results.filter((r) => r.status === "checked_in")).toHaveLength(1);
    expect(results.filter((r) => r.status === "already_checked_in")).toHaveLength(7);
  });

  it("rejects a forged code, another event's ticket and a revoked ticket, and changes nothing; the room closes", async () => {
    const { owner, event, main, holder, ticket, code } = await ticketHolder();
    expect((await roomPage({ ctx: holder.ctx, input: { roomId: main.id } })).room.id).toBe(main.id);
    const forged = `${ticket.id}.${"0".repeat(26)}`;
    expect(await checkInTicket({ ctx: owner.ctx, input: { eventId: event.id, code: forged } })).toEqual({ status: "invalid_code" });
    expect(await checkInTicket({ ctx: owner.ctx, input: { eventId: event.id, code: "hello" } })).toEqual({ status: "invalid_code" });
    const other = await makeEventWithRooms();
    expect(await checkInTicket({ ctx: other.owner.ctx, input: { eventId: other.event.id, code } })).toEqual({ status: "not_this_event" });
    await batchStatements(testCtx(), [
      sql`UPDATE tickets SET status = 'revoked' WHERE id = ${ticket.id}`,
      revokeTicketGrants(sql`t.id = ${ticket.id}`),
    ]);
    expect(await checkInTicket({ ctx: owner.ctx, input: { eventId: event.id, code } })).toMatchObject({ status: "revoked" });
    expect(await codeOf(roomPage({ ctx: holder.ctx, input: { roomId: main.id } }))).toBe("not_found");
    const [row] = await db().select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row?.checkedInAt).toBeNull();
    expect((await auditOf(ticket.id)).map((a) => a.action)).toEqual(["ticket.register"]);
  });

  it("needs tickets.check_in: a moderator may, an attendee may not, a stranger sees nothing", async () => {
    const { event, code, holder } = await ticketHolder();
    const moderator = await makeOrganizer({ name: "Mod" });
    await makeGrant(event, moderator, { roleId: "role_moderator" });
    const stranger = await makeOrganizer();
    expect(await codeOf(checkInTicket({ ctx: holder.ctx, input: { eventId: event.id, code } }))).toBe("forbidden");
    expect(await codeOf(checkInTicket({ ctx: stranger.ctx, input: { eventId: event.id, code } }))).toBe("not_found");
    expect(await checkInTicket({ ctx: moderator.ctx, input: { eventId: event.id, code } })).toMatchObject({ status: "checked_in" });
    expect(await codeOf(checkInPage({ ctx: holder.ctx, input: { eventId: event.id } }))).toBe("forbidden");
  });
});

describe("pages", () => {
  it("tickets, check-in and my events each read in one round trip; my events shows rooms, roles and a valid ticket code", async () => {
    const { owner, event, main, side, type } = await freeEvent({ capacity: 3 });
    const holder = await makeOrganizer({ name: "Holder" });
    await register(type.id, holder.email, holder.ctx);
    await makeGrant(event, holder, { roleId: "role_speaker", roomId: side.id });

    const tp = await counted(owner.ctx, (ctx) => ticketsPage({ ctx, input: { eventId: event.id } }));
    expect(tp.roundTrips).toBe(1);
    expect(tp.value.ticketTypes).toMatchObject([{ id: type.id, issued: 1, capacity: 3, roomIds: [main.id] }]);

    const cp = await counted(owner.ctx, (ctx) => checkInPage({ ctx, input: { eventId: event.id } }));
    expect(cp.roundTrips).toBe(1);
    expect(cp.value).toMatchObject({ valid: 1, checkedIn: 0 });

    const mp = await counted(holder.ctx, (ctx) => myEventsPage({ ctx, input: { baseUrl: BASE } }));
    expect(mp.roundTrips).toBe(1);
    const [mine] = mp.value.events;
    expect(mine?.event.id).toBe(event.id);
    expect(mine?.rooms.map((r) => [r.name, r.roles])).toEqual([
      ["Main stage", ["Attendee"]],
      ["Side room", ["Speaker"]],
    ]);
    const ticket = mine?.tickets[0];
    expect(await checkTicketCode(testCtx(), ticket?.code ?? "")).toMatchObject({ ok: true, ticketId: ticket?.id });
    expect(ticket?.ics).toContain("BEGIN:VEVENT");

    // Nobody else sees this ticket, and an unverified holder's tickets stay hidden until the address is proven.
    const stranger = await makeOrganizer();
    expect((await myEventsPage({ ctx: stranger.ctx, input: { baseUrl: BASE } })).events).toEqual([]);
    const unverified = await makeOrganizer({ verified: false });
    await register(type.id, unverified.email);
    const hidden = await myEventsPage({ ctx: unverified.ctx, input: { baseUrl: BASE } });
    expect(hidden).toMatchObject({ verified: false, events: [] });
    expect(
      await db().select().from(tickets).where(and(eq(tickets.holderEmail, unverified.email), eq(tickets.ticketTypeId, type.id))),
    ).toHaveLength(1);
  });
});
