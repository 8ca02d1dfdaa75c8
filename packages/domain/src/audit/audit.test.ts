import { describe, expect, it } from "vitest";
import { makeOrganizer, testCtx } from "../../test/factories";
import { addCoOwner, createOrganizationAccount, removeOwner } from "../accounts";
import { createRole } from "../roles";
import { listAccountAudit } from ".";
import { codeOf } from "../../test/outcome";

describe("account audit log", () => {
  it("lists ownership and role changes newest first with the actor's email, page by page", async () => {
    let clock = new Date("2026-06-01T10:00:00Z");
    const tick = () => {
      clock = new Date(clock.getTime() + 1000);
      return clock;
    };
    const owner = await makeOrganizer();
    const colleague = await makeOrganizer();
    const ctx = testCtx({ userId: owner.id }, () => clock);
    // Co-owners belong to organization accounts.
    const { id: accountId } = await createOrganizationAccount({ ctx, input: { name: "Audited Org" } });
    tick();
    await addCoOwner({ ctx, input: { accountId, email: colleague.email } });
    tick();
    const role = await createRole({ ctx, input: { accountId, name: "Usher", permissions: ["room.enter"] } });
    tick();
    await removeOwner({ ctx, input: { accountId, userId: colleague.id } });

    const first = await listAccountAudit({ ctx, input: { accountId, limit: 2 } });
    expect(first.entries.map((e) => e.action)).toEqual(["account.owner_removed", "role.created"]);
    expect(first.entries[0]).toMatchObject({
      actorEmail: owner.email,
      targetType: "user",
      targetId: colleague.id,
      targetLabel: colleague.email,
      before: { owner: colleague.id, email: colleague.email },
      after: null,
    });
    expect(first.entries[1]).toMatchObject({ targetId: role.id, targetLabel: "Usher", before: null });
    expect(first.nextCursor).not.toBeNull();

    const second = await listAccountAudit({ ctx, input: { accountId, limit: 2, before: first.nextCursor ?? undefined } });
    expect(second.entries.map((e) => e.action)).toEqual(["account.owner_added", "account.created"]);
    expect(second.entries[0]?.createdAt.toISOString()).toBe("2026-06-01T10:00:01.000Z");
    expect(second.nextCursor).toBeNull();
  });

  it("keeps a page of entries written in the same second in a stable order without repeats", async () => {
    const owner = await makeOrganizer();
    const fixed = new Date("2026-06-02T10:00:00Z");
    const ctx = testCtx({ userId: owner.id }, () => fixed);
    for (const name of ["A", "B", "C", "D", "E"]) {
      await createRole({ ctx, input: { accountId: owner.accountId, name, permissions: ["event.view"] } });
    }
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await listAccountAudit({ ctx, input: { accountId: owner.accountId, limit: 2, before: cursor ?? undefined } });
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it("is for owners only", async () => {
    const owner = await makeOrganizer();
    const stranger = await makeOrganizer();
    expect(await codeOf(listAccountAudit({ ctx: stranger.ctx, input: { accountId: owner.accountId } }))).toBe("not_found");
    expect(await codeOf(listAccountAudit({ ctx: owner.ctx, input: { accountId: owner.accountId, before: "x;drop" } }))).toBe(
      "invalid",
    );
    expect((await listAccountAudit({ ctx: owner.ctx, input: { accountId: owner.accountId } })).entries).toEqual([]);
  });
});
