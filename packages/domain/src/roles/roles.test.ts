import { accessGrants, auditLog, roles, roleToPermissions, rolesInheritances } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, eq, inArray } from "drizzle-orm";
import { listGrantableRoles } from "../grants";
import { describe, expect, it } from "vitest";
import { makeEvent, makeOrganizer, testCtx } from "../../test/factories";
import { authorize } from "../access";
import { addRoleInheritance, createRole, deleteRole, listRoles, removeRoleInheritance, updateRolePermissions } from ".";
import { codeOf, failure } from "../../test/outcome";

const db = () => testCtx().db;

const edges = async (roleIds: string[]) =>
  (await db().select().from(rolesInheritances).where(inArray(rolesInheritances.roleId, roleIds)))
    .map((e) => `${e.roleId}>${e.inheritsRoleId}`)
    .sort();
const auditFor = (targetId: string) => db().select().from(auditLog).where(eq(auditLog.targetId, targetId));

async function grant(accountId: string, eventId: string, userId: string, roleId: string) {
  await db()
    .insert(accessGrants)
    .values({ id: createId(), accountId, eventId, userId, roleId, roomId: null, source: "manual", createdAt: new Date() });
}

async function role(org: Awaited<ReturnType<typeof makeOrganizer>>, name: string, extra: Record<string, unknown> = {}) {
  return createRole({ ctx: org.ctx, input: { accountId: org.accountId, name, permissions: ["event.view"], ...extra } });
}

