import { sessionsDb } from "@greenroom/db/sessions/client";
import { webappDb } from "@greenroom/db/webapp/client";
import { stageApiFor } from "@greenroom/stage";
import { createId } from "@paralleldrive/cuid2";
import { env } from "cloudflare:workers";
import { signUp } from "../src/auth";
import type { Ctx } from "../src/context";
import { outboxMailer } from "../src/mail";
import { createEvent } from "../src/events";

/** A context over the real local D1 bindings, with the stage API running in-process over the sessions shard. */
export function testCtx(actor: { userId: string } | null = null, now: () => Date = () => new Date()): Ctx {
  return {
    db: webappDb(env.WEBAPP_DB),
    stage: stageApiFor(sessionsDb(env.SESSIONS_DB_0000)),
    mail: outboxMailer(webappDb(env.WEBAPP_DB), now),
    actor,
    now,
  };
}

export async function makeOrganizer(overrides: Partial<{ name: string; email: string; password: string }> = {}) {
  const input = {
    name: overrides.name ?? "Test Organizer",
    email: overrides.email ?? `organizer-${createId()}@example.test`,
    password: overrides.password ?? "correct horse battery",
  };
  const user = await signUp({ ctx: testCtx(), input });
  return { ...user, password: input.password, ctx: testCtx({ userId: user.id }) };
}

export async function makeEvent(
  organizer: { accountId: string; ctx: Ctx },
  overrides: Partial<{ name: string; rooms: { name: string; kind: string }[] }> = {},
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

/** Inserts an access grant directly (the grant verbs have their own tests). */
export async function grantRole(input: {
  accountId: string;
  userId: string;
  eventId: string;
  roomId?: string | null;
  roleId: string;
}) {
  const { accessGrants } = await import("@greenroom/db/webapp/schema");
  await testCtx()
    .db.insert(accessGrants)
    .values({
      id: createId(),
      accountId: input.accountId,
      userId: input.userId,
      eventId: input.eventId,
      roomId: input.roomId ?? null,
      roleId: input.roleId,
      source: "manual",
      createdAt: new Date(),
    });
}
