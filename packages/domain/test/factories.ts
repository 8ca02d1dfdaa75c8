import { webappDb } from "@greenroom/db/webapp/client";
import { accessGrants, invitations, pendingProfiles } from "@greenroom/db/webapp/schema";
import { stageApiFor } from "@greenroom/stage";
import { createId } from "@paralleldrive/cuid2";
import { eq } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { signUp } from "../src/auth";
import type { Actor, Ctx } from "../src/context";
import { outboxMailer } from "../src/mail";
import { createEvent, getEvent } from "../src/events";
import { inviteToEvent } from "../src/invitations";
import * as schema from "@greenroom/db/webapp/schema";
import type { RoomKind } from "@greenroom/db/webapp/schema";

/** The two sessions shards of the tests, by id, as the workers app's configuration maps them. */
export const testShards = (): ReadonlyMap<string, D1Database> =>
  new Map([
    ["0000", env.SESSIONS_DB_0000],
    ["0001", env.SESSIONS_DB_0001],
  ]);

/** A context over the real local D1 bindings, with the stage API running in-process over the sessions shards. */
export function testCtx(actor: Actor | null = null, now: () => Date = () => new Date()): Ctx {
  return {
    db: webappDb(env.WEBAPP_DB),
    stage: stageApiFor(testShards()),
    mail: outboxMailer(webappDb(env.WEBAPP_DB), now),
    actor,
    now,
    ticketCodeKey: "test-ticket-code-key-of-at-least-32-characters",
    apiKeyHashSecret: "test-api-key-hash-secret-of-at-least-32-chars",
    creditCodeSecret: "test-credit-code-secret-of-at-least-32-chars",
  };
}

export const TEST_BASE_URL = "https://greenroom.test";

/**
 * A signed-up user with their personal account. Verified unless `verified: false`: verification itself (following
 * the mailed link) is covered by the auth tests; other tests start from a proven address.
 */
export async function makeOrganizer(
  overrides: Partial<{ name: string; email: string; password: string; verified: boolean }> = {},
) {
  const input = {
    name: overrides.name ?? "Test Organizer",
    email: overrides.email ?? `organizer-${createId()}@example.test`,
    password: overrides.password ?? "correct horse battery",
    baseUrl: TEST_BASE_URL,
    // A fresh IP per user, so the sign-up limit per IP never bites across a test file.
    ip: `test-${createId()}`,
  };
  const user = await signUp({ ctx: testCtx(), input });
  if (!user) throw new Error(`makeOrganizer: ${input.email} already has an account`);
  const verified = overrides.verified ?? true;
  if (verified) {
    // As if the mailed link had been followed long ago: verified, and no trace of the sign-up mail.
    const db = testCtx().db;
    await db.batch([
      db.update(schema.users).set({ emailVerifiedAt: new Date() }).where(eq(schema.users.id, user.id)),
      db.delete(schema.loginTokens).where(eq(schema.loginTokens.userId, user.id)),
      db.delete(schema.mailOutbox).where(eq(schema.mailOutbox.to, user.email)),
      db.delete(schema.authThrottle).where(eq(schema.authThrottle.key, `mail:${user.email}`)),
    ]);
  }
  return { ...user, verified, password: input.password, ctx: testCtx({ userId: user.id }) };
}

export async function makeEvent(
  organizer: { accountId: string; ctx: Ctx },
  overrides: Partial<{ name: string; rooms: { name: string; kind: RoomKind }[] }> = {},
) {
  return createEvent({
    ctx: organizer.ctx,
    input: {
      accountId: organizer.accountId,
      name: overrides.name ?? "Launch Live",
      timeZone: "Europe/Berlin",
      startsAt: "2026-12-01T18:00",
      endsAt: "2026-12-01T20:00",
      rooms: overrides.rooms ?? [{ name: "Main stage", kind: "stage" }],
    },
  });
}

