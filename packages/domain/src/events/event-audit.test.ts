import { auditLog } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeEvent, makeOrganizer } from "../../test/factories";
import { codeOf } from "../../test/outcome";
import { archiveRoom, createRoom, moveRoom, updateRoom } from "../rooms";
import { archiveEvent, publishEvent, updateEvent } from ".";

/** The audit actions recorded for one account, oldest first. */
async function actions(org: Awaited<ReturnType<typeof makeOrganizer>>) {
  const rows = await org.ctx.db.select().from(auditLog).where(eq(auditLog.accountId, org.accountId));
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((r) => `${r.action}:${r.targetId}`);
}

describe("event and room changes are audited", () => {
  it("records each change once, with the actor, and a refused change records nothing", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org, { rooms: [] });
    expect(await actions(org)).toEqual([`event.create:${event.id}`]);

    await updateEvent({
      ctx: org.ctx,
      input: { eventId: event.id, name: "Renamed", description: "", timeZone: "UTC", startsAt: "2026-09-01T10:00", endsAt: "2026-09-01T12:00" },
    });
    await publishEvent({ ctx: org.ctx, input: { eventId: event.id } });
    expect(await codeOf(publishEvent({ ctx: org.ctx, input: { eventId: event.id } }))).toBe("conflict");
    const a = await createRoom({ ctx: org.ctx, input: { eventId: event.id, name: "A", kind: "breakout" } });
    const b = await createRoom({ ctx: org.ctx, input: { eventId: event.id, name: "B", kind: "breakout" } });
    await updateRoom({ ctx: org.ctx, input: { roomId: a.id, name: "A2", kind: "breakout" } });
    await moveRoom({ ctx: org.ctx, input: { roomId: b.id, direction: "up" } });
    await archiveRoom({ ctx: org.ctx, input: { roomId: b.id } });
    expect(await codeOf(archiveRoom({ ctx: org.ctx, input: { roomId: b.id } }))).not.toBe("resolved");
    await archiveEvent({ ctx: org.ctx, input: { eventId: event.id } });
    expect(await codeOf(archiveEvent({ ctx: org.ctx, input: { eventId: event.id } }))).toBe("conflict");

    const recorded = await actions(org);
    expect([...recorded].sort()).toEqual(
      [
        `event.create:${event.id}`,
        `event.update:${event.id}`,
        `event.publish:${event.id}`,
        `room.create:${a.id}`,
        `room.create:${b.id}`,
        `room.update:${a.id}`,
        `room.move:${b.id}`,
        `room.archive:${b.id}`,
        `event.archive:${event.id}`,
      ].sort(),
    );
    const rows = await org.ctx.db.select().from(auditLog).where(eq(auditLog.accountId, org.accountId));
    expect(rows.every((r) => r.actorId === org.id)).toBe(true);
    expect(rows.find((r) => r.action === "event.publish")?.after).toEqual({ status: "active" });
  });
});
