import { accessGrants, accountOwnership, invitations, mailOutbox as schemaMail, pendingProfiles, users } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeEventWithRooms, makeInvitation, makeOrganizer, testCtx } from "../../test/factories";
import { codeOf, failure } from "../../test/outcome";
import { authorize } from "../access";
import { addCoOwner, createOrganizationAccount } from "../accounts";
import type { Ctx } from "../context";
import { acceptInvitation } from "../invitations";
import { ConfigError, webappConfig } from "@greenroom/config/env";
import {
  clientIpFrom,
  consumeMagicLink,
  currentSessionUser,
  MAX_ATTEMPTS_PER_EMAIL_AND_IP,
  requestMagicLink,
  signUp,
  verifyCredentials,
  verifyEmail,
} from ".";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "./next-path";

/**
 * Attacks on identity, one per test. Each asserts that nothing was granted or changed for the attacker. (A deploy
 * with no mail configuration is refused by the configuration itself; packages/config/src/env.unit.test.ts has the rest.)
 */
const BASE = "https://greenroom.test";
const db = () => testCtx().db;
const victimEmail = () => `victim-${createId()}@example.test`;
const SQUATTER_PASSWORD = "squatter's own password";

async function signUpAs(email: string, extra: { invitation?: string } = {}) {
  const user = await signUp({
    ctx: testCtx(),
    input: { name: "Squatter", email, password: SQUATTER_PASSWORD, baseUrl: BASE, ip: `attacker-${createId()}`, ...extra },
  });
  if (!user) throw new Error("expected a new account");
  return { ...user, ctx: testCtx({ userId: user.id }) };
}

async function lastLinkTo(email: string, path: string): Promise<string> {
  const mails = await db().select().from(schemaMail).where(eq(schemaMail.to, email));
  const pattern = new RegExp(`${path.replaceAll("/", "\\/")}([A-Za-z0-9_-]{43})`);
  const token = mails.map((m) => pattern.exec(m.text)?.[1]).filter(Boolean).at(-1);
  if (!token) throw new Error(`no ${path} link mailed to ${email}`);
  return token;
}

const grantsOf = (userId: string) => db().select().from(accessGrants).where(eq(accessGrants.userId, userId));
const userRow = async (id: string) => (await db().select().from(users).where(eq(users.id, id)))[0];