/** A role on an event (or one of its rooms) for a user, inserted directly: `makeGrant` by ids. */
export async function grantRole(input: {
  accountId: string;
  userId: string;
  eventId: string;
  roomId?: string | null;
  roleId: string;
}) {
  return makeGrant(
    { id: input.eventId, accountId: input.accountId },
    { id: input.userId },
    { roleId: input.roleId, roomId: input.roomId ?? null },
  );
}

/**
 * An access grant inserted directly; event-wide unless a room is given. The product makes grants only by accepting
 * an invitation (the invitation tests cover that flow); other tests use this factory.
 */
export async function makeGrant(
  event: { id: string; accountId: string },
  user: { id: string },
  overrides: Partial<{ roleId: string; roomId: string | null; createdAt: Date }> = {},
) {
  const row = {
    id: createId(),
    accountId: event.accountId,
    userId: user.id,
    eventId: event.id,
    roomId: overrides.roomId ?? null,
    roleId: overrides.roleId ?? "role_attendee",
    source: "manual" as const,
    createdAt: overrides.createdAt ?? new Date(),
  };
  await testCtx().db.insert(accessGrants).values(row);
  return row;
}

/** A pending invitee: an invitation and its pending profile, as if the invitee had not signed up yet. */
export async function makePendingInvitee(
  event: { id: string; accountId: string },
  overrides: Partial<{ email: string; roleId: string; roomId: string | null; createdAt: Date }> = {},
) {
  const db = testCtx().db;
  const createdAt = overrides.createdAt ?? new Date();
  const email = overrides.email ?? `invitee-${createId()}@example.test`;
  const roleId = overrides.roleId ?? "role_attendee";
  const roomId = overrides.roomId ?? null;
  const invitationId = createId();
  const profile = { id: createId(), accountId: event.accountId, eventId: event.id, roomId, invitationId, email, roleId, createdAt };
  await db.batch([
    db.insert(invitations).values({
      id: invitationId,
      accountId: event.accountId,
      eventId: event.id,
      roomId,
      email,
      roleId,
      tokenHash: createId(),
      expiresAt: new Date(createdAt.getTime() + 7 * 86_400_000),
      lastSentAt: createdAt,
      createdAt,
    }),
    db.insert(pendingProfiles).values(profile),
  ]);
  return profile;
}

/** A custom role of an account holding exactly these permission keys (no inheritance). */
export async function makeCustomRole(accountId: string, key: string, permissionKeys: string[], name = key) {
  const db = testCtx().db;
  const id = createId();
  await db.batch([
    db.insert(schema.roles).values({ id, accountId, key, name, createdAt: new Date() }),
    ...permissionKeys.map((k) =>
      db.insert(schema.roleToPermissions).values({ roleId: id, permissionId: `perm_${k.replace(".", "_")}` }),
    ),
  ]);
  return { id, key, name };
}

/** Invites `email` and hands back the raw token taken from the accept link (which only the mail carries). */
export async function makeInvitation(
  organizer: { ctx: Ctx },
  input: { eventId: string; email: string; roleKey?: string; roomId?: string },
) {
  const sent = await inviteToEvent({
    ctx: organizer.ctx,
    input: { roleKey: "speaker", baseUrl: "https://greenroom.test", ...input },
  });
  const token = sent.acceptUrl.split("/invite/")[1] ?? "";
  return { ...sent, token };
}

/** An organizer with a draft event holding a stage room ("Main stage") and a breakout room ("Side room"). */
export async function makeEventWithRooms(ownerOverrides: Partial<{ name: string; email: string }> = {}) {
  const owner = await makeOrganizer(ownerOverrides);
  const event = await makeEvent(owner, {
    rooms: [
      { name: "Main stage", kind: "stage" },
      { name: "Side room", kind: "breakout" },
    ],
  });
  const { rooms } = await getEvent({ ctx: owner.ctx, input: { eventId: event.id } });
  const [main, side] = rooms;
  if (!main || !side) throw new Error("rooms missing");
  return { owner, event, main, side };
}
