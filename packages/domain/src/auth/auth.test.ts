import { accountOwnership, accounts, users } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeOrganizer, testCtx } from "../../test/factories";
import { DomainError } from "../errors";
import { currentSessionUser, MAX_FAILURES_PER_EMAIL, signUp, THROTTLE_WINDOW_SECONDS, verifyCredentials } from ".";
import { codeOf } from "../../test/outcome";

describe("signUp", () => {
  it("creates the user, a personal account and its ownership, and stores only a hash", async () => {
    const user = await makeOrganizer({ email: "Ada@Example.test", name: "Ada" });
    const ctx = testCtx();
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.email).toBe("ada@example.test");
    expect(row?.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect(row?.passwordHash).not.toContain(user.password);
    const owned = await ctx.db
      .select({ kind: accounts.kind })
      .from(accountOwnership)
      .innerJoin(accounts, eq(accounts.id, accountOwnership.accountId))
      .where(eq(accountOwnership.userId, user.id));
    expect(owned).toEqual([{ kind: "personal" }]);
  });

  it("refuses a second account for the same email with a field error and writes nothing", async () => {
    const first = await makeOrganizer();
    const before = await testCtx().db.select().from(accounts);
    const error = await signUp({
      ctx: testCtx(),
      input: { name: "Someone", email: first.email.toUpperCase(), password: "another password" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).fieldErrors?.email?.[0]).toMatch(/already exists/);
    expect(await testCtx().db.select().from(accounts)).toHaveLength(before.length);
  });

  it("creates exactly one user when the same email signs up many times at once", async () => {
    const email = "race@example.test";
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        signUp({ ctx: testCtx(), input: { name: "Racer", email, password: "a long enough password" } }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rows = await testCtx().db.select().from(users).where(eq(users.email, email));
    expect(rows).toHaveLength(1);
    const ownerships = await testCtx().db.select().from(accountOwnership).where(eq(accountOwnership.userId, rows[0]?.id ?? ""));
    expect(ownerships).toHaveLength(1);
  });

  it("reports every invalid field", async () => {
    const error = (await signUp({ ctx: testCtx(), input: { name: "", email: "nope", password: "short" } }).catch(
      (e: unknown) => e,
    )) as DomainError;
    expect(error.code).toBe("invalid");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["email", "name", "password"]);
  });
});

describe("verifyCredentials", () => {
  it("accepts the right password and refuses a wrong one or an unknown email alike", async () => {
    const user = await makeOrganizer();
    const ok = await verifyCredentials({ ctx: testCtx(), input: { email: user.email, password: user.password } });
    expect(ok.id).toBe(user.id);
    expect(await codeOf(verifyCredentials({ ctx: testCtx(), input: { email: user.email, password: "wrong" } }))).toBe(
      "unauthenticated",
    );
    expect(
      await codeOf(verifyCredentials({ ctx: testCtx(), input: { email: "ghost@example.test", password: "x" } })),
    ).toBe("unauthenticated");
  });

  it("locks an email after repeated failures, even for the right password, until the window passes", async () => {
    const user = await makeOrganizer();
    let clock = new Date("2026-11-22T10:00:00Z");
    const ctx = testCtx(null, () => clock);
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      expect(await codeOf(verifyCredentials({ ctx, input: { email: user.email, password: "wrong", ip: "10.0.0.1" } }))).toBe(
        "unauthenticated",
      );
    }
    expect(await codeOf(verifyCredentials({ ctx, input: { email: user.email, password: user.password } }))).toBe(
      "rate_limited",
    );
    clock = new Date(clock.getTime() + (THROTTLE_WINDOW_SECONDS + 1) * 1000);
    const ok = await verifyCredentials({ ctx, input: { email: user.email, password: user.password } });
    expect(ok.id).toBe(user.id);
  });

  it("ends sessions whose version is stale or whose user is disabled", async () => {
    const user = await makeOrganizer();
    const ctx = testCtx();
    expect(await currentSessionUser({ ctx, input: { userId: user.id, sessionVersion: 0 } })).not.toBeNull();
    expect(await currentSessionUser({ ctx, input: { userId: user.id, sessionVersion: 1 } })).toBeNull();
    await ctx.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect(await currentSessionUser({ ctx, input: { userId: user.id, sessionVersion: 0 } })).toBeNull();
    expect(await codeOf(verifyCredentials({ ctx, input: { email: user.email, password: user.password } }))).toBe(
      "forbidden",
    );
  });
});
