import { accessGrants, auditLog, authThrottle, invitations, mailOutbox, pendingProfiles } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeEvent, makeEventWithRooms, makeGrant, makeInvitation, makeOrganizer, testCtx } from "../../test/factories";
import { authorize } from "../access";
import { signUp } from "../auth";
import type { Ctx } from "../context";
import type { DomainError } from "../errors";
import { getEvent } from "../events";
import { revokeGrant } from "../grants";
import {
  acceptInvitation,
  getInvitationByToken,
  inviteToEvent,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from ".";
import { hashSecretToken } from "../secret-token";
import { codeOf } from "../../test/outcome";
import { LIMITS, MAX_SENDS_PER_INVITATION, RESEND_CAP_MESSAGE } from "../limits";

const BASE = "https://greenroom.test";
async function signUpOrFail(input: Parameters<typeof signUp>[0]["input"], ctx: Ctx = testCtx()) {
  const user = await signUp({ ctx, input });
  if (!user) throw new Error("the address already had an account");
  return user;
}
const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as DomainError);

const db = () => testCtx().db;
const newEmail = () => `invitee-${createId()}@example.test`;
const DAY = 24 * 60 * 60 * 1000;
const at = (ctx: Ctx, shiftMs: number): Ctx => ({ ...ctx, now: () => new Date(Date.now() + shiftMs) });

const grantsOfUser = (userId: string) => db().select().from(accessGrants).where(eq(accessGrants.userId, userId));
const invitationRow = async (id: string) => (await db().select().from(invitations).where(eq(invitations.id, id)))[0];
const pendingOf = (invitationId: string) =>
  db().select().from(pendingProfiles).where(eq(pendingProfiles.invitationId, invitationId));
const auditOf = (targetId: string, action: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, targetId), eq(auditLog.action, action)));

