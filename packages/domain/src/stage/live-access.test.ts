import type { EndLiveAccessInput, StageApi } from "@greenroom/stage/contract";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeEventWithRooms, makeGrant, makeOrganizer, testCtx } from "../../test/factories";
import { disableUser, enableUser } from "../admin";
import { endAllSessions } from "../auth";
import type { Ctx } from "../context";
import { revokeGrant } from "../grants";

// The verbs that take access away tell the workers app to end the user's live access once their write has committed.
// The RoomLive side (sockets closed, older tokens refused) is tested in apps/workers/test/room-live.test.ts.

const NOW = new Date("2026-12-01T18:30:00Z");

/** A context whose stage records every endLiveAccess call (or fails each one, as a lost fan-out would). */
function recording(userId: string, fail = false) {
  const calls: EndLiveAccessInput[] = [];
  const base = testCtx({ userId }, () => NOW);
  const stage: StageApi = {
    ...base.stage,
    endLiveAccess: async (input) => {
      calls.push(input);
      if (fail) throw new Error("the workers app is unreachable");
      return { ok: true, value: { rooms: input.roomIds?.length ?? 0, closed: 0 } };
    },
  };
  const ctx: Ctx = { ...base, stage };
  return { ctx, calls };
}

describe("ending live access", () => {
  it("revoking a room grant ends the user's live access in that room, as of the revocation", async () => {
    const { owner, event, main } = await makeEventWithRooms();
    const member = await makeOrganizer();
    const grant = await makeGrant(event, member, { roomId: main.id });
    const { ctx, calls } = recording(owner.id);
    await revokeGrant({ ctx, input: { grantId: grant.id } });
    expect(calls).toEqual([{ userId: member.id, roomIds: [main.id], atMs: NOW.getTime() }]);
  });

  it("revoking an event-wide grant ends it in every room of the event", async () => {
    const { owner, event, main, side } = await makeEventWithRooms();
    const member = await makeOrganizer();
    const grant = await makeGrant(event, member);
    const { ctx, calls } = recording(owner.id);
    await revokeGrant({ ctx, input: { grantId: grant.id } });
    expect(calls.map((c) => [c.userId, [...(c.roomIds ?? [])].sort()])).toEqual([[member.id, [main.id, side.id].sort()]]);
  });

  it("a revocation stands when the live side cannot be reached, and a refused revocation ends nothing", async () => {
    const { owner, event, main } = await makeEventWithRooms();
    const member = await makeOrganizer();
    const grant = await makeGrant(event, member, { roomId: main.id });
    const outsider = await makeOrganizer();
    const refused = recording(outsider.id);
    await expect(revokeGrant({ ctx: refused.ctx, input: { grantId: grant.id } })).rejects.toThrow();
    expect(refused.calls).toEqual([]);
    const failing = recording(owner.id, true);
    await revokeGrant({ ctx: failing.ctx, input: { grantId: grant.id } });
    expect(failing.calls).toHaveLength(1);
    const left = await testCtx().db.all(sql`SELECT id FROM access_grants WHERE id = ${grant.id}`);
    expect(left).toEqual([]);
  });

  it("signing out everywhere ends the user's live access in every room they are in", async () => {
    const user = await makeOrganizer();
    const { ctx, calls } = recording(user.id);
    await endAllSessions({ ctx });
    expect(calls).toEqual([{ userId: user.id, roomIds: undefined, atMs: NOW.getTime() }]);
  });

  it("disabling a user ends their live access; enabling them again does not call it", async () => {
    const admin = await makeOrganizer();
    await testCtx().db.run(sql`UPDATE users SET platform_role = 'admin' WHERE id = ${admin.id}`);
    const user = await makeOrganizer();
    const { ctx, calls } = recording(admin.id);
    await disableUser({ ctx, input: { userId: user.id } });
    await enableUser({ ctx, input: { userId: user.id } });
    expect(calls).toEqual([{ userId: user.id, roomIds: undefined, atMs: NOW.getTime() }]);
  });
});
