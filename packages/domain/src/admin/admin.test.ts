import { auditLog, users } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeEvent, makeOrganizer, testCtx } from "../../test/factories";
import { addCoOwner, createOrganizationAccount } from "../accounts";
import { currentSessionUser, verifyCredentials } from "../auth";
import { nonEmpty } from "../batch";
import type { Ctx } from "../context";
import { createRole } from "../roles";
import {
  adminListAccounts,
  adminListAudit,
  adminListEvents,
  adminListUsers,
  adminStats,
  disableUser,
  enableUser,
} from ".";
import { codeOf, failure } from "../../test/outcome";

const db = () => testCtx().db;
const userRow = async (id: string) => (await db().select().from(users).where(eq(users.id, id)))[0];

async function makeAdmin() {
  const admin = await makeOrganizer({ name: "Platform Admin" });
  await db().update(users).set({ platformRole: "admin" }).where(eq(users.id, admin.id));
  return admin;
}

/** Every page of the platform audit log. */
async function wholeAudit(ctx: Ctx) {
  const entries = [];
  let after: string | null = null;
  do {
    const page = await adminListAudit({ ctx, input: after ? { after } : {} });
    entries.push(...page.entries);
    after = page.nextCursor;
  } while (after);
  return entries;
}

describe("platform admin", () => {
  it("answers everyone who is not an enabled platform admin with not_found, for every verb", async () => {
    const organizer = await makeOrganizer();
    const victim = await makeOrganizer();
    const disabledAdmin = await makeAdmin();
    await db().update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabledAdmin.id));
    for (const ctx of [organizer.ctx, disabledAdmin.ctx]) {
      expect(await codeOf(adminStats({ ctx }))).toBe("not_found");
      expect(await codeOf(adminListUsers({ ctx, input: {} }))).toBe("not_found");
      expect(await codeOf(adminListUsers({ ctx, input: { q: "x".repeat(500) } }))).toBe("not_found");
      expect(await codeOf(adminListAccounts({ ctx, input: {} }))).toBe("not_found");
      expect(await codeOf(adminListEvents({ ctx, input: {} }))).toBe("not_found");
      expect(await codeOf(adminListAudit({ ctx, input: {} }))).toBe("not_found");
      expect(await codeOf(disableUser({ ctx, input: { userId: victim.id } }))).toBe("not_found");
      expect(await codeOf(enableUser({ ctx, input: { userId: victim.id } }))).toBe("not_found");
    }
    expect(await codeOf(adminListUsers({ ctx: testCtx(null), input: {} }))).toBe("unauthenticated");
    const row = await userRow(victim.id);
    expect(row?.disabledAt).toBeNull();
    expect(row?.sessionVersion).toBe(0);
  });

  it("disabling ends the user's sessions at once; enabling lets them sign in again", async () => {
    const admin = await makeAdmin();
    const user = await makeOrganizer();
    const ctx = testCtx();
    expect(await currentSessionUser({ ctx, input: { userId: user.id, sessionVersion: 0 } })).not.toBeNull();

    await disableUser({ ctx: admin.ctx, input: { userId: user.id } });
    const disabled = await userRow(user.id);
    expect(disabled?.disabledAt).not.toBeNull();
    expect(disabled?.sessionVersion).toBe(1);
    expect(await currentSessionUser({ ctx, input: { userId: user.id, sessionVersion: 0 } })).toBeNull();
    expect(await codeOf(verifyCredentials({ ctx, input: { email: user.email, password: user.password } }))).toBe("forbidden");
    expect(await codeOf(disableUser({ ctx: admin.ctx, input: { userId: user.id } }))).toBe("conflict");

    await enableUser({ ctx: admin.ctx, input: { userId: user.id } });
    const enabled = await userRow(user.id);
    expect(enabled?.disabledAt).toBeNull();
    expect(enabled?.sessionVersion).toBe(2);
    // The session from before the disable stays ended; a fresh sign-in works.
    expect(await currentSessionUser({ ctx, input: { userId: user.id, sessionVersion: 0 } })).toBeNull();
    const signedIn = await verifyCredentials({ ctx, input: { email: user.email, password: user.password } });
    expect(await currentSessionUser({ ctx, input: { userId: user.id, sessionVersion: signedIn.sessionVersion } })).not.toBeNull();
    expect(await codeOf(enableUser({ ctx: admin.ctx, input: { userId: user.id } }))).toBe("conflict");
    expect(await codeOf(disableUser({ ctx: admin.ctx, input: { userId: "no-such-user" } }))).toBe("not_found");

    const entries = await db().select().from(auditLog).where(eq(auditLog.targetId, user.id));
    expect(entries.map((e) => [e.action, e.accountId, e.actorId]).sort()).toEqual([
      ["user.disabled", null, admin.id],
      ["user.enabled", null, admin.id],
    ]);
  });

  it("disables once when two disables race: one audit row, one session bump", async () => {
    const admin = await makeAdmin();
    const user = await makeOrganizer();
    const results = await Promise.all([
      failure(disableUser({ ctx: admin.ctx, input: { userId: user.id } })),
      failure(disableUser({ ctx: admin.ctx, input: { userId: user.id } })),
    ]);
    expect(results.map((r) => r?.code ?? "ok").sort()).toEqual(["conflict", "ok"]);
    expect((await userRow(user.id))?.sessionVersion).toBe(1);
    expect(await db().select().from(auditLog).where(eq(auditLog.targetId, user.id))).toHaveLength(1);
  });

  it("does not let an admin disable themselves", async () => {
    const admin = await makeAdmin();
    const error = await failure(disableUser({ ctx: admin.ctx, input: { userId: admin.id } }));
    expect(error?.code).toBe("invalid");
    const row = await userRow(admin.id);
    expect(row?.disabledAt).toBeNull();
    expect(row?.sessionVersion).toBe(0);
    expect(await db().select().from(auditLog).where(eq(auditLog.targetId, admin.id))).toHaveLength(0);
  });

  it("reads the audit log across accounts, the admin's own platform actions included", async () => {
    const admin = await makeAdmin();
    const first = await makeOrganizer();
    const second = await makeOrganizer();
    const victim = await makeOrganizer();
    await createRole({ ctx: first.ctx, input: { accountId: first.accountId, name: "Usher", permissions: ["room.enter"] } });
    // Co-owners belong to organization accounts.
    const org = await createOrganizationAccount({ ctx: second.ctx, input: { name: "Second Org" } });
    await addCoOwner({ ctx: second.ctx, input: { accountId: org.id, email: first.email } });
    await disableUser({ ctx: admin.ctx, input: { userId: victim.id } });

    const entries = await wholeAudit(admin.ctx);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const mine = entries.filter((e) => [first.accountId, org.id].includes(e.accountId ?? "") || e.targetId === victim.id);
    expect(mine.map((e) => [e.action, e.accountId, e.actorEmail]).sort()).toEqual(
      [
        ["role.created", first.accountId, first.email],
        ["account.created", org.id, second.email],
        ["account.owner_added", org.id, second.email],
        ["user.disabled", null, admin.email],
      ].sort(),
    );
    expect(mine.find((e) => e.action === "account.owner_added")?.accountName).toBe("Second Org");
  });

  it("searches users by email or name page by page, and lists accounts and events across tenants", async () => {
    const admin = await makeAdmin();
    const tag = crypto.randomUUID().slice(0, 8);
    const people = [];
    for (let i = 0; i < 3; i++) people.push(await makeOrganizer({ email: `${tag}-${i}@example.test`, name: `Person ${i}` }));
    const named = await makeOrganizer({ name: `Zed ${tag}_name` });

    const byEmail = await adminListUsers({ ctx: admin.ctx, input: { q: tag } });
    expect(byEmail.users.map((u) => u.email)).toEqual([...people.map((p) => p.email), named.email].sort());
    expect(byEmail.nextAfter).toBeNull();
    expect((await adminListUsers({ ctx: admin.ctx, input: { q: `${tag}_name` } })).users.map((u) => u.id)).toEqual([named.id]);
    // "_" and "%" are matched literally.
    expect((await adminListUsers({ ctx: admin.ctx, input: { q: `${tag.slice(0, 7)}%` } })).users).toEqual([]);

    const after = await adminListUsers({ ctx: admin.ctx, input: { q: tag, after: people[0]?.email } });
    expect(after.users.map((u) => u.email)).toEqual([people[1]?.email, people[2]?.email, named.email].sort());

    const bulk = crypto.randomUUID().slice(0, 8);
    const rows = Array.from({ length: 60 }, (_, i) =>
      db()
        .insert(users)
        .values({ id: `${bulk}${i}`, email: `${bulk}-${String(i).padStart(2, "0")}@example.test`, name: "Bulk", createdAt: new Date() }),
    );
    await db().batch(nonEmpty(rows));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await adminListUsers({ ctx: admin.ctx, input: cursor ? { q: bulk, after: cursor } : { q: bulk } });
      seen.push(...page.users.map((u) => u.email));
      cursor = page.nextAfter;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(seen).toEqual([...seen].sort());

    const org = people[0];
    if (!org) throw new Error("no organizer");
    const account = await createOrganizationAccount({ ctx: org.ctx, input: { name: `Acme ${tag}` } });
    await addCoOwner({ ctx: org.ctx, input: { accountId: account.id, email: people[1]?.email ?? "" } });
    await makeEvent({ accountId: account.id, ctx: org.ctx }, { name: `Gala ${tag}` });
    await makeEvent({ accountId: account.id, ctx: org.ctx }, { name: `Gala ${tag} 2` });

    const accounts = await adminListAccounts({ ctx: admin.ctx, input: { q: `Acme ${tag}` } });
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ id: account.id, kind: "organization", eventCount: 2 });
    expect(accounts[0]?.ownerEmails).toEqual([people[0]?.email, people[1]?.email].sort());
    const byOwner = await adminListAccounts({ ctx: admin.ctx, input: { q: people[1]?.email } });
    expect(byOwner.map((a) => a.id).sort()).toEqual([account.id, people[1]?.accountId].sort());

    const events = await adminListEvents({ ctx: admin.ctx, input: { q: `Acme ${tag}` } });
    expect(events.map((e) => [e.name, e.accountName, e.roomCount]).sort()).toEqual(
      [
        [`Gala ${tag}`, `Acme ${tag}`, 1],
        [`Gala ${tag} 2`, `Acme ${tag}`, 1],
      ].sort(),
    );
    const stats = await adminStats({ ctx: admin.ctx });
    expect(stats.users).toBeGreaterThanOrEqual(5);
    expect(stats.events).toBeGreaterThanOrEqual(2);
  });
});