describe("inviteToEvent and sign-up", () => {
  it("turns a pending profile into a grant for the invited room when that email signs up through the link", async () => {
    const { owner, event, main, side } = await makeEventWithRooms({ name: "Olga Owner" });
    const email = newEmail();
    const sent = await makeInvitation(owner, { eventId: event.id, roomId: side.id, email: email.toUpperCase(), roleKey: "attendee" });
    expect(sent.mailSent).toBe(true);
    expect(sent.invitation).toMatchObject({ email, roomId: side.id, roleId: "role_attendee", status: "pending", sendCount: 1 });
    expect(sent.invitation).not.toHaveProperty("tokenHash");
    expect(sent.invitation.expiresAt.getTime() - sent.invitation.createdAt.getTime()).toBe(7 * DAY);
    const [profile] = await pendingOf(sent.invitation.id);
    expect(profile).toMatchObject({ email, eventId: event.id, roomId: side.id, roleId: "role_attendee" });

    const user = await signUpOrFail({ name: "Ivy", email, password: "a long enough password", baseUrl: BASE, invitation: sent.token });
    expect(user.verified).toBe(true);
    const userCtx = testCtx({ userId: user.id });
    const grants = await grantsOfUser(user.id);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ eventId: event.id, roomId: side.id, roleId: "role_attendee", source: "invitation", grantedBy: owner.id });
    expect(await pendingOf(sent.invitation.id)).toHaveLength(0);
    expect(await invitationRow(sent.invitation.id)).toMatchObject({ status: "accepted", acceptedBy: user.id });
    const [accepted] = await auditOf(sent.invitation.id, "invitation.accept");
    expect(accepted?.actorId).toBe(user.id);
    expect(accepted?.before).toEqual({ status: "pending" });
    expect(accepted?.after).toMatchObject({ status: "accepted", acceptedBy: user.id, via: "sign_up" });

    await expect(authorize(userCtx, "room.enter", { kind: "room", roomId: side.id })).resolves.toBeTruthy();
    expect(await codeOf(authorize(userCtx, "room.enter", { kind: "room", roomId: main.id }))).toBe("not_found");
    // The link was consumed by the sign-up; the landing page can tell the new user it is theirs.
    const preview = await getInvitationByToken({ ctx: userCtx, input: { token: sent.token } });
    expect(preview).toMatchObject({ status: "accepted", acceptedByYou: true });
  });

  it("does not turn an expired invitation into a grant on sign-up", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const email = newEmail();
    const sent = await makeInvitation(owner, { eventId: event.id, email });
    const user = await signUpOrFail(
      { name: "Late", email, password: "a long enough password", baseUrl: BASE, invitation: sent.token },
      at(testCtx(), 8 * DAY),
    );
    expect(user.verified).toBe(false);
    expect(await grantsOfUser(user.id)).toHaveLength(0);
    expect((await invitationRow(sent.invitation.id))?.status).toBe("pending");
  });

  it("mails the accept link to the invitee and stores only the token's hash", async () => {
    const { owner, event, side } = await makeEventWithRooms({ name: "Olga Owner" });
    const email = newEmail();
    const sent = await makeInvitation(owner, { eventId: event.id, roomId: side.id, email, roleKey: "speaker" });
    expect(sent.acceptUrl).toBe(`https://greenroom.test/invite/${sent.token}`);
    expect(sent.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await invitationRow(sent.invitation.id);
    expect(row?.tokenHash).toBe(await hashSecretToken(sent.token));
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(sent.token);
    const mails = await db().select().from(mailOutbox).where(eq(mailOutbox.to, email));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe("You're invited to Launch Live");
    expect(mails[0]?.text).toContain(sent.acceptUrl);
    expect(mails[0]?.text).toContain("Olga Owner invited you to Launch Live as Speaker in the room “Side room”");
    const audit = await auditOf(sent.invitation.id, "invitation.create");
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ email, roomId: side.id, roleId: "role_speaker", status: "pending" });
    expect(JSON.stringify(audit)).not.toContain(sent.token);
  });

  it("keeps the invitation and hands out the link when the mail cannot be sent", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const broken: Ctx = { ...owner.ctx, mail: { send: () => Promise.reject(new Error("mail API answered 503")) } };
    const email = newEmail();
    const sent = await inviteToEvent({
      ctx: broken,
      input: { eventId: event.id, email, roleKey: "speaker", baseUrl: "http://localhost:3000/some/path" },
    });
    expect(sent.mailSent).toBe(false);
    expect(sent.acceptUrl).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);
    expect((await invitationRow(sent.invitation.id))?.status).toBe("pending");
    expect(await pendingOf(sent.invitation.id)).toHaveLength(1);
  });

  it("refuses a second open invitation and an invitation for access the person already has", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const email = newEmail();
    await makeInvitation(owner, { eventId: event.id, email });
    const results = await Promise.allSettled([1, 2, 3].map(() => makeInvitation(owner, { eventId: event.id, email })));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(await codeOf(makeInvitation(owner, { eventId: event.id, email }))).toBe("conflict");
    expect(await db().select().from(invitations).where(eq(invitations.email, email))).toHaveLength(1);
    // Another role is another invitation.
    await makeInvitation(owner, { eventId: event.id, email, roleKey: "host" });

    const member = await makeOrganizer();
    await makeGrant(event, member, { roleId: "role_speaker" });
    const error = await errorOf(makeInvitation(owner, { eventId: event.id, email: member.email }));
    expect(error?.code).toBe("conflict");
    expect(error?.message).toMatch(/already has access/);
    expect(await db().select().from(invitations).where(eq(invitations.email, member.email))).toHaveLength(0);
  });

  it("creates no pending profile for an email that already has an account", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const member = await makeOrganizer();
    const sent = await makeInvitation(owner, { eventId: event.id, email: member.email });
    expect(await pendingOf(sent.invitation.id)).toHaveLength(0);
  });

  it("validates the role, the room and the base URL with field errors", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const other = await makeEvent(owner, { rooms: [{ name: "Elsewhere", kind: "stage" }] });
    const { rooms: otherRooms } = await getEvent({ ctx: owner.ctx, input: { eventId: other.id } });
    const error = await errorOf(
      inviteToEvent({
        ctx: owner.ctx,
        input: { eventId: event.id, email: "not-an-email", roleKey: "", baseUrl: "javascript:alert(1)" },
      }),
    );
    expect(Object.keys(error?.fieldErrors ?? {}).sort()).toEqual(["baseUrl", "email", "roleId"]);
    expect(
      await codeOf(makeInvitation(owner, { eventId: event.id, email: newEmail(), roomId: otherRooms[0]?.id ?? "" })),
    ).toBe("not_found");
    const owner2 = await errorOf(makeInvitation(owner, { eventId: event.id, email: newEmail(), roleKey: "owner" }));
    expect(owner2?.fieldErrors?.roleKey).toBeDefined();
  });
});

