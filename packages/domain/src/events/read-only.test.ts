import { auditLog, events, rooms } from "@greenroom/db/webapp/schema";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { grantRole, makeEvent, makeOrganizer, testCtx } from "../../test/factories";
import { codeOf, failure } from "../../test/outcome";
import { SYSTEM_ROLES } from "../access";
import { eventPage } from "../pages";
import { archiveRoom, createRoom, moveRoom, restoreRoom, updateRoom } from "../rooms";
import { getStageTimeline, putOnStage } from "../stage";
import { archiveEvent, getEvent, getPublicEvent, publishEvent, unarchiveEvent, unpublishEvent, updateEvent } from ".";

const edit = (eventId: string, extra: Record<string, string> = {}) => ({
  eventId,
  name: "Renamed",
  description: "New words",
  timeZone: "Europe/Berlin",
  startsAt: "2026-12-01T18:00",
  endsAt: "2026-12-01T20:00",
  ...extra,
});

async function auditActions(eventOrRoomId: string) {
  const rows = await testCtx().db.select().from(auditLog).where(eq(auditLog.targetId, eventOrRoomId));
  return rows.map((r) => r.action).sort();
}

describe("an archived event is read-only", () => {
  it("refuses edits, new rooms, room changes and stage changes, and writes nothing", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org, { rooms: [{ name: "Main", kind: "stage" }, { name: "Side", kind: "breakout" }] });
    const { rooms: eventRooms } = await getEvent({ ctx: org.ctx, input: { eventId: event.id } });
    const [main, side] = eventRooms;
    if (!main || !side) throw new Error("rooms missing");
    await archiveEvent({ ctx: org.ctx, input: { eventId: event.id } });
    const ctx = org.ctx;

    const refusals = [
      updateEvent({ ctx, input: edit(event.id) }),
      createRoom({ ctx, input: { eventId: event.id, name: "Late room", kind: "breakout" } }),
      updateRoom({ ctx, input: { roomId: main.id, name: "Renamed room", kind: "stage" } }),
      moveRoom({ ctx, input: { roomId: side.id, direction: "up" } }),
      archiveRoom({ ctx, input: { roomId: side.id } }),
      putOnStage({ ctx, input: { roomId: main.id, guestName: "Ada" } }),
    ];
    for (const refusal of refusals) {
      const error = await failure(refusal);
      expect(error?.code).toBe("conflict");
      expect(error?.message).toMatch(/archived/);
    }

    const db = testCtx().db;
    const [row] = await db.select().from(events).where(eq(events.id, event.id));
    expect(row?.name).toBe("Launch Live");
    const roomRows = await db.select().from(rooms).where(eq(rooms.eventId, event.id));
    expect(roomRows.map((r) => [r.name, r.status, r.position]).sort()).toEqual([
      ["Main", "active", 0],
      ["Side", "active", 1],
    ]);
    expect((await getStageTimeline({ ctx, input: { roomId: main.id } })).entries).toEqual([]);
    expect(await auditActions(event.id)).toEqual(["event.archive", "event.create"]);
    expect(await auditActions(main.id)).toEqual([]);
  });

  it("can be unarchived to a draft, after which edits work again", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org);
    await archiveEvent({ ctx: org.ctx, input: { eventId: event.id } });
    const restored = await unarchiveEvent({ ctx: org.ctx, input: { eventId: event.id } });
    expect(restored.status).toBe("draft");
    expect(await codeOf(unarchiveEvent({ ctx: org.ctx, input: { eventId: event.id } }))).toBe("conflict");
    const updated = await updateEvent({ ctx: org.ctx, input: edit(event.id) });
    expect(updated.name).toBe("Renamed");
    expect(await auditActions(event.id)).toEqual(["event.archive", "event.create", "event.unarchive", "event.update"]);
  });

  it("lets only those who may publish unarchive, and hides the event from other tenants", async () => {
    const org = await makeOrganizer();
    const speaker = await makeOrganizer();
    const stranger = await makeOrganizer();
    const event = await makeEvent(org);
    await grantRole({ accountId: org.accountId, userId: speaker.id, eventId: event.id, roleId: SYSTEM_ROLES.speaker.id });
    await archiveEvent({ ctx: org.ctx, input: { eventId: event.id } });
    expect(await codeOf(unarchiveEvent({ ctx: speaker.ctx, input: { eventId: event.id } }))).toBe("forbidden");
    expect(await codeOf(unarchiveEvent({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
    expect((await getEvent({ ctx: org.ctx, input: { eventId: event.id } })).event.status).toBe("archived");
  });
});

describe("unpublishing", () => {
  it("takes a published event back to draft and off its public page", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org);
    expect(await codeOf(unpublishEvent({ ctx: org.ctx, input: { eventId: event.id } }))).toBe("conflict");
    await publishEvent({ ctx: org.ctx, input: { eventId: event.id } });
    await getPublicEvent({ ctx: testCtx(), input: { slug: event.slug } });
    const draft = await unpublishEvent({ ctx: org.ctx, input: { eventId: event.id } });
    expect(draft.status).toBe("draft");
    expect(await codeOf(getPublicEvent({ ctx: testCtx(), input: { slug: event.slug } }))).toBe("not_found");
    expect(await auditActions(event.id)).toEqual(["event.create", "event.publish", "event.unpublish"]);
  });
});