describe("attacks on identity", () => {
  it("squatting on an invited email: signing up as the invitee without the link grants nothing", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const email = victimEmail();
    const sent = await makeInvitation(owner, { eventId: event.id, email, roleKey: "admin" });
    const squatter = await signUpAs(email);
    expect(squatter.verified).toBe(false);
    expect(await grantsOf(squatter.id)).toHaveLength(0);
    expect(await codeOf(authorize(squatter.ctx, "event.view", { kind: "event", eventId: event.id }))).toBe("not_found");
    const [invitation] = await db().select().from(invitations).where(eq(invitations.id, sent.invitation.id));
    expect(invitation).toMatchObject({ status: "pending", acceptedBy: null });
    expect(await db().select().from(pendingProfiles).where(eq(pendingProfiles.invitationId, sent.invitation.id))).toHaveLength(1);
    // Being invited later does not help either: the new invitation waits as a pending profile too.
    const again = await makeInvitation(owner, { eventId: event.id, email, roleKey: "host" });
    expect(await db().select().from(pendingProfiles).where(eq(pendingProfiles.invitationId, again.invitation.id))).toHaveLength(1);
    expect(await grantsOf(squatter.id)).toHaveLength(0);
  });

  it("squatting on a colleague's address: the squatter cannot be made a co-owner", async () => {
    const founder = await makeOrganizer();
    const org = await createOrganizationAccount({ ctx: founder.ctx, input: { name: "Acme" } });
    const squatter = await signUpAs(victimEmail());
    expect(await codeOf(addCoOwner({ ctx: founder.ctx, input: { accountId: org.id, email: squatter.email } }))).toBe("invalid");
    expect(await db().select().from(accountOwnership).where(eq(accountOwnership.userId, squatter.id))).toHaveLength(1);
  });

  it("pre-registration takeover: the owner's first sign-in link clears the squatter's password and sessions", async () => {
    const email = victimEmail();
    const squatter = await signUpAs(email);
    const squatterSession = await verifyCredentials({ ctx: testCtx(), input: { email, password: SQUATTER_PASSWORD } });
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const sent = await makeInvitation(owner, { eventId: event.id, email, roleKey: "speaker" });

    // The real owner of the mailbox asks for a sign-in link and follows it, signed out.
    await requestMagicLink({ ctx: testCtx(), input: { email, baseUrl: BASE } });
    const owned = await consumeMagicLink({ ctx: testCtx(), input: { token: await lastLinkTo(email, "/signin/link/") } });
    expect(owned).toMatchObject({ id: squatter.id, emailVerified: true, sessionVersion: squatterSession.sessionVersion + 1 });
    expect((await userRow(squatter.id))?.passwordHash).toBeNull();
    expect(await codeOf(verifyCredentials({ ctx: testCtx(), input: { email, password: SQUATTER_PASSWORD } }))).toBe("unauthenticated");
    const stale = await currentSessionUser({ ctx: testCtx(), input: { userId: squatter.id, sessionVersion: squatterSession.sessionVersion } });
    expect(stale).toBeNull();
    // The invitation meant for the address became the verified owner's grant in the same batch.
    const grants = await grantsOf(squatter.id);
    expect(grants.map((g) => [g.eventId, g.roleId])).toEqual([[event.id, "role_speaker"]]);
    expect((await db().select().from(invitations).where(eq(invitations.id, sent.invitation.id)))[0]?.status).toBe("accepted");
  });

  it("pre-registration takeover through the verification link works the same, and only once", async () => {
    const email = victimEmail();
    const squatter = await signUpAs(email);
    const before = await userRow(squatter.id);
    const token = await lastLinkTo(email, "/verify/");
    const owned = await verifyEmail({ ctx: testCtx(), input: { token } });
    expect(owned).toMatchObject({ emailVerified: true, sessionVersion: (before?.sessionVersion ?? 0) + 1 });
    expect((await userRow(squatter.id))?.passwordHash).toBeNull();
    expect(await codeOf(verifyEmail({ ctx: testCtx(), input: { token } }))).toBe("unauthenticated");
  });

  it("accepting another person's invitation: a different verified account holding the link gets nothing", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const email = victimEmail();
    const sent = await makeInvitation(owner, { eventId: event.id, email, roleKey: "admin" });
    const thief = await makeOrganizer();
    const error = await failure(acceptInvitation({ ctx: thief.ctx, input: { token: sent.token } }));
    expect(error?.code).toBe("forbidden");
    expect(error?.message).toContain(email);
    expect(await grantsOf(thief.id)).toHaveLength(0);
    expect((await db().select().from(invitations).where(eq(invitations.id, sent.invitation.id)))[0]).toMatchObject({
      status: "pending",
      acceptedBy: null,
    });
    // Nor can a sign-up for another address use the link to count as verified.
    const other = await signUpAs(victimEmail(), { invitation: sent.token });
    expect(other.verified).toBe(false);
    expect(await grantsOf(other.id)).toHaveLength(0);
  });

  it("an unverified account with the invited address cannot accept until it is verified", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const email = victimEmail();
    const squatter = await signUpAs(email);
    const sent = await makeInvitation(owner, { eventId: event.id, email });
    expect(await codeOf(acceptInvitation({ ctx: squatter.ctx, input: { token: sent.token } }))).toBe("forbidden");
    expect(await grantsOf(squatter.id)).toHaveLength(0);
  });

  it("a concurrent burst of wrong passwords: at most the limit reaches the hash check", async () => {
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

  it("a spoofed X-Forwarded-For: the client IP comes only from cf-connecting-ip, so the lockout key stays the same", async () => {
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

  it("an open redirect: every foreign or disguised destination after sign-in stays on the app", () => {
    const foreign = [
      "https://evil.test",
      "//evil.test",
      "/\\evil.test",
      "\\evil.test",
      "/%2Fevil.test",
      "%2F%2Fevil.test",
      "/%5Cevil.test",
      "/%252F%252Fevil.test",
      "/\t/evil.test",
      "/.//evil.test",
      "javascript:alert(1)",
      "http:/evil.test",
    ];
    for (const destination of foreign) expect(safeNextPath(destination), destination).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeNextPath("/events/abc?tab=rooms#top")).toBe("/events/abc?tab=rooms#top");
  });

  it("a missing mail configuration: the Worker refuses to start serving rather than keep links in a table", () => {
    const bindings = { WEBAPP_DB: {}, WORKERS: {}, ASSETS: {}, AUTH_SECRET: "s".repeat(40) };
    expect(() => webappConfig(bindings)).toThrow(ConfigError);
    expect(() => webappConfig({ ...bindings, MAIL_TRANSPORT: "http", MAIL_API_URL: "https://mail.example/send" })).toThrow(
      /MAIL_API_KEY/,
    );
  });

  it("a mailer that fails is reported, never taken for a sent sign-in link", async () => {
    const user = await makeOrganizer();
    const broken: Ctx = { ...testCtx(), mail: { send: async () => Promise.reject(new Error("mail is not configured")) } };
    await expect(requestMagicLink({ ctx: broken, input: { email: user.email, baseUrl: BASE } })).rejects.toThrow(/not configured/);
  });
});