describe("acceptInvitation", () => {
  it("grants the invited role once; the link cannot be used again", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const member = await makeOrganizer();
    const sent = await makeInvitation(owner, { eventId: event.id, email: member.email, roleKey: "host" });
    const result = await acceptInvitation({ ctx: member.ctx, input: { token: sent.token } });
    expect(result).toEqual({ invitationId: sent.invitation.id, eventId: event.id, roomId: null });
    const grants = await grantsOfUser(member.id);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ eventId: event.id, roomId: null, roleId: "role_host", source: "invitation" });
    await expect(authorize(member.ctx, "stage.manage", { kind: "event", eventId: event.id })).resolves.toBeTruthy();
    const audit = await auditOf(sent.invitation.id, "invitation.accept");
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ status: "accepted", acceptedBy: member.id, grant: { roleId: "role_host" } });

    const again = await errorOf(acceptInvitation({ ctx: member.ctx, input: { token: sent.token } }));
    expect(again?.code).toBe("conflict");
    expect(again?.message).toMatch(/already been used/);
    const stranger = await makeOrganizer();
    expect(await codeOf(acceptInvitation({ ctx: stranger.ctx, input: { token: sent.token } }))).toBe("forbidden");
    expect(await grantsOfUser(stranger.id)).toHaveLength(0);
    expect(await grantsOfUser(member.id)).toHaveLength(1);
  });

  it("refuses another account holding the link, naming the invited address; the invited address accepts", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const email = newEmail();
    const sent = await makeInvitation(owner, { eventId: event.id, email });
    const holder = await makeOrganizer();
    const preview = await getInvitationByToken({ ctx: holder.ctx, input: { token: sent.token } });
    expect(preview.viewer).toEqual({ email: holder.email, matches: false, verified: true });
    const refused = await errorOf(acceptInvitation({ ctx: holder.ctx, input: { token: sent.token } }));
    expect(refused?.code).toBe("forbidden");
    expect(refused?.message).toContain(`This invitation is for ${email}`);
    expect(await invitationRow(sent.invitation.id)).toMatchObject({ status: "pending", acceptedBy: null });
    expect(await grantsOfUser(holder.id)).toHaveLength(0);
    expect(await pendingOf(sent.invitation.id)).toHaveLength(1);

    const invitee = await makeOrganizer({ email });
    await acceptInvitation({ ctx: invitee.ctx, input: { token: sent.token } });
    expect(await invitationRow(sent.invitation.id)).toMatchObject({ status: "accepted", acceptedBy: invitee.id });
    expect(await grantsOfUser(invitee.id)).toHaveLength(1);
    expect(await pendingOf(sent.invitation.id)).toHaveLength(0);
  });

  it("caps the sends of one invitation and reports it clearly", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const sent = await makeInvitation(owner, { eventId: event.id, email: newEmail() });
    for (let i = 1; i < MAX_SENDS_PER_INVITATION; i++) {
      await resendInvitation({ ctx: owner.ctx, input: { invitationId: sent.invitation.id, baseUrl: BASE } });
    }
    const error = await errorOf(resendInvitation({ ctx: owner.ctx, input: { invitationId: sent.invitation.id, baseUrl: BASE } }));
    expect(error).toMatchObject({ code: "rate_limited", message: RESEND_CAP_MESSAGE });
    expect(await invitationRow(sent.invitation.id)).toMatchObject({ sendCount: MAX_SENDS_PER_INVITATION });
    expect(await auditOf(sent.invitation.id, "invitation.resend")).toHaveLength(MAX_SENDS_PER_INVITATION - 1);
  });

  it("stops an account at its daily invitation limit, and a stranger's attempts do not use it up", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const stranger = await makeOrganizer();
    const strangerTry = await errorOf(inviteToEvent({ ctx: stranger.ctx, input: { eventId: event.id, email: newEmail(), roleKey: "attendee", baseUrl: BASE } }));
    expect(strangerTry?.code).toBe("not_found");
    const key = `invitations:${event.accountId}`;
    expect(await db().select().from(authThrottle).where(eq(authThrottle.key, key))).toHaveLength(0);

    await makeInvitation(owner, { eventId: event.id, email: newEmail() });
    expect((await db().select().from(authThrottle).where(eq(authThrottle.key, key)))[0]?.failures).toBe(1);
    // Fill the window up to the limit, as that many invitations would.
    await db().update(authThrottle).set({ failures: LIMITS.invitationsPerAccount.max }).where(eq(authThrottle.key, key));
    const email = newEmail();
    const error = await errorOf(inviteToEvent({ ctx: owner.ctx, input: { eventId: event.id, email, roleKey: "attendee", baseUrl: BASE } }));
    expect(error).toMatchObject({ code: "rate_limited", message: LIMITS.invitationsPerAccount.message });
    expect(await db().select().from(invitations).where(eq(invitations.email, email))).toHaveLength(0);
    expect(await db().select().from(pendingProfiles).where(eq(pendingProfiles.email, email))).toHaveLength(0);

    // Resending counts against the same limit, and a refused resend changes nothing.
    const first = await db().select().from(invitations).where(eq(invitations.accountId, event.accountId));
    const pending = first[0];
    if (!pending) throw new Error("no invitation");
    const resend = await errorOf(resendInvitation({ ctx: owner.ctx, input: { invitationId: pending.id, baseUrl: BASE } }));
    expect(resend).toMatchObject({ code: "rate_limited", message: LIMITS.invitationsPerAccount.message });
    expect(await invitationRow(pending.id)).toMatchObject({ sendCount: 1, tokenHash: pending.tokenHash });

    // A day later the window has passed and inviting works again.
    const later = await inviteToEvent({ ctx: at(owner.ctx, DAY + 1000), input: { eventId: event.id, email, roleKey: "attendee", baseUrl: BASE } });
    expect(later.invitation.email).toBe(email);
  });

  it("creates exactly one grant when the link is accepted many times at once", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const member = await makeOrganizer();
    const rival = await makeOrganizer();
    const sent = await makeInvitation(owner, { eventId: event.id, email: member.email });
    const results = await Promise.allSettled([
      ...[1, 2, 3, 4].map(() => acceptInvitation({ ctx: member.ctx, input: { token: sent.token } })),
      ...[1, 2].map(() => acceptInvitation({ ctx: rival.ctx, input: { token: sent.token } })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const grants = await db().select().from(accessGrants).where(eq(accessGrants.eventId, event.id));
    expect(grants).toHaveLength(1);
    expect(grants[0]?.userId).toBe((await invitationRow(sent.invitation.id))?.acceptedBy);
    expect(await auditOf(sent.invitation.id, "invitation.accept")).toHaveLength(1);
  });

  it("does not give access back when a used link is opened again after the access was revoked", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const member = await makeOrganizer();
    const sent = await makeInvitation(owner, { eventId: event.id, email: member.email });
    await acceptInvitation({ ctx: member.ctx, input: { token: sent.token } });
    const [grant] = await grantsOfUser(member.id);
    await revokeGrant({ ctx: owner.ctx, input: { grantId: grant?.id ?? "" } });
    expect(await codeOf(acceptInvitation({ ctx: member.ctx, input: { token: sent.token } }))).toBe("conflict");
    expect(await grantsOfUser(member.id)).toHaveLength(0);
  });

  it("refuses an expired link and grants nothing", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const member = await makeOrganizer();
    const sent = await makeInvitation(owner, { eventId: event.id, email: member.email });
    const later = at(member.ctx, 7 * DAY + 60_000);
    const error = await errorOf(acceptInvitation({ ctx: later, input: { token: sent.token } }));
    expect(error?.code).toBe("conflict");
    expect(error?.message).toMatch(/expired/);
    expect(await grantsOfUser(member.id)).toHaveLength(0);
    expect((await invitationRow(sent.invitation.id))?.status).toBe("pending");
    expect(await auditOf(sent.invitation.id, "invitation.accept")).toHaveLength(0);
    expect(await getInvitationByToken({ ctx: later, input: { token: sent.token } })).toMatchObject({ expired: true });
    // Still valid a minute before expiry.
    await acceptInvitation({ ctx: at(member.ctx, 7 * DAY - 60_000), input: { token: sent.token } });
    expect(await grantsOfUser(member.id)).toHaveLength(1);
  });

  it("answers not_found for an unknown or malformed token, and asks a signed-out visitor to sign in", async () => {
    const member = await makeOrganizer();
    const unknown = "A".repeat(43);
    expect(await codeOf(acceptInvitation({ ctx: member.ctx, input: { token: unknown } }))).toBe("not_found");
    expect(await codeOf(acceptInvitation({ ctx: member.ctx, input: { token: "../etc" } }))).toBe("not_found");
    expect(await codeOf(getInvitationByToken({ ctx: testCtx(), input: { token: unknown } }))).toBe("not_found");
    expect(await codeOf(acceptInvitation({ ctx: testCtx(), input: { token: unknown } }))).toBe("unauthenticated");
  });
});

