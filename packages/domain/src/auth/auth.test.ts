import { accountOwnership, accounts, authThrottle, loginTokens, mailOutbox, users } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeOrganizer, testCtx } from "../../test/factories";
import type { DomainError } from "../errors";
import { codeOf } from "../../test/outcome";
import {
  consumeMagicLink,
  currentSessionUser,
  resendVerification,
  endAllSessions,
  MAX_ATTEMPTS_PER_EMAIL,
  MAX_ATTEMPTS_PER_EMAIL_AND_IP,
  signUp,
  THROTTLE_WINDOW_SECONDS,
  verifyCredentials,
  verifyEmail,
} from ".";
import { hashPassword } from "./password";
import { LIMITS } from "../limits";
import { hashSecretToken } from "../secret-token";

const BASE = "https://greenroom.test";

/** The token of the newest link mailed to `email` whose path starts with `path`. */
async function mailedToken(email: string, path: string): Promise<string> {
  const mails = await testCtx().db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
  const pattern = new RegExp(`${path.replaceAll("/", "\\/")}([A-Za-z0-9_-]{43})`);
  const token = mails.map((m) => pattern.exec(m.text)?.[1]).filter(Boolean).at(-1);
  if (!token) throw new Error(`no ${path} link mailed to ${email}`);
  return token;
}

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

  it("answers an existing address like a new one, creates nothing, and mails the owner a sign-in link", async () => {
    const first = await makeOrganizer({ name: "First Owner" });
    const before = await testCtx().db.select().from(accounts);
    const result = await signUp({
      ctx: testCtx(),
      input: { name: "Someone", email: first.email.toUpperCase(), password: "another password", baseUrl: BASE },
    });
    expect(result).toBeNull();
    expect(await testCtx().db.select().from(accounts)).toHaveLength(before.length);
    const [row] = await testCtx().db.select().from(users).where(eq(users.id, first.id));
    expect(row?.name).toBe("First Owner");
    const mails = await testCtx().db.select().from(mailOutbox).where(eq(mailOutbox.to, first.email));
    const tried = mails.find((m) => m.subject === "Someone tried to sign up with your email");
    expect(tried?.text).toMatch(/https:\/\/greenroom\.test\/signin\/link\/[A-Za-z0-9_-]{43}/);
  });

  it("creates exactly one user when the same email signs up many times at once", async () => {
    const email = "race@example.test";
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        signUp({ ctx: testCtx(), input: { name: "Racer", email, password: "a long enough password", baseUrl: BASE, ip: `race-${i}` } }),
      ),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const rows = await testCtx().db.select().from(users).where(eq(users.email, email));
    expect(rows).toHaveLength(1);
    const ownerships = await testCtx().db.select().from(accountOwnership).where(eq(accountOwnership.userId, rows[0]?.id ?? ""));
    expect(ownerships).toHaveLength(1);
  });

  it("mails a single-use verification link, stores only its hash, and leaves the user unverified until it is followed", async () => {
    const email = `verify-${Date.now()}@example.test`;
    const user = await signUp({ ctx: testCtx(), input: { name: "Vera", email, password: "a long enough password", baseUrl: BASE } });
    expect(user).toMatchObject({ email, verified: false });
    const token = await mailedToken(email, "/verify/");
    const [stored] = await testCtx().db.select().from(loginTokens).where(eq(loginTokens.userId, user?.id ?? ""));
    expect(stored).toMatchObject({ purpose: "verify_email", tokenHash: await hashSecretToken(token), usedAt: null });
    expect((stored?.expiresAt.getTime() ?? 0) - (stored?.createdAt.getTime() ?? 0)).toBe(60 * 60_000);
    const signedIn = await verifyCredentials({ ctx: testCtx(), input: { email, password: "a long enough password" } });
    expect(signedIn.emailVerified).toBe(false);
    // Opened where the user is signed in: verified, password and sessions kept.
    const verified = await verifyEmail({ ctx: testCtx({ userId: user?.id ?? "" }), input: { token } });
    expect(verified).toMatchObject({ id: user?.id, emailVerified: true, sessionVersion: 0 });
    const [row] = await testCtx().db.select().from(users).where(eq(users.email, email));
    expect(row?.passwordHash).not.toBeNull();
    expect(await codeOf(verifyEmail({ ctx: testCtx(), input: { token } }))).toBe("unauthenticated");
    // A verification link is not a sign-in link and the other way round.
    expect(await codeOf(consumeMagicLink({ ctx: testCtx(), input: { token } }))).toBe("unauthenticated");
  });

  it("refuses a verification link after its hour", async () => {
    const email = `late-${Date.now()}@example.test`;
    await signUp({ ctx: testCtx(), input: { name: "Late", email, password: "a long enough password", baseUrl: BASE } });
    const token = await mailedToken(email, "/verify/");
    const later = testCtx(null, () => new Date(Date.now() + 61 * 60_000));
    expect(await codeOf(verifyEmail({ ctx: later, input: { token } }))).toBe("unauthenticated");
    const [row] = await testCtx().db.select().from(users).where(eq(users.email, email));
    expect(row?.emailVerifiedAt).toBeNull();
  });

  it("resends the verification link from the banner, within the per-address limit", async () => {
    const user = await makeOrganizer({ verified: false });
    for (let i = 1; i < LIMITS.authMailsPerAddress.max; i++) {
      await resendVerification({ ctx: user.ctx, input: { baseUrl: BASE, ip: `banner-${i}` } });
    }
    const error = await resendVerification({ ctx: user.ctx, input: { baseUrl: BASE } }).catch((e: unknown) => e as DomainError);
    expect(error).toMatchObject({ code: "rate_limited", message: LIMITS.authMailsPerAddress.message });
    const mails = await testCtx().db.select().from(mailOutbox).where(eq(mailOutbox.to, user.email));
    expect(mails).toHaveLength(LIMITS.authMailsPerAddress.max);
    const verified = await makeOrganizer();
    expect(await codeOf(resendVerification({ ctx: verified.ctx, input: { baseUrl: BASE } }))).toBe("conflict");
  });

  it("limits sign-ups per IP with a clear message", async () => {
    const ip = `signup-limit-${Date.now()}`;
    for (let i = 0; i < LIMITS.signUpsPerIp.max; i++) {
      await signUp({ ctx: testCtx(), input: { name: "Bulk", email: `bulk-${i}-${ip}@example.test`, password: "a long enough password", baseUrl: BASE, ip } });
    }
    const email = `one-too-many-${ip}@example.test`;
    const error = await signUp({ ctx: testCtx(), input: { name: "Bulk", email, password: "a long enough password", baseUrl: BASE, ip } }).catch(
      (e: unknown) => e as DomainError,
    );
    expect(error).toMatchObject({ code: "rate_limited", message: LIMITS.signUpsPerIp.message });
    expect(await testCtx().db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });

  it("reports every invalid field", async () => {
    const error = (await signUp({ ctx: testCtx(), input: { name: "", email: "nope", password: "short", baseUrl: BASE } }).catch(
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