describe("custom roles", () => {
  it("gives the holder of a custom role what it inherits from role_speaker, through authorize", async () => {
    const owner = await makeOrganizer();
    const panelist = await makeOrganizer();
    const event = await makeEvent(owner);
    const created = await createRole({
      ctx: owner.ctx,
      input: { accountId: owner.accountId, name: "Panelist", permissions: ["participants.view"] },
    });
    await grant(owner.accountId, event.id, panelist.id, created.id);
    const resource = { kind: "event", eventId: event.id } as const;
    // Without the inheritance the role cannot even see the event.
    expect(await codeOf(authorize(panelist.ctx, "stage.view", resource))).toBe("not_found");

    await addRoleInheritance({ ctx: owner.ctx, input: { roleId: created.id, inheritsRoleId: "role_speaker" } });
    const access = await authorize(panelist.ctx, "stage.view", resource);
    expect(access.isOwner).toBe(false);
    // role_speaker inherits role_attendee in turn.
    expect([...access.permissions].sort()).toEqual(["event.view", "participants.view", "room.enter", "stage.view"]);
    expect(await codeOf(authorize(panelist.ctx, "stage.manage", resource))).toBe("forbidden");

    const listed = (await listRoles({ ctx: owner.ctx, input: { accountId: owner.accountId } })).find((r) => r.id === created.id);
    expect(listed).toMatchObject({ system: false, key: "panelist", permissions: ["participants.view"] });
    expect(listed?.chain.map((r) => r.id)).toEqual(["role_speaker", "role_attendee"]);
    expect(listed?.effectivePermissions).toEqual(["event.view", "room.enter", "stage.view", "participants.view"]);
  });

  it("creates role, permissions, inheritances and audit together", async () => {
    const owner = await makeOrganizer();
    const base = await role(owner, "Base");
    const created = await createRole({
      ctx: owner.ctx,
      input: {
        accountId: owner.accountId,
        name: "Stage crew",
        key: "crew",
        description: "Runs the stage",
        permissions: ["stage.manage", "stage.view", "stage.view"],
        inherits: [base.id, "role_moderator"],
      },
    });
    expect(created.key).toBe("crew");
    const perms = await db().select().from(roleToPermissions).where(eq(roleToPermissions.roleId, created.id));
    expect(perms.map((p) => p.permissionId).sort()).toEqual(["perm_stage_manage", "perm_stage_view"]);
    expect(await edges([created.id])).toEqual([`${created.id}>${base.id}`, `${created.id}>role_moderator`].sort());
    const [entry] = await auditFor(created.id);
    expect(entry).toMatchObject({ accountId: owner.accountId, action: "role.created", actorId: owner.id, before: null });
    expect(entry?.after).toMatchObject({ key: "crew", permissions: ["stage.manage", "stage.view"] });
  });

  it("rejects inheritance cycles, direct, self and longer, in one conditional statement", async () => {
    const owner = await makeOrganizer();
    const a = await role(owner, "A");
    const b = await role(owner, "B");
    const c = await role(owner, "C");
    const add = (roleId: string, inheritsRoleId: string) =>
      failure(addRoleInheritance({ ctx: owner.ctx, input: { roleId, inheritsRoleId } }));

    expect(await add(a.id, b.id)).toBeNull();
    const reverse = await add(b.id, a.id);
    expect(reverse?.code).toBe("invalid");
    expect(reverse?.message).toBe("That would make a cycle");
    expect(reverse?.fieldErrors?.inheritsRoleId).toBeDefined();
    expect((await add(a.id, a.id))?.code).toBe("invalid");
    expect(await add(b.id, c.id)).toBeNull();
    expect((await add(c.id, a.id))?.code).toBe("invalid");
    expect((await add(c.id, b.id))?.code).toBe("invalid");
    expect((await add(a.id, b.id))?.code).toBe("conflict");
    // A → C is a shortcut, not a cycle.
    expect(await add(a.id, c.id)).toBeNull();

    expect(await edges([a.id, b.id, c.id])).toEqual([`${a.id}>${b.id}`, `${a.id}>${c.id}`, `${b.id}>${c.id}`].sort());
    expect((await auditFor(a.id)).filter((e) => e.action === "role.inheritance_added")).toHaveLength(2);
    expect((await auditFor(b.id)).filter((e) => e.action === "role.inheritance_added")).toHaveLength(1);
    expect(await auditFor(c.id)).toHaveLength(1);
  });

  it("keeps a concurrent mutual inheritance from forming a cycle", async () => {
    const owner = await makeOrganizer();
    const a = await role(owner, "A");
    const b = await role(owner, "B");
    const results = await Promise.all([
      failure(addRoleInheritance({ ctx: owner.ctx, input: { roleId: a.id, inheritsRoleId: b.id } })),
      failure(addRoleInheritance({ ctx: owner.ctx, input: { roleId: b.id, inheritsRoleId: a.id } })),
    ]);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(await edges([a.id, b.id])).toHaveLength(1);
  });

  it("records before and after when permissions and inheritance change", async () => {
    const owner = await makeOrganizer();
    const r = await role(owner, "Usher");
    await updateRolePermissions({ ctx: owner.ctx, input: { roleId: r.id, permissions: ["room.enter", "event.view"] } });
    await addRoleInheritance({ ctx: owner.ctx, input: { roleId: r.id, inheritsRoleId: "role_attendee" } });
    await removeRoleInheritance({ ctx: owner.ctx, input: { roleId: r.id, inheritsRoleId: "role_attendee" } });
    expect(await codeOf(removeRoleInheritance({ ctx: owner.ctx, input: { roleId: r.id, inheritsRoleId: "role_attendee" } }))).toBe(
      "not_found",
    );
    const entries = await auditFor(r.id);
    const byAction = Object.fromEntries(entries.map((e) => [e.action, e]));
    expect(byAction["role.permissions_updated"]).toMatchObject({
      before: { permissions: ["event.view"] },
      after: { permissions: ["event.view", "room.enter"] },
    });
    expect(byAction["role.inheritance_added"]).toMatchObject({ before: { inherits: [] }, after: { inherits: ["role_attendee"] } });
    expect(byAction["role.inheritance_removed"]).toMatchObject({ before: { inherits: ["role_attendee"] }, after: { inherits: [] } });
    expect(entries).toHaveLength(4);
    const perms = await db().select().from(roleToPermissions).where(eq(roleToPermissions.roleId, r.id));
    expect(perms.map((p) => p.permissionId).sort()).toEqual(["perm_event_view", "perm_room_enter"]);
  });

  it("keeps account permissions owner-only and role keys unique per account", async () => {
    const owner = await makeOrganizer();
    const other = await makeOrganizer();
    const ownerOnly = await failure(
      createRole({ ctx: owner.ctx, input: { accountId: owner.accountId, name: "Boss", permissions: ["account.manage", "event.view"] } }),
    );
    expect(ownerOnly?.code).toBe("invalid");
    expect(ownerOnly?.fieldErrors?.permissions?.[0]).toMatch(/account\.manage/);
    expect(
      (await failure(createRole({ ctx: owner.ctx, input: { accountId: owner.accountId, name: "Nothing", permissions: [] } })))
        ?.fieldErrors?.permissions,
    ).toBeDefined();
    const inheritsOwner = await failure(
      createRole({ ctx: owner.ctx, input: { accountId: owner.accountId, name: "Sneaky", inherits: ["role_owner"] } }),
    );
    expect(inheritsOwner?.fieldErrors?.inherits).toBeDefined();

    const results = await Promise.all([failure(role(owner, "Greeter")), failure(role(owner, "Greeter"))]);
    expect(results.map((r) => r?.code ?? "ok").sort()).toEqual(["conflict", "ok"]);
    expect(results.find((r) => r)?.fieldErrors?.key).toBeDefined();
    expect(await role(other, "Greeter")).toMatchObject({ key: "greeter" });
    const greeters = await db().select().from(roles).where(and(eq(roles.accountId, owner.accountId), eq(roles.key, "greeter")));
    expect(greeters).toHaveLength(1);
    expect(await db().select().from(roles).where(eq(roles.accountId, owner.accountId))).toHaveLength(1);
  });

  it("never lets an organizer change a system role", async () => {
    const owner = await makeOrganizer();
    const mine = await role(owner, "Mine");
    const ctx = owner.ctx;
    expect(await codeOf(updateRolePermissions({ ctx, input: { roleId: "role_speaker", permissions: ["stage.manage"] } }))).toBe(
      "not_found",
    );
    expect(await codeOf(addRoleInheritance({ ctx, input: { roleId: "role_attendee", inheritsRoleId: mine.id } }))).toBe(
      "not_found",
    );
    expect(await codeOf(removeRoleInheritance({ ctx, input: { roleId: "role_speaker", inheritsRoleId: "role_attendee" } }))).toBe(
      "not_found",
    );
    expect(await codeOf(deleteRole({ ctx, input: { roleId: "role_attendee" } }))).toBe("not_found");
    expect(await codeOf(addRoleInheritance({ ctx, input: { roleId: mine.id, inheritsRoleId: "role_owner" } }))).toBe("invalid");
    const speaker = await db().select().from(roleToPermissions).where(eq(roleToPermissions.roleId, "role_speaker"));
    expect(speaker.map((p) => p.permissionId)).toEqual(["perm_stage_view"]);
    expect(await edges(["role_speaker", "role_attendee"])).toEqual(["role_speaker>role_attendee"]);
    const listed = await listRoles({ ctx, input: { accountId: owner.accountId } });
    expect(listed.filter((r) => r.system).map((r) => r.id)).toEqual([
      "role_owner",
      "role_admin",
      "role_host",
      "role_moderator",
      "role_speaker",
      "role_attendee",
    ]);
  });

  it("answers another tenant's role ids with not_found and changes nothing", async () => {
    const owner = await makeOrganizer();
    const stranger = await makeOrganizer();
    const theirs = await role(owner, "Theirs");
    const mine = await role(stranger, "Mine");
    const s = stranger.ctx;
    expect(await codeOf(listRoles({ ctx: s, input: { accountId: owner.accountId } }))).toBe("not_found");
    expect(await codeOf(updateRolePermissions({ ctx: s, input: { roleId: theirs.id, permissions: [] } }))).toBe("not_found");
    expect(await codeOf(deleteRole({ ctx: s, input: { roleId: theirs.id } }))).toBe("not_found");
    expect(await codeOf(addRoleInheritance({ ctx: s, input: { roleId: theirs.id, inheritsRoleId: mine.id } }))).toBe("not_found");
    expect(await codeOf(addRoleInheritance({ ctx: s, input: { roleId: mine.id, inheritsRoleId: theirs.id } }))).toBe("not_found");
    expect(
      await codeOf(createRole({ ctx: s, input: { accountId: stranger.accountId, name: "Copy", inherits: [theirs.id] } })),
    ).toBe("not_found");
    expect(await codeOf(createRole({ ctx: s, input: { accountId: owner.accountId, name: "Plant", permissions: ["event.view"] } }))).toBe(
      "not_found",
    );
    expect(await edges([theirs.id, mine.id])).toEqual([]);
    expect(await db().select().from(roles).where(eq(roles.accountId, owner.accountId))).toHaveLength(1);
    expect(await db().select().from(roles).where(eq(roles.accountId, stranger.accountId))).toHaveLength(1);
    expect(await auditFor(theirs.id)).toHaveLength(1);
  });

  it("refuses to delete a role in use, and deletes it once unused", async () => {
    const owner = await makeOrganizer();
    const member = await makeOrganizer();
    const event = await makeEvent(owner);
    const r = await role(owner, "Crew");
    const child = await role(owner, "Child", { inherits: [r.id] });
    await grant(owner.accountId, event.id, member.id, r.id);
    const inUse = await failure(deleteRole({ ctx: owner.ctx, input: { roleId: r.id } }));
    expect(inUse?.code).toBe("conflict");
    expect(await db().select().from(roles).where(eq(roles.id, r.id))).toHaveLength(1);

    await db().delete(accessGrants).where(eq(accessGrants.roleId, r.id));
    await deleteRole({ ctx: owner.ctx, input: { roleId: r.id } });
    expect(await db().select().from(roles).where(eq(roles.id, r.id))).toHaveLength(0);
    expect(await edges([child.id])).toEqual([]);
    const deleted = (await auditFor(r.id)).find((e) => e.action === "role.deleted");
    expect(deleted).toMatchObject({ before: { key: "crew", permissions: ["event.view"] }, after: null });
    expect(await codeOf(deleteRole({ ctx: owner.ctx, input: { roleId: r.id } }))).toBe("not_found");
  });

  it("offers the grantable system roles and the account's custom roles to whoever manages access", async () => {
    const owner = await makeOrganizer();
    const stranger = await makeOrganizer();
    const event = await makeEvent(owner);
    const custom = await role(owner, "Volunteer");
    await role(stranger, "Elsewhere");
    const offered = await listGrantableRoles({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(offered.map((r) => r.id)).toEqual(["role_admin", "role_host", "role_moderator", "role_speaker", "role_attendee", custom.id]);

    const eventAdmin = await makeOrganizer();
    await grant(owner.accountId, event.id, eventAdmin.id, "role_admin");
    expect((await listGrantableRoles({ ctx: eventAdmin.ctx, input: { eventId: event.id } })).map((r) => r.id)).toContain(custom.id);
    const speaker = await makeOrganizer();
    await grant(owner.accountId, event.id, speaker.id, "role_speaker");
    expect(await codeOf(listGrantableRoles({ ctx: speaker.ctx, input: { eventId: event.id } }))).toBe("forbidden");
    expect(await codeOf(listGrantableRoles({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
  });
});