describe("getInvitationByToken", () => {
  it("shows a signed-out visitor what the link is for", async () => {
    const { owner, event, main } = await makeEventWithRooms({ name: "Olga Owner" });
    const email = newEmail();
    const sent = await makeInvitation(owner, { eventId: event.id, roomId: main.id, email, roleKey: "speaker" });
    expect(await getInvitationByToken({ ctx: testCtx(), input: { token: sent.token } })).toMatchObject({
      eventId: event.id,
      eventName: "Launch Live",
      roomName: "Main stage",
      roleName: "Speaker",
      email,
      status: "pending",
      expired: false,
      acceptedByYou: false,
    });
  });
});

describe("resendInvitation and revokeInvitation", () => {
  it("resends with a new token: the old link stops working, the new one works", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const member = await makeOrganizer();
    const sent = await makeInvitation(owner, { eventId: event.id, email: member.email });
    const later = at(owner.ctx, 3 * DAY);
    const again = await resendInvitation({
      ctx: later,
      input: { invitationId: sent.invitation.id, baseUrl: "https://greenroom.test" },
    });
    const newToken = again.acceptUrl.split("/invite/")[1] ?? "";
    expect(newToken).not.toBe(sent.token);
    expect(again.invitation.sendCount).toBe(2);
    const row = await invitationRow(sent.invitation.id);
    expect(row).toMatchObject({ sendCount: 2, tokenHash: await hashSecretToken(newToken) });
    expect(row?.expiresAt.getTime()).toBeGreaterThan(sent.invitation.expiresAt.getTime() + 2 * DAY);
    const mails = await db().select().from(mailOutbox).where(eq(mailOutbox.to, member.email));
    expect(mails.map((m) => m.text.includes(again.acceptUrl))).toContain(true);
    const resends = await auditOf(sent.invitation.id, "invitation.resend");
    expect(resends).toHaveLength(1);
    expect(resends[0]?.before).toMatchObject({ sendCount: 1 });
    expect(resends[0]?.after).toMatchObject({ sendCount: 2 });

    expect(await codeOf(getInvitationByToken({ ctx: testCtx(), input: { token: sent.token } }))).toBe("not_found");
    expect(await codeOf(acceptInvitation({ ctx: member.ctx, input: { token: sent.token } }))).toBe("not_found");
    await acceptInvitation({ ctx: member.ctx, input: { token: newToken } });
    expect(await grantsOfUser(member.id)).toHaveLength(1);
    expect(
      await codeOf(resendInvitation({ ctx: owner.ctx, input: { invitationId: sent.invitation.id, baseUrl: "https://x.test" } })),
    ).toBe("conflict");
  });

  it("revokes a pending invitation: its link is refused, its pending profile goes, and sign-up grants nothing", async () => {
    const { owner, event } = await makeEventWithRooms({ name: "Olga Owner" });
    const email = newEmail();
    const sent = await makeInvitation(owner, { eventId: event.id, email });
    const revoked = await revokeInvitation({ ctx: owner.ctx, input: { invitationId: sent.invitation.id } });
    expect(revoked.status).toBe("revoked");
    expect(await pendingOf(sent.invitation.id)).toHaveLength(0);
    const audit = await auditOf(sent.invitation.id, "invitation.revoke");
    expect(audit).toHaveLength(1);
    expect(audit[0]?.before).toMatchObject({ status: "pending" });
    expect(audit[0]?.after).toMatchObject({ status: "revoked" });

    const user = await makeOrganizer({ name: "Too late", email });
    const error = await errorOf(acceptInvitation({ ctx: testCtx({ userId: user.id }), input: { token: sent.token } }));
    expect(error?.code).toBe("conflict");
    expect(error?.message).toMatch(/revoked/);
    expect(await grantsOfUser(user.id)).toHaveLength(0);
    expect(await codeOf(revokeInvitation({ ctx: owner.ctx, input: { invitationId: sent.invitation.id } }))).toBe("conflict");
    expect(await auditOf(sent.invitation.id, "invitation.revoke")).toHaveLength(1);
  });

  it("lists the event's invitations with role and room names", async () => {
    const { owner, event, side } = await makeEventWithRooms({ name: "Olga Owner" });
    const a = await makeInvitation(owner, { eventId: event.id, email: newEmail(), roleKey: "host" });
    const b = await makeInvitation(owner, { eventId: event.id, roomId: side.id, email: newEmail(), roleKey: "attendee" });
    await revokeInvitation({ ctx: owner.ctx, input: { invitationId: b.invitation.id } });
    const list = await listInvitations({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(list.map((i) => [i.id, i.status, i.roleName, i.roomName]).sort()).toEqual(
      [
        [a.invitation.id, "pending", "Host", null],
        [b.invitation.id, "revoked", "Attendee", "Side room"],
      ].sort(),
    );
    expect(list.every((i) => !("tokenHash" in i))).toBe(true);
    const expiredView = await listInvitations({ ctx: at(owner.ctx, 8 * DAY), input: { eventId: event.id } });
    expect(expiredView.find((i) => i.id === a.invitation.id)?.expired).toBe(true);
  });
});

describe("who may invite", () => {
  it("answers another tenant not_found and writes nothing", async () => {
    const { owner, event, main } = await makeEventWithRooms({ name: "Olga Owner" });
    const stranger = await makeOrganizer();
    const email = newEmail();
    expect(await codeOf(makeInvitation(stranger, { eventId: event.id, email }))).toBe("not_found");
    expect(await codeOf(makeInvitation(stranger, { eventId: event.id, roomId: main.id, email }))).toBe("not_found");
    expect(await codeOf(listInvitations({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
    const sent = await makeInvitation(owner, { eventId: event.id, email: newEmail() });
    const id = sent.invitation.id;
    expect(await codeOf(revokeInvitation({ ctx: stranger.ctx, input: { invitationId: id } }))).toBe("not_found");
    expect(
      await codeOf(resendInvitation({ ctx: stranger.ctx, input: { invitationId: id, baseUrl: "https://evil.test" } })),
    ).toBe("not_found");
    expect(await db().select().from(invitations).where(eq(invitations.email, email))).toHaveLength(0);
    expect(await db().select().from(pendingProfiles).where(eq(pendingProfiles.email, email))).toHaveLength(0);
    expect(await db().select().from(mailOutbox).where(eq(mailOutbox.to, email))).toHaveLength(0);
    expect(await invitationRow(id)).toMatchObject({ status: "pending", sendCount: 1 });
  });

  it("refuses a speaker, who may see the event but not manage access", async () => {
    const { event } = await makeEventWithRooms({ name: "Olga Owner" });
    const speaker = await makeOrganizer();
    await makeGrant(event, speaker, { roleId: "role_speaker" });
    const email = newEmail();
    expect(await codeOf(makeInvitation(speaker, { eventId: event.id, email }))).toBe("forbidden");
    expect(await db().select().from(invitations).where(eq(invitations.email, email))).toHaveLength(0);
  });

  it("lets an event admin invite, and a room admin invite only into their room", async () => {
    const { event, main, side } = await makeEventWithRooms({ name: "Olga Owner" });
    const admin = await makeOrganizer();
    const roomAdmin = await makeOrganizer();
    await makeGrant(event, admin, { roleId: "role_admin" });
    await makeGrant(event, roomAdmin, { roleId: "role_admin", roomId: side.id });
    await makeInvitation(admin, { eventId: event.id, email: newEmail(), roleKey: "host" });
    await makeInvitation(roomAdmin, { eventId: event.id, roomId: side.id, email: newEmail(), roleKey: "speaker" });
    expect(await codeOf(makeInvitation(roomAdmin, { eventId: event.id, email: newEmail() }))).toBe("forbidden");
    expect(await codeOf(makeInvitation(roomAdmin, { eventId: event.id, roomId: main.id, email: newEmail() }))).toBe(
      "not_found",
    );
  });
});
