import { accountOwnership, auditLog } from "@greenroom/db/webapp/schema";
import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeOrganizer, testCtx } from "../../test/factories";
import { addCoOwner, createOrganizationAccount, listAccountOwners, listMyAccounts, removeOwner } from ".";
import { codeOf, failure } from "../../test/outcome";

const db = () => testCtx().db;
const ownersOf = async (accountId: string) =>
  (await db().select().from(accountOwnership).where(eq(accountOwnership.accountId, accountId))).map((o) => o.userId).sort();
const auditOf = (accountId: string, action?: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.accountId, accountId), action ? eq(auditLog.action, action) : like(auditLog.action, "%")));

/** An organizer with an organization account they founded: co-owners belong to organization accounts only. */
async function makeFounder() {
  const founder = await makeOrganizer();
  const org = await createOrganizationAccount({ ctx: founder.ctx, input: { name: "Acme" } });
  return { ...founder, accountId: org.id };
}

describe("accounts with several owners", () => {
  it("creates an organization account owned by the actor, audited in the same batch", async () => {
    const org = await makeOrganizer();
    const account = await createOrganizationAccount({ ctx: org.ctx, input: { name: "  Acme Live  " } });
    expect(account).toMatchObject({ name: "Acme Live", kind: "organization" });
    const mine = await listMyAccounts({ ctx: org.ctx });
    expect(mine.map((a) => [a.id, a.kind]).sort()).toEqual(
      [
        [org.accountId, "personal"],
        [account.id, "organization"],
      ].sort(),
    );
    expect(await ownersOf(account.id)).toEqual([org.id]);
    const [entry, ...more] = await auditOf(account.id);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ action: "account.created", actorId: org.id, targetId: account.id, before: null });
    expect(entry?.after).toMatchObject({ name: "Acme Live", kind: "organization" });
  });

  it("rejects a blank name and a signed-out caller", async () => {
    const org = await makeOrganizer();
    const error = await failure(createOrganizationAccount({ ctx: org.ctx, input: { name: " " } }));
    expect(error?.fieldErrors?.name).toBeDefined();
    expect(await codeOf(createOrganizationAccount({ ctx: testCtx(null), input: { name: "Ghost" } }))).toBe("unauthenticated");
  });

  it("adds a co-owner who then sees and manages the account; adding them again is a conflict", async () => {
    const owner = await makeOrganizer();
    const colleague = await makeOrganizer({ email: `colleague-${crypto.randomUUID()}@example.test` });
    const account = await createOrganizationAccount({ ctx: owner.ctx, input: { name: "Acme" } });

    const added = await addCoOwner({ ctx: owner.ctx, input: { accountId: account.id, email: colleague.email.toUpperCase() } });
    expect(added.userId).toBe(colleague.id);
    expect((await listMyAccounts({ ctx: colleague.ctx })).map((a) => a.id)).toContain(account.id);
    const owners = await listAccountOwners({ ctx: colleague.ctx, input: { accountId: account.id } });
    expect(owners.map((o) => o.email).sort()).toEqual([owner.email, colleague.email].sort());

    const again = await failure(addCoOwner({ ctx: colleague.ctx, input: { accountId: account.id, email: colleague.email } }));
    expect(again?.code).toBe("conflict");
    expect(again?.fieldErrors?.email).toBeDefined();
    expect(await ownersOf(account.id)).toEqual([owner.id, colleague.id].sort());

    const entries = await auditOf(account.id, "account.owner_added");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: owner.id, targetType: "user", targetId: colleague.id, before: null });
    expect(entries[0]?.after).toEqual({ owner: colleague.id, email: colleague.email });
  });

  it("adds one ownership and one audit row when the same co-owner is added twice at once", async () => {
    const owner = await makeFounder();
    const colleague = await makeOrganizer();
    const input = { accountId: owner.accountId, email: colleague.email };
    const results = await Promise.all([failure(addCoOwner({ ctx: owner.ctx, input })), failure(addCoOwner({ ctx: owner.ctx, input }))]);
    expect(results.map((r) => r?.code ?? "ok").sort()).toEqual(["conflict", "ok"]);
    expect(await ownersOf(owner.accountId)).toEqual([owner.id, colleague.id].sort());
    expect(await auditOf(owner.accountId, "account.owner_added")).toHaveLength(1);
  });

  it("asks for a Greenroom user: an unknown email is a field error and adds nobody", async () => {
    const owner = await makeFounder();
    const error = await failure(addCoOwner({ ctx: owner.ctx, input: { accountId: owner.accountId, email: "nobody-here@example.test" } }));
    expect(error?.code).toBe("invalid");
    expect(error?.fieldErrors?.email).toEqual(["No Greenroom user with this verified email — they need to sign up and confirm their address first"]);
    expect(await ownersOf(owner.accountId)).toEqual([owner.id]);
  });

  it("answers a non-owner with not_found and changes nothing", async () => {
    const owner = await makeOrganizer();
    const stranger = await makeOrganizer();
    const s = stranger.ctx;
    const accountId = owner.accountId;
    expect(await codeOf(listAccountOwners({ ctx: s, input: { accountId } }))).toBe("not_found");
    expect(await codeOf(addCoOwner({ ctx: s, input: { accountId, email: stranger.email } }))).toBe("not_found");
    expect(await codeOf(removeOwner({ ctx: s, input: { accountId, userId: owner.id } }))).toBe("not_found");
    expect(await codeOf(listAccountOwners({ ctx: s, input: { accountId: "no-such-account" } }))).toBe("not_found");
    expect(await ownersOf(accountId)).toEqual([owner.id]);
    expect(await auditOf(accountId)).toHaveLength(0);
  });

  it("lets an owner remove a co-owner and a co-owner leave, with before in the audit", async () => {
    const owner = await makeFounder();
    const a = await makeOrganizer();
    const b = await makeOrganizer();
    const accountId = owner.accountId;
    await addCoOwner({ ctx: owner.ctx, input: { accountId, email: a.email } });
    await addCoOwner({ ctx: owner.ctx, input: { accountId, email: b.email } });

    await removeOwner({ ctx: owner.ctx, input: { accountId, userId: a.id } });
    await removeOwner({ ctx: b.ctx, input: { accountId, userId: b.id } });
    expect(await ownersOf(accountId)).toEqual([owner.id]);
    expect((await listMyAccounts({ ctx: a.ctx })).map((x) => x.id)).not.toContain(accountId);
    expect(await codeOf(listAccountOwners({ ctx: a.ctx, input: { accountId } }))).toBe("not_found");

    const [removed] = await auditOf(accountId, "account.owner_removed");
    expect(removed).toMatchObject({ actorId: owner.id, targetId: a.id, after: null });
    expect(removed?.before).toEqual({ owner: a.id, email: a.email });
    const [left] = await auditOf(accountId, "account.owner_left");
    expect(left).toMatchObject({ actorId: b.id, targetId: b.id });

    // Removing someone who is not (or no longer) an owner.
    expect(await codeOf(removeOwner({ ctx: owner.ctx, input: { accountId, userId: a.id } }))).toBe("not_found");
  });

  it("never lets the last owner leave", async () => {
    const owner = await makeOrganizer();
    const error = await failure(removeOwner({ ctx: owner.ctx, input: { accountId: owner.accountId, userId: owner.id } }));
    expect(error?.code).toBe("conflict");
    expect(error?.message).toBe("An account needs at least one owner");
    expect(await ownersOf(owner.accountId)).toEqual([owner.id]);
    expect(await auditOf(owner.accountId)).toHaveLength(0);
  });

  it("leaves exactly one owner when two owners remove each other at the same time", async () => {
    for (let round = 0; round < 3; round++) {
      const a = await makeFounder();
      const b = await makeOrganizer();
      const accountId = a.accountId;
      await addCoOwner({ ctx: a.ctx, input: { accountId, email: b.email } });
      const results = await Promise.all([
        failure(removeOwner({ ctx: a.ctx, input: { accountId, userId: b.id } })),
        failure(removeOwner({ ctx: b.ctx, input: { accountId, userId: a.id } })),
      ]);
      expect(results.filter((r) => r === null)).toHaveLength(1);
      // b cannot remove a, the founder; whichever way it races, exactly one owner is left.
      expect(results.find((r) => r !== null)?.code).toMatch(/^(conflict|not_found)$/);
      expect(await ownersOf(accountId)).toHaveLength(1);
      expect(await auditOf(accountId, "account.owner_removed")).toHaveLength(1);
    }
  });

  it("keeps a personal account to one owner, and the founder against removal by a co-owner", async () => {
    const person = await makeOrganizer();
    const colleague = await makeOrganizer();
    const personal = await failure(addCoOwner({ ctx: person.ctx, input: { accountId: person.accountId, email: colleague.email } }));
    expect(personal?.fieldErrors?.email?.[0]).toMatch(/personal account has exactly one owner/);
    expect(await ownersOf(person.accountId)).toEqual([person.id]);

    const founder = await makeFounder();
    await addCoOwner({ ctx: founder.ctx, input: { accountId: founder.accountId, email: colleague.email } });
    const removal = await failure(removeOwner({ ctx: colleague.ctx, input: { accountId: founder.accountId, userId: founder.id } }));
    expect(removal).toMatchObject({ code: "conflict", message: "The account's founder cannot be removed" });
    expect(await ownersOf(founder.accountId)).toEqual([founder.id, colleague.id].sort());
    expect(await auditOf(founder.accountId, "account.owner_removed")).toHaveLength(0);
    // The founder may still remove the co-owner.
    await removeOwner({ ctx: founder.ctx, input: { accountId: founder.accountId, userId: colleague.id } });
    expect(await ownersOf(founder.accountId)).toEqual([founder.id]);
  });

  it("never makes an unverified address a co-owner, and an unverified user founds no organization", async () => {
    const founder = await makeFounder();
    const squatter = await makeOrganizer({ verified: false });
    const error = await failure(addCoOwner({ ctx: founder.ctx, input: { accountId: founder.accountId, email: squatter.email } }));
    expect(error?.code).toBe("invalid");
    expect(await ownersOf(founder.accountId)).toEqual([founder.id]);
    expect(await codeOf(createOrganizationAccount({ ctx: squatter.ctx, input: { name: "Squat" } }))).toBe("forbidden");
    expect((await listMyAccounts({ ctx: squatter.ctx })).map((a) => a.kind)).toEqual(["personal"]);
  });
});
