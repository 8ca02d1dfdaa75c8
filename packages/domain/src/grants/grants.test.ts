import { accessGrants, auditLog } from "@greenroom/db/webapp/schema";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeCustomRole, makeEvent, makeEventWithRooms, makeGrant, makeOrganizer, testCtx } from "../../test/factories";
import { codeOf } from "../../test/outcome";
import { authorize } from "../access";
import { listEventGrants, listGrantableRoles, revokeGrant } from ".";

// Grants are made by accepting an invitation (see the invitation tests); here they are inserted by the factory.
const db = () => testCtx().db;
const grantsOf = (userId: string, eventId: string) =>
  db()
    .select()
    .from(accessGrants)
    .where(and(eq(accessGrants.userId, userId), eq(accessGrants.eventId, eventId)));
const auditFor = (targetId: string) => db().select().from(auditLog).where(eq(auditLog.targetId, targetId));

describe("listGrantableRoles", () => {
  it("offers only grantable roles: never owner, and no other account's custom roles", async () => {
    const { owner, event } = await makeEventWithRooms();
    const other = await makeOrganizer();
    const mine = await makeCustomRole(owner.accountId, `mc-${crypto.randomUUID()}`, ["event.view", "room.enter"], "MC");
    await makeCustomRole(other.accountId, `spy-${crypto.randomUUID()}`, ["event.view"]);

    const roles = await listGrantableRoles({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(roles.map((r) => r.key)).toEqual(["admin", "host", "moderator", "speaker", "attendee", mine.key]);
    expect(roles.find((r) => r.key === "speaker")?.permissions.sort()).toEqual(["event.view", "room.enter", "stage.view"]);
  });

  it("offers a manager only the roles they could hand out: none stronger than their own", async () => {
    const { owner, event } = await makeEventWithRooms();
    const admin = await makeOrganizer();
    const gatekeeper = await makeOrganizer();
    await makeGrant(event, admin, { roleId: "role_admin" });
    const doorRole = await makeCustomRole(owner.accountId, `door-${crypto.randomUUID()}`, ["event.view", "access.manage"]);
    await makeGrant(event, gatekeeper, { roleId: doorRole.id });

    const offered = await listGrantableRoles({ ctx: gatekeeper.ctx, input: { eventId: event.id } });
    expect(offered.map((r) => r.id)).toEqual([doorRole.id]);
    const toAdmin = await listGrantableRoles({ ctx: admin.ctx, input: { eventId: event.id } });
    expect(toAdmin.map((r) => r.key)).toEqual(["admin", "host", "moderator", "speaker", "attendee", doorRole.key]);
  });
});

describe("revokeGrant", () => {
  it("removes the grant with an audit row holding what it was; a second revoke finds nothing", async () => {
    const { owner, event } = await makeEventWithRooms();
    const member = await makeOrganizer();
    const grant = await makeGrant(event, member, { roleId: "role_host" });
    await expect(authorize(member.ctx, "event.view", { kind: "event", eventId: event.id })).resolves.toBeTruthy();
    const removed = await revokeGrant({ ctx: owner.ctx, input: { grantId: grant.id } });
    expect(removed.id).toBe(grant.id);
    expect(await grantsOf(member.id, event.id)).toHaveLength(0);
    const revokes = (await auditFor(grant.id)).filter((a) => a.action === "access.revoke");
    expect(revokes).toHaveLength(1);
    expect(revokes[0]).toMatchObject({ actorId: owner.id, after: null });
    expect(revokes[0]?.before).toMatchObject({ userId: member.id, roleId: "role_host", source: "manual" });
    expect(await codeOf(revokeGrant({ ctx: owner.ctx, input: { grantId: grant.id } }))).toBe("not_found");
    expect(await codeOf(authorize(member.ctx, "event.view", { kind: "event", eventId: event.id }))).toBe("not_found");
  });

  it("answers not_found to another tenant, forbidden to the grantee, and keeps the grant", async () => {
    const { event } = await makeEventWithRooms();
    const stranger = await makeOrganizer();
    const member = await makeOrganizer();
    const grant = await makeGrant(event, member, { roleId: "role_speaker" });
    expect(await codeOf(revokeGrant({ ctx: stranger.ctx, input: { grantId: grant.id } }))).toBe("not_found");
    expect(await codeOf(revokeGrant({ ctx: member.ctx, input: { grantId: grant.id } }))).toBe("forbidden");
    expect(await grantsOf(member.id, event.id)).toHaveLength(1);
  });

  it("does not let a manager take away a role stronger than their own", async () => {
    const { owner, event } = await makeEventWithRooms();
    const gatekeeper = await makeOrganizer();
    const admin = await makeOrganizer();
    const doorRole = await makeCustomRole(owner.accountId, `door-${crypto.randomUUID()}`, ["event.view", "access.manage"]);
    await makeGrant(event, gatekeeper, { roleId: doorRole.id });
    const adminGrant = await makeGrant(event, admin, { roleId: "role_admin" });
    expect(await codeOf(revokeGrant({ ctx: gatekeeper.ctx, input: { grantId: adminGrant.id } }))).toBe("forbidden");
    expect(await grantsOf(admin.id, event.id)).toHaveLength(1);
  });
});

describe("listEventGrants", () => {
  it("lists the event's people with role and room names", async () => {
    const { owner, event, side } = await makeEventWithRooms();
    const a = await makeOrganizer({ name: "Ada" });
    const b = await makeOrganizer({ name: "Bo" });
    await makeGrant(event, a, { roleId: "role_host" });
    await makeGrant(event, b, { roleId: "role_attendee", roomId: side.id });
    const list = await listEventGrants({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(list.map((g) => [g.name, g.roleName, g.roomName]).sort()).toEqual([
      ["Ada", "Host", null],
      ["Bo", "Attendee", "Side room"],
    ]);
  });

  it("answers not_found to another tenant and forbidden to a speaker", async () => {
    const { event } = await makeEventWithRooms();
    const stranger = await makeOrganizer();
    await makeEvent(stranger);
    const speaker = await makeOrganizer();
    await makeGrant(event, speaker, { roleId: "role_speaker" });
    expect(await codeOf(listEventGrants({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
    expect(await codeOf(listEventGrants({ ctx: speaker.ctx, input: { eventId: event.id } }))).toBe("forbidden");
  });
});