describe("archived rooms", () => {
  it("are listed for editors and can be restored to the end of the order", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org, { rooms: [{ name: "Main", kind: "stage" }, { name: "Side", kind: "breakout" }] });
    const { rooms: eventRooms } = await getEvent({ ctx: org.ctx, input: { eventId: event.id } });
    const main = eventRooms[0];
    if (!main) throw new Error("room missing");
    await archiveRoom({ ctx: org.ctx, input: { roomId: main.id } });
    const page = await eventPage({ ctx: org.ctx, input: { eventId: event.id } });
    expect(page.rooms.map((r) => r.name)).toEqual(["Side"]);
    expect(page.archivedRooms.map((r) => r.name)).toEqual(["Main"]);

    const restored = await restoreRoom({ ctx: org.ctx, input: { roomId: main.id } });
    expect(restored.status).toBe("active");
    expect(await codeOf(restoreRoom({ ctx: org.ctx, input: { roomId: main.id } }))).toBe("conflict");
    const after = await eventPage({ ctx: org.ctx, input: { eventId: event.id } });
    expect(after.rooms.map((r) => r.name)).toEqual(["Side", "Main"]);
    expect(after.archivedRooms).toEqual([]);
    expect(await auditActions(main.id)).toEqual(["room.archive", "room.restore"]);
  });

  it("are not shown to people who may not edit, and strangers cannot restore them", async () => {
    const org = await makeOrganizer();
    const speaker = await makeOrganizer();
    const stranger = await makeOrganizer();
    const event = await makeEvent(org, { rooms: [{ name: "Main", kind: "stage" }, { name: "Side", kind: "breakout" }] });
    await grantRole({ accountId: org.accountId, userId: speaker.id, eventId: event.id, roleId: SYSTEM_ROLES.speaker.id });
    const { rooms: eventRooms } = await getEvent({ ctx: org.ctx, input: { eventId: event.id } });
    const main = eventRooms[0];
    if (!main) throw new Error("room missing");
    await archiveRoom({ ctx: org.ctx, input: { roomId: main.id } });
    expect((await eventPage({ ctx: speaker.ctx, input: { eventId: event.id } })).archivedRooms).toEqual([]);
    expect(await codeOf(restoreRoom({ ctx: speaker.ctx, input: { roomId: main.id } }))).toBe("forbidden");
    expect(await codeOf(restoreRoom({ ctx: stranger.ctx, input: { roomId: main.id } }))).toBe("not_found");
    const [row] = await testCtx().db.select().from(rooms).where(and(eq(rooms.id, main.id)));
    expect(row?.status).toBe("archived");
  });
});

describe("editable slugs", () => {
  it("changes the public address, and refuses one another event holds with a field error", async () => {
    const org = await makeOrganizer();
    const first = await makeEvent(org, { name: "First" });
    const second = await makeEvent(org, { name: "Second" });
    const updated = await updateEvent({ ctx: org.ctx, input: edit(first.id, { slug: "Launch-Week-2026" }) });
    expect(updated.slug).toBe("launch-week-2026");

    const taken = await failure(updateEvent({ ctx: org.ctx, input: edit(second.id, { slug: "launch-week-2026" }) }));
    expect(taken?.code).toBe("invalid");
    expect(taken?.fieldErrors?.slug).toEqual(["That address is already taken by another event. Choose another."]);
    const malformed = await failure(updateEvent({ ctx: org.ctx, input: edit(second.id, { slug: "no spaces/here" }) }));
    expect(malformed?.fieldErrors?.slug).toHaveLength(1);

    const [row] = await testCtx().db.select().from(events).where(eq(events.id, second.id));
    expect(row?.slug).toBe(second.slug);
    expect(row?.name).toBe("Second");
    expect(await auditActions(second.id)).toEqual(["event.create"]);
    // An empty slug field keeps the address.
    expect((await updateEvent({ ctx: org.ctx, input: edit(second.id, { slug: "" }) })).slug).toBe(second.slug);
  });
});
