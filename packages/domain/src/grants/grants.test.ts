import { accessGrants, auditLog } from "@greenroom/db/webapp/schema";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeCustomRole, makeEvent, makeOrganizer, testCtx, makeEventWithRooms } from "../../test/factories";
import { authorize } from "../access";
import type { DomainError } from "../errors";
import { grantAccess, listEventGrants, listGrantableRoles, revokeGrant } from ".";
import { codeOf } from "../../test/outcome";

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as DomainError);

const db = () => testCtx().db;
const grantsOf = (userId: string, eventId: string) =>
  db()
    .select()
    .from(accessGrants)
    .where(and(eq(accessGrants.userId, userId), eq(accessGrants.eventId, eventId)));
const auditFor = (targetId: string) => db().select().from(auditLog).where(eq(auditLog.targetId, targetId));

describe("grantAccess", () => {
  it("gives an existing user a role on the event once, with one audit row, however often it is repeated", async () => {
    const { owner, event } = await makeEventWithRooms();
    const speaker = await makeOrganizer({ email: `Speaker-${crypto.randomUUID()}@Example.test` });
    const input = { eventId: event.id, email: speaker.email.toUpperCase(), roleKey: "speaker" };
    const first = await grantAccess({ ctx: owner.ctx, input });
    expect(first.created).toBe(true);
    expect(first.grant).toMatchObject({ userId: speaker.id, roomId: null, roleId: "role_speaker", source: "manual" });
    const again = await Promise.all([1, 2, 3].map(() => grantAccess({ ctx: owner.ctx, input })));
    expect(again.every((r) => !r.created && r.grant.id === first.grant.id)).toBe(true);
    expect(await grantsOf(speaker.id, event.id)).toHaveLength(1);
    const audit = await auditFor(first.grant.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "access.grant", actorId: owner.id, accountId: owner.accountId, before: null });
    expect(audit[0]?.after).toMatchObject({ userId: speaker.id, roleId: "role_speaker", roomId: null });
    await expect(authorize(speaker.ctx, "stage.view", { kind: "event", eventId: event.id })).resolves.toBeTruthy();
  });

  it("creates one grant when the same grant is given many times at once", async () => {
    const { owner, event, main } = await makeEventWithRooms();
    const member = await makeOrganizer();
    const input = { eventId: event.id, roomId: main.id, email: member.email, roleId: "role_attendee" };
    const results = await Promise.all(Array.from({ length: 6 }, () => grantAccess({ ctx: owner.ctx, input })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const rows = await grantsOf(member.id, event.id);
    expect(rows).toHaveLength(1);
    expect(await auditFor(rows[0]?.id ?? "")).toHaveLength(1);
  });

  it("scopes a room grant to that room only", async () => {
    const { owner, event, main, side } = await makeEventWithRooms();
    const member = await makeOrganizer();
    await grantAccess({ ctx: owner.ctx, input: { eventId: event.id, roomId: side.id, email: member.email, roleKey: "attendee" } });
    await expect(authorize(member.ctx, "room.enter", { kind: "room", roomId: side.id })).resolves.toBeTruthy();
    expect(await codeOf(authorize(member.ctx, "room.enter", { kind: "room", roomId: main.id }))).toBe("not_found");
  });

  it("asks to invite instead when nobody has the email, and writes nothing", async () => {
    const { owner, event } = await makeEventWithRooms();
    const error = await errorOf(
      grantAccess({ ctx: owner.ctx, input: { eventId: event.id, email: "nobody-yet@example.test", roleKey: "speaker" } }),
    );
    expect(error?.code).toBe("invalid");
    expect(error?.fieldErrors?.email?.[0]).toMatch(/invitation/i);
    expect(await db().select().from(accessGrants).where(eq(accessGrants.eventId, event.id))).toHaveLength(0);
  });

  it("offers only grantable roles: never owner, and no other account's custom roles", async () => {
    const { owner, event } = await makeEventWithRooms();
    const other = await makeOrganizer();
    const member = await makeOrganizer();
    const mine = await makeCustomRole(owner.accountId, `mc-${crypto.randomUUID()}`, ["event.view", "room.enter"], "MC");
    const theirs = await makeCustomRole(other.accountId, `spy-${crypto.randomUUID()}`, ["event.view"]);

    const ownerRole = await errorOf(
      grantAccess({ ctx: owner.ctx, input: { eventId: event.id, email: member.email, roleKey: "owner" } }),
    );
    expect(ownerRole?.code).toBe("invalid");
    expect(Object.keys(ownerRole?.fieldErrors ?? {})).toEqual(["roleKey"]);
    const foreign = await errorOf(
      grantAccess({ ctx: owner.ctx, input: { eventId: event.id, email: member.email, roleId: theirs.id } }),
    );
    expect(Object.keys(foreign?.fieldErrors ?? {})).toEqual(["roleId"]);
    expect(await grantsOf(member.id, event.id)).toHaveLength(0);

    const custom = await grantAccess({ ctx: owner.ctx, input: { eventId: event.id, email: member.email, roleId: mine.id } });
    expect(custom.grant.roleId).toBe(mine.id);

    const roles = await listGrantableRoles({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(roles.map((r) => r.key)).toEqual(["admin", "host", "moderator", "speaker", "attendee", mine.key]);
    expect(roles.find((r) => r.key === "speaker")?.permissions.sort()).toEqual(["event.view", "room.enter", "stage.view"]);
  });

  it("lets an event admin grant, but not a manager whose role is weaker than the one they hand out", async () => {
    const { owner, event } = await makeEventWithRooms();
    const admin = await makeOrganizer();
    const gatekeeper = await makeOrganizer();
    const member = await makeOrganizer();
    await grantAccess({ ctx: owner.ctx, input: { eventId: event.id, email: admin.email, roleKey: "admin" } });
    const doorRole = await makeCustomRole(owner.accountId, `door-${crypto.randomUUID()}`, ["event.view", "access.manage"]);
    await grantAccess({ ctx: owner.ctx, input: { eventId: event.id, email: gatekeeper.email, roleId: doorRole.id } });

    await grantAccess({ ctx: admin.ctx, input: { eventId: event.id, email: member.email, roleKey: "host" } });
    expect(
      await codeOf(grantAccess({ ctx: gatekeeper.ctx, input: { eventId: event.id, email: member.email, roleKey: "admin" } })),
    ).toBe("forbidden");
    expect((await grantsOf(member.id, event.id)).map((g) => g.roleId)).toEqual(["role_host"]);
    const offered = await listGrantableRoles({ ctx: gatekeeper.ctx, input: { eventId: event.id } });
    expect(offered.map((r) => r.id)).toEqual([doorRole.id]);
  });

  it("answers not_found to another tenant and to a room of another event, forbidden to a speaker, and changes nothing", async () => {
    const { owner, event, main } = await makeEventWithRooms();
    const stranger = await makeOrganizer();
    const strangerEvent = await makeEvent(stranger);
    const speaker = await makeOrganizer();
    const member = await makeOrganizer();
    await grantAccess({ ctx: owner.ctx, input: { eventId: event.id, email: speaker.email, roleKey: "speaker" } });

    const input = { eventId: event.id, email: member.email, roleKey: "attendee" };
    expect(await codeOf(grantAccess({ ctx: stranger.ctx, input }))).toBe("not_found");
    expect(await codeOf(grantAccess({ ctx: speaker.ctx, input }))).toBe("forbidden");
    expect(await codeOf(listEventGrants({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
    expect(await codeOf(listEventGrants({ ctx: speaker.ctx, input: { eventId: event.id } }))).toBe("forbidden");
    // My room, smuggled into the stranger's own event.
    expect(
      await codeOf(grantAccess({ ctx: stranger.ctx, input: { ...input, eventId: strangerEvent.id, roomId: main.id } })),
    ).toBe("not_found");
    expect(await grantsOf(member.id, event.id)).toHaveLength(0);
    expect(await grantsOf(member.id, strangerEvent.id)).toHaveLength(0);
  });
});

describe("revokeGrant", () => {
  it("removes the grant with an audit row holding what it was; a second revoke finds nothing", async () => {
    const { owner, event } = await makeEventWithRooms();
    const member = await makeOrganizer();
    const { grant } = await grantAccess({ ctx: owner.ctx, input: { eventId: event.id, email: member.email, roleKey: "host" } });
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

  it("answers not_found to another tenant and keeps the grant", async () => {
    const { owner, event } = await makeEventWithRooms();
    const stranger = await makeOrganizer();
    const member = await makeOrganizer();
    const { grant } = await grantAccess({ ctx: owner.ctx, input: { eventId: event.id, email: member.email, roleKey: "speaker" } });
    expect(await codeOf(revokeGrant({ ctx: stranger.ctx, input: { grantId: grant.id } }))).toBe("not_found");
    expect(await codeOf(revokeGrant({ ctx: member.ctx, input: { grantId: grant.id } }))).toBe("forbidden");
    expect(await grantsOf(member.id, event.id)).toHaveLength(1);
  });
});

describe("listEventGrants", () => {
  it("lists the event's people with role and room names, newest first", async () => {
    const { owner, event, side } = await makeEventWithRooms();
    const a = await makeOrganizer({ name: "Ada" });
    const b = await makeOrganizer({ name: "Bo" });
    await grantAccess({ ctx: owner.ctx, input: { eventId: event.id, email: a.email, roleKey: "host" } });
    await grantAccess({ ctx: owner.ctx, input: { eventId: event.id, roomId: side.id, email: b.email, roleKey: "attendee" } });
    const list = await listEventGrants({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(list.map((g) => [g.name, g.roleName, g.roomName]).sort()).toEqual([
      ["Ada", "Host", null],
      ["Bo", "Attendee", "Side room"],
    ]);
  });
});
