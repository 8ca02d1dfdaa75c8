import { auditLog, events, rooms } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { grantRole, makeEvent, makeOrganizer, testCtx } from "../../test/factories";
import { SYSTEM_ROLES } from "../access";
import type { DomainError } from "../errors";
import { archiveRoom, createRoom, getRoom, moveRoom } from "../rooms";
import { archiveEvent, createEvent, getEvent, getPublicEvent, listEvents, listSharedEvents, publishEvent, updateEvent } from ".";
import { codeOf, failure } from "../../test/outcome";
import { inviteToEvent } from "../invitations";
import { eventPage } from "../pages";
import { createTicketType } from "../tickets";
import { NO_WAY_IN_MESSAGE } from "./event-status";

describe("events", () => {
  it("creates an event with its rooms in the organizer's account, converting wall time in its zone", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org, { rooms: [{ name: "Main", kind: "stage" }, { name: "Hallway", kind: "breakout" }] });
    expect(event.startsAt.toISOString()).toBe("2026-12-01T17:00:00.000Z");
    expect(event.status).toBe("draft");
    const loaded = await getEvent({ ctx: org.ctx, input: { eventId: event.id } });
    expect(loaded.rooms.map((r) => [r.name, r.position])).toEqual([
      ["Main", 0],
      ["Hallway", 1],
    ]);
    expect((await listEvents({ ctx: org.ctx, input: { accountId: org.accountId } })).map((e) => e.id)).toEqual([event.id]);
  });

  it("answers another tenant with not_found for reads and writes, and changes nothing", async () => {
    const owner = await makeOrganizer();
    const stranger = await makeOrganizer();
    const event = await makeEvent(owner);
    const { rooms: eventRooms } = await getEvent({ ctx: owner.ctx, input: { eventId: event.id } });
    const roomId = eventRooms[0]?.id ?? "";
    const s = stranger.ctx;
    expect(await codeOf(getEvent({ ctx: s, input: { eventId: event.id } }))).toBe("not_found");
    expect(await codeOf(getRoom({ ctx: s, input: { roomId } }))).toBe("not_found");
    expect(await codeOf(listEvents({ ctx: s, input: { accountId: owner.accountId } }))).toBe("not_found");
    expect(await codeOf(publishEvent({ ctx: s, input: { eventId: event.id } }))).toBe("not_found");
    expect(await codeOf(createRoom({ ctx: s, input: { eventId: event.id, name: "Sneaky", kind: "stage" } }))).toBe(
      "not_found",
    );
    expect(
      await codeOf(
        createEvent({
          ctx: s,
          input: {
            accountId: owner.accountId,
            name: "Hijack",
            timeZone: "UTC",
            startsAt: "2026-12-01T10:00",
            endsAt: "2026-12-01T11:00",
          },
        }),
      ),
    ).toBe("not_found");
    const db = testCtx().db;
    expect(await db.select().from(rooms).where(eq(rooms.eventId, event.id))).toHaveLength(1);
    expect((await db.select().from(events).where(eq(events.id, event.id)))[0]?.status).toBe("draft");
    expect(await db.select().from(events).where(eq(events.accountId, owner.accountId))).toHaveLength(1);
  });

  it("rejects a signed-out caller", async () => {
    const owner = await makeOrganizer();
    const event = await makeEvent(owner);
    expect(await codeOf(getEvent({ ctx: testCtx(null), input: { eventId: event.id } }))).toBe("unauthenticated");
  });

  it("gives field errors for bad input and writes nothing", async () => {
    const org = await makeOrganizer();
    const error = (await createEvent({
      ctx: org.ctx,
      input: { accountId: org.accountId, name: " ", timeZone: "Mars/Olympus", startsAt: "2026-12-01T10:00", endsAt: "2026-12-01T09:00" },
    }).catch((e: unknown) => e)) as DomainError;
    expect(error.code).toBe("invalid");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["endsAt", "name", "timeZone"]);
    expect(await testCtx().db.select().from(events).where(eq(events.accountId, org.accountId))).toHaveLength(0);
  });

  it("publishes a draft once; publishing again is a conflict", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org);
    expect((await publishEvent({ ctx: org.ctx, input: { eventId: event.id } })).status).toBe("active");
    expect(await codeOf(publishEvent({ ctx: org.ctx, input: { eventId: event.id } }))).toBe("conflict");
  });

  it("asked to warn, refuses to publish an event nobody can join until confirmed; a ticket type or an invitation is a way in", async () => {
    const org = await makeOrganizer();
    const bare = await makeEvent(org);
    const refused = await failure(publishEvent({ ctx: org.ctx, input: { eventId: bare.id, warnIfNoWayIn: true } }));
    expect(refused).toMatchObject({ code: "invalid", fieldErrors: { confirm: [NO_WAY_IN_MESSAGE] } });
    const still = await testCtx().db.select().from(events).where(eq(events.id, bare.id));
    expect(still[0]?.status).toBe("draft");
    expect(await testCtx().db.select().from(auditLog).where(and(eq(auditLog.targetId, bare.id), eq(auditLog.action, "event.publish")))).toHaveLength(0);
    // Not "yes" is no confirmation; "yes" publishes.
    expect(await codeOf(publishEvent({ ctx: org.ctx, input: { eventId: bare.id, warnIfNoWayIn: true, confirm: "no" } }))).toBe("invalid");
    const page = await eventPage({ ctx: org.ctx, input: { eventId: bare.id } });
    expect(page.setup).toEqual({ ticketTypes: 0, invitations: 0 });
    expect((await publishEvent({ ctx: org.ctx, input: { eventId: bare.id, warnIfNoWayIn: true, confirm: "yes" } })).status).toBe("active");
    // Published already: the usual conflict, not the warning.
    expect(await codeOf(publishEvent({ ctx: org.ctx, input: { eventId: bare.id, warnIfNoWayIn: true } }))).toBe("conflict");

    const withType = await makeEvent(org);
    const [room] = (await getEvent({ ctx: org.ctx, input: { eventId: withType.id } })).rooms;
    await createTicketType({ ctx: org.ctx, input: { eventId: withType.id, name: "Pass", free: true, roomIds: [room?.id ?? ""] } });
    expect((await eventPage({ ctx: org.ctx, input: { eventId: withType.id } })).setup).toEqual({ ticketTypes: 1, invitations: 0 });
    expect((await publishEvent({ ctx: org.ctx, input: { eventId: withType.id, warnIfNoWayIn: true } })).status).toBe("active");

    const withInvite = await makeEvent(org);
    await inviteToEvent({ ctx: org.ctx, input: { eventId: withInvite.id, email: `guest-${createId()}@example.test`, roleKey: "speaker", baseUrl: "https://greenroom.test" } });
    expect((await publishEvent({ ctx: org.ctx, input: { eventId: withInvite.id, warnIfNoWayIn: true } })).status).toBe("active");
  });

  it("appends rooms in order, also when added concurrently", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org, { rooms: [] });
    await Promise.all(
      ["A", "B", "C", "D"].map((name) => createRoom({ ctx: org.ctx, input: { eventId: event.id, name, kind: "breakout" } })),
    );
    const { rooms: list } = await getEvent({ ctx: org.ctx, input: { eventId: event.id } });
    expect(list.map((r) => r.position).sort()).toEqual([0, 1, 2, 3]);
  });

  it("updates details, converting the new wall time in the new zone", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org);
    const updated = await updateEvent({
      ctx: org.ctx,
      input: { eventId: event.id, name: "Renamed", description: "New words", timeZone: "America/New_York", startsAt: "2026-12-01T09:00", endsAt: "2026-12-01T10:00" },
    });
    expect(updated.name).toBe("Renamed");
    expect(updated.startsAt.toISOString()).toBe("2026-12-01T14:00:00.000Z");
    expect(updated.slug).toBe(event.slug);
  });

  it("reorders rooms by swapping neighbours and hides archived rooms", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org, { rooms: ["A", "B", "C"].map((name) => ({ name, kind: "breakout" })) });
    const names = async () => (await getEvent({ ctx: org.ctx, input: { eventId: event.id } })).rooms.map((r) => r.name);
    const { rooms: list } = await getEvent({ ctx: org.ctx, input: { eventId: event.id } });
    await moveRoom({ ctx: org.ctx, input: { roomId: list[2]?.id ?? "", direction: "up" } });
    expect(await names()).toEqual(["A", "C", "B"]);
    expect(await codeOf(moveRoom({ ctx: org.ctx, input: { roomId: list[0]?.id ?? "", direction: "up" } }))).toBe("conflict");
    await archiveRoom({ ctx: org.ctx, input: { roomId: list[0]?.id ?? "" } });
    expect(await names()).toEqual(["C", "B"]);
    expect(await codeOf(archiveRoom({ ctx: org.ctx, input: { roomId: list[0]?.id ?? "" } }))).toBe("conflict");
  });

  it("shows an active event publicly by slug, and neither drafts nor archived events", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org);
    const ctx = testCtx(null);
    expect(await codeOf(getPublicEvent({ ctx, input: { slug: event.slug } }))).toBe("not_found");
    await publishEvent({ ctx: org.ctx, input: { eventId: event.id } });
    expect((await getPublicEvent({ ctx, input: { slug: event.slug } })).event.id).toBe(event.id);
    await archiveEvent({ ctx: org.ctx, input: { eventId: event.id } });
    expect(await codeOf(getPublicEvent({ ctx, input: { slug: event.slug } }))).toBe("not_found");
  });

  it("shows a room-level grant holder the event with only that room, under Shared with me", async () => {
    const org = await makeOrganizer();
    const speaker = await makeOrganizer({ name: "Speaker" });
    const event = await makeEvent(org, { rooms: [{ name: "Main", kind: "stage" }, { name: "Side", kind: "breakout" }] });
    const { rooms: all } = await getEvent({ ctx: org.ctx, input: { eventId: event.id } });
    expect(await codeOf(getEvent({ ctx: speaker.ctx, input: { eventId: event.id } }))).toBe("not_found");
    await grantRole({ accountId: org.accountId, eventId: event.id, roomId: all[1]?.id, userId: speaker.id, roleId: SYSTEM_ROLES.speaker.id });
    const seen = await getEvent({ ctx: speaker.ctx, input: { eventId: event.id } });
    expect(seen.rooms.map((r) => r.name)).toEqual(["Side"]);
    expect([...seen.access.permissions]).toEqual(["event.view"]);
    expect((await listSharedEvents({ ctx: speaker.ctx })).map((e) => e.id)).toEqual([event.id]);
    expect(await listSharedEvents({ ctx: org.ctx })).toEqual([]);
  });
});