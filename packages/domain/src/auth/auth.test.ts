import { accountOwnership, accounts, authThrottle, users } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeOrganizer, testCtx } from "../../test/factories";
import { DomainError } from "../errors";
import { codeOf } from "../../test/outcome";
import {
  clientIpFrom,
  currentSessionUser,
  endAllSessions,
  MAX_ATTEMPTS_PER_EMAIL,
  MAX_ATTEMPTS_PER_EMAIL_AND_IP,
  signUp,
  THROTTLE_WINDOW_SECONDS,
  verifyCredentials,
} from ".";
import { hashPassword } from "./password";

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

  it("locks an email from one IP after repeated failures, even for the right password, until the window passes", async () => {
    const user = await makeOrganizer();
    let clock = new Date("2026-11-22T10:00:00Z");
    const ctx = testCtx(null, () => clock);
    const from = (ip: string, password: string) => verifyCredentials({ ctx, input: { email: user.email, password, ip } });
    for (let i = 0; i < MAX_ATTEMPTS_PER_EMAIL_AND_IP; i++) {
      expect(await codeOf(from("10.0.0.1", "wrong"))).toBe("unauthenticated");
    }
    expect(await codeOf(from("10.0.0.1", user.password))).toBe("rate_limited");
    // The stranger's lockout is theirs: the owner signs in from elsewhere.
    expect((await from("192.0.2.50", user.password)).id).toBe(user.id);
    clock = new Date(clock.getTime() + (THROTTLE_WINDOW_SECONDS + 1) * 1000);
    expect((await from("10.0.0.1", user.password)).id).toBe(user.id);
  });

  it("lets at most the limit of a concurrent burst of wrong passwords reach the hash check", async () => {
    const user = await makeOrganizer();
    const ctx = testCtx();
    const burst = 30;
    const codes = await Promise.all(
      Array.from({ length: burst }, (_, i) =>
        codeOf(verifyCredentials({ ctx, input: { email: user.email, password: `wrong-${i}`, ip: "198.51.100.9" } })),
      ),
    );
    const checked = codes.filter((c) => c === "unauthenticated").length;
    console.log(`[throttle] concurrent burst: ${checked} of ${burst} wrong passwords were checked (limit ${MAX_ATTEMPTS_PER_EMAIL_AND_IP})`);
    expect(checked).toBe(MAX_ATTEMPTS_PER_EMAIL_AND_IP);
    expect(codes.filter((c) => c === "rate_limited")).toHaveLength(burst - MAX_ATTEMPTS_PER_EMAIL_AND_IP);
    expect(await codeOf(verifyCredentials({ ctx, input: { email: user.email, password: user.password, ip: "198.51.100.9" } }))).toBe(
      "rate_limited",
    );
  });

  it("takes the client IP only from cf-connecting-ip, so a spoofed X-Forwarded-For does not change the key", async () => {
    const user = await makeOrganizer();
    const ctx = testCtx();
    const request = (spoofed: string) =>
      new Request("https://greenroom.test/api/auth/callback/credentials", {
        method: "POST",
        headers: { "cf-connecting-ip": "203.0.113.7", "x-forwarded-for": spoofed },
      });
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "198.51.100.1" }))).toBeUndefined();
    for (let i = 0; i < MAX_ATTEMPTS_PER_EMAIL_AND_IP; i++) {
      const ip = clientIpFrom(request(`198.51.100.${i}`).headers);
      expect(ip).toBe("203.0.113.7");
      expect(await codeOf(verifyCredentials({ ctx, input: { email: user.email, password: "wrong", ip } }))).toBe(
        "unauthenticated",
      );
    }
    const ip = clientIpFrom(request("198.51.100.200, 10.0.0.1").headers);
    expect(await codeOf(verifyCredentials({ ctx, input: { email: user.email, password: user.password, ip } }))).toBe(
      "rate_limited",
    );
  });

  it("caps one email across many IPs, and refused attempts do not count toward that ceiling", async () => {
    const user = await makeOrganizer();
    const ctx = testCtx();
    const from = (ip: string, password = "wrong") => codeOf(verifyCredentials({ ctx, input: { email: user.email, password, ip } }));
    // One stranger hammering from one IP only spends their own slots.
    for (let i = 0; i < MAX_ATTEMPTS_PER_EMAIL_AND_IP + 20; i++) await from("192.0.2.1");
    const [row] = await ctx.db.select().from(authThrottle).where(eq(authThrottle.key, `email:${user.email}`));
    expect(row?.failures).toBe(MAX_ATTEMPTS_PER_EMAIL_AND_IP);
    // Guesses spread over many IPs stop at the per-email ceiling.
    const ips = MAX_ATTEMPTS_PER_EMAIL / MAX_ATTEMPTS_PER_EMAIL_AND_IP;
    for (let n = 1; n < ips; n++) {
      for (let i = 0; i < MAX_ATTEMPTS_PER_EMAIL_AND_IP; i++) expect(await from(`192.0.2.${n + 1}`)).toBe("unauthenticated");
    }
    expect(await from("192.0.2.250", user.password)).toBe("rate_limited");
  });

  it("rehashes a password stored with fewer iterations on a successful sign-in, and only then", async () => {
    const user = await makeOrganizer();
    const ctx = testCtx();
    const old = await hashPassword(user.password, 1_000);
    await ctx.db.update(users).set({ passwordHash: old }).where(eq(users.id, user.id));
    expect(await codeOf(verifyCredentials({ ctx, input: { email: user.email, password: "wrong" } }))).toBe("unauthenticated");
    const [untouched] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(untouched?.passwordHash).toBe(old);
    expect((await verifyCredentials({ ctx, input: { email: user.email, password: user.password } })).id).toBe(user.id);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect((await verifyCredentials({ ctx, input: { email: user.email, password: user.password } })).id).toBe(user.id);
  });

  it("treats a stored hash above the workerd iteration limit as invalid instead of crashing", async () => {
    const user = await makeOrganizer();
    const ctx = testCtx();
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    const tooCostly = (row?.passwordHash ?? "").replace("$100000$", "$100001$");
    await ctx.db.update(users).set({ passwordHash: tooCostly }).where(eq(users.id, user.id));
    expect(await codeOf(verifyCredentials({ ctx, input: { email: user.email, password: user.password } }))).toBe(
      "unauthenticated",
    );
  });

  it("ends every session of the signed-in user when they sign out", async () => {
    const user = await makeOrganizer();
    expect(await currentSessionUser({ ctx: testCtx(), input: { userId: user.id, sessionVersion: 0 } })).not.toBeNull();
    await endAllSessions({ ctx: user.ctx });
    expect(await currentSessionUser({ ctx: testCtx(), input: { userId: user.id, sessionVersion: 0 } })).toBeNull();
    const fresh = await verifyCredentials({ ctx: testCtx(), input: { email: user.email, password: user.password } });
    expect(fresh.sessionVersion).toBe(1);
    expect(await codeOf(endAllSessions({ ctx: testCtx() }))).toBe("unauthenticated");
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
