import { createId } from "@paralleldrive/cuid2";
import { beforeAll, describe, expect, it } from "vitest";
import { grantRole, makeEvent, makeOrganizer, testCtx } from "../../test/factories";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { archiveEvent, createEvent, getEvent, listEvents, publishEvent, updateEvent } from "../events";
import { archiveRoom, createRoom, getRoom, moveRoom, updateRoom } from "../rooms";
import { getStageTimeline, putOnStage } from "../stage";
import { SYSTEM_ROLES } from "./permissions";

/**
 * The authorization matrix: every domain verb (each server action, route handler and RPC call is a one-line
 * adapter over one of these) × every role × own tenant and another tenant. Allowed cells must succeed; denied
 * cells must fail with the exact code: another tenant and strangers get not_found, never a hint of existence.
 */
const ACTORS = [
  "owner",
  "admin",
  "host",
  "moderator",
  "speaker",
  "attendee",
  "roomSpeaker",
  "outsider",
  "otherOwner",
  "anonymous",
] as const;
type Actor = (typeof ACTORS)[number];

type Fixture = { accountId: string; eventId: string; roomA: string; roomB: string };
type Scope = "account" | "event" | "roomA" | "roomB";
type Case = { verb: string; scope: Scope; allowed: Actor[]; run: (ctx: Ctx, f: Fixture) => Promise<unknown> };

const MANAGERS: Actor[] = ["owner", "admin"];
const IN_TENANT: Actor[] = ["owner", "admin", "host", "moderator", "speaker", "attendee", "roomSpeaker"];

const when = { timeZone: "UTC", startsAt: "2026-12-01T10:00", endsAt: "2026-12-01T12:00" };

export const EVENT_AND_ROOM_CASES: Case[] = [
  { verb: "createEvent", scope: "account", allowed: ["owner"], run: (ctx, f) => createEvent({ ctx, input: { accountId: f.accountId, name: "New", ...when } }) },
  { verb: "listEvents", scope: "account", allowed: ["owner"], run: (ctx, f) => listEvents({ ctx, input: { accountId: f.accountId } }) },
  { verb: "getEvent", scope: "event", allowed: IN_TENANT, run: (ctx, f) => getEvent({ ctx, input: { eventId: f.eventId } }) },
  { verb: "updateEvent", scope: "event", allowed: MANAGERS, run: (ctx, f) => updateEvent({ ctx, input: { eventId: f.eventId, name: "Renamed", ...when } }) },
  { verb: "publishEvent", scope: "event", allowed: MANAGERS, run: (ctx, f) => publishEvent({ ctx, input: { eventId: f.eventId } }) },
  { verb: "archiveEvent", scope: "event", allowed: MANAGERS, run: (ctx, f) => archiveEvent({ ctx, input: { eventId: f.eventId } }) },
  { verb: "createRoom", scope: "event", allowed: MANAGERS, run: (ctx, f) => createRoom({ ctx, input: { eventId: f.eventId, name: "Extra", kind: "breakout" } }) },
  { verb: "updateRoom", scope: "roomA", allowed: MANAGERS, run: (ctx, f) => updateRoom({ ctx, input: { roomId: f.roomA, name: "Renamed", kind: "stage" } }) },
  { verb: "moveRoom", scope: "roomA", allowed: MANAGERS, run: (ctx, f) => moveRoom({ ctx, input: { roomId: f.roomA, direction: "down" } }) },
  { verb: "archiveRoom", scope: "roomB", allowed: MANAGERS, run: (ctx, f) => archiveRoom({ ctx, input: { roomId: f.roomB } }) },
  { verb: "getRoom (room A)", scope: "roomA", allowed: IN_TENANT, run: (ctx, f) => getRoom({ ctx, input: { roomId: f.roomA } }) },
  {
    verb: "getRoom (room B)",
    scope: "roomB",
    allowed: IN_TENANT.filter((a) => a !== "roomSpeaker"),
    run: (ctx, f) => getRoom({ ctx, input: { roomId: f.roomB } }),
  },
  {
    verb: "putOnStage",
    scope: "roomA",
    allowed: ["owner", "admin", "host"],
    run: (ctx, f) => putOnStage({ ctx, input: { roomId: f.roomA, participantName: `P ${createId()}` } }),
  },
  {
    verb: "getStageTimeline",
    scope: "roomA",
    allowed: ["owner", "admin", "host", "moderator", "speaker", "roomSpeaker"],
    run: (ctx, f) => getStageTimeline({ ctx, input: { roomId: f.roomA } }),
  },
];

/** The code a denied actor must get. */
export function expectedDenial(actor: Actor, scope: Scope): string {
  if (actor === "anonymous") return "unauthenticated";
  if (actor === "outsider" || actor === "otherOwner") return "not_found";
  if (scope === "account") return "not_found"; // grants never reach account-level resources
  if (actor === "roomSpeaker" && scope === "roomB") return "not_found"; // the room grant does not cover room B
  return "forbidden";
}

const users: Partial<Record<Actor, { userId: string }>> = {};
let owner: Awaited<ReturnType<typeof makeOrganizer>>;

beforeAll(async () => {
  owner = await makeOrganizer({ name: "Matrix Owner" });
  users.owner = { userId: owner.id };
  for (const actor of ["admin", "host", "moderator", "speaker", "attendee", "roomSpeaker", "outsider", "otherOwner"] as const) {
    users[actor] = { userId: (await makeOrganizer({ name: `Matrix ${actor}` })).id };
  }
});

/** A fresh event with two rooms and one grant per role, so every cell starts from the same state. */
async function fixture(): Promise<Fixture> {
  const event = await makeEvent(owner, {
    rooms: [
      { name: "Room A", kind: "stage" },
      { name: "Room B", kind: "breakout" },
    ],
  });
  const { rooms } = await getEvent({ ctx: owner.ctx, input: { eventId: event.id } });
  const [roomA, roomB] = rooms.map((r) => r.id);
  const f = { accountId: owner.accountId, eventId: event.id, roomA: roomA ?? "", roomB: roomB ?? "" };
  const eventWide = { admin: "admin", host: "host", moderator: "moderator", speaker: "speaker", attendee: "attendee" } as const;
  for (const [actor, role] of Object.entries(eventWide)) {
    await grantRole({ accountId: f.accountId, eventId: f.eventId, userId: users[actor as Actor]?.userId ?? "", roleId: SYSTEM_ROLES[role].id });
  }
  await grantRole({
    accountId: f.accountId,
    eventId: f.eventId,
    roomId: f.roomA,
    userId: users.roomSpeaker?.userId ?? "",
    roleId: SYSTEM_ROLES.speaker.id,
  });
  return f;
}

export function ctxFor(actor: Actor): Ctx {
  return actor === "anonymous" ? testCtx(null) : testCtx(users[actor] ?? null);
}

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "allowed";
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe.each(EVENT_AND_ROOM_CASES)("$verb", ({ scope, allowed, run }) => {
  it.each(ACTORS)("as %s", async (actor) => {
    const f = await fixture();
    const expected = allowed.includes(actor) ? "allowed" : expectedDenial(actor, scope);
    expect(await outcome(() => run(ctxFor(actor), f))).toBe(expected);
  });
});
