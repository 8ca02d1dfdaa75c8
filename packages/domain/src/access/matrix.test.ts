import { users as usersTable } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { grantRole, makeEvent, makeGrant, makeOrganizer, testCtx } from "../../test/factories";
import { addCoOwner, createOrganizationAccount, listAccountOwners, removeOwner } from "../accounts";
import { adminListAccounts, adminListAudit, adminListEvents, adminListUsers, disableUser, enableUser } from "../admin";
import { listAccountAudit } from "../audit";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { archiveEvent, createEvent, getEvent, listEvents, publishEvent, updateEvent } from "../events";
import { archiveRoom, createRoom, getRoom, moveRoom, updateRoom } from "../rooms";
import { listEventGrants, listGrantableRoles, revokeGrant } from "../grants";
import { inviteToEvent, listInvitations, resendInvitation, revokeInvitation } from "../invitations";
import { exportParticipantsCsv, listParticipants, participantFilters } from "../participants";
import { addRoleInheritance, createRole, listRoles } from "../roles";
import { getStageTimeline, putOnStage } from "../stage";
import { archiveTicketType, checkInTicket, createTicketType, ticketCodeFor, updateTicketType } from "../tickets";
import { getOperation, startRecording, stopRecording } from "../operations";
import { createManualOrder, removeRetailerConnection, saveRetailerConnection } from "../orders";
import { ordersPage } from "../pages/orders-page";
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
  "platformAdmin",
  "unverified",
  "anonymous",
] as const;
type Actor = (typeof ACTORS)[number];

type Fixture = { accountId: string; eventId: string; roomA: string; roomB: string };
type Scope = "account" | "event" | "roomA" | "roomB" | "platform";
type Case = {
  verb: string;
  scope: Scope;
  allowed: Actor[];
  run: (ctx: Ctx, f: Fixture) => Promise<unknown>;
  /** The code every denied actor gets, when the verb hides the resource from all of them (default: `expectedDenial`). */
  denial?: (actor: Actor) => string;
};

const MANAGERS: Actor[] = ["owner", "admin"];
const IN_TENANT: Actor[] = ["owner", "admin", "host", "moderator", "speaker", "attendee", "roomSpeaker"];

const when = { timeZone: "UTC", startsAt: "2026-12-01T10:00", endsAt: "2026-12-01T12:00" };

const EVENT_AND_ROOM_CASES: Case[] = [
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
    run: (ctx, f) => putOnStage({ ctx, input: { roomId: f.roomA, guestName: `P ${createId()}` } }),
  },
  {
    verb: "getStageTimeline",
    scope: "roomA",
    allowed: ["owner", "admin", "host", "moderator", "speaker", "roomSpeaker"],
    run: (ctx, f) => getStageTimeline({ ctx, input: { roomId: f.roomA } }),
  },
  {
    verb: "createTicketType",
    scope: "event",
    allowed: MANAGERS,
    run: (ctx, f) => createTicketType({ ctx, input: { eventId: f.eventId, name: "Pass", roomIds: [f.roomA] } }),
  },
  {
    verb: "updateTicketType",
    scope: "event",
    allowed: MANAGERS,
    run: async (ctx, f) => {
      const type = await createTicketType({ ctx: owner.ctx, input: { eventId: f.eventId, name: "Pass", roomIds: [f.roomA] } });
      return updateTicketType({ ctx, input: { eventId: f.eventId, ticketTypeId: type.id, name: "Renamed", roomIds: [f.roomB] } });
    },
  },
  {
    verb: "archiveTicketType",
    scope: "event",
    allowed: MANAGERS,
    run: async (ctx, f) => {
      const type = await createTicketType({ ctx: owner.ctx, input: { eventId: f.eventId, name: "Pass", roomIds: [f.roomA] } });
      return archiveTicketType({ ctx, input: { eventId: f.eventId, ticketTypeId: type.id } });
    },
  },
  {
    // A code that is no ticket: allowed actors get the "invalid code" answer, the others are refused before it.
    verb: "checkInTicket",
    scope: "event",
    allowed: ["owner", "admin", "host", "moderator"],
    run: (ctx, f) => checkInTicket({ ctx, input: { eventId: f.eventId, code: "not-a-ticket" } }),
  },
];

/** The code a denied actor must get. */
function expectedDenial(actor: Actor, scope: Scope): string {
  if (actor === "anonymous") return "unauthenticated";
  // "unverified" holds an event admin grant but never proved their address: the grant counts for nothing.
  if (actor === "outsider" || actor === "otherOwner" || actor === "platformAdmin" || actor === "unverified") return "not_found";
  if (scope === "account" || scope === "platform") return "not_found"; // grants never reach these
  if (actor === "roomSpeaker" && scope === "roomB") return "not_found"; // the room grant does not cover room B
  return "forbidden";
}

const users: Partial<Record<Actor, { userId: string; email: string }>> = {};
let owner: Awaited<ReturnType<typeof makeOrganizer>>;

beforeAll(async () => {
  const founder = await makeOrganizer({ name: "Matrix Owner" });
  // An organization account, since only those take co-owners.
  const org = await createOrganizationAccount({ ctx: founder.ctx, input: { name: "Matrix Org" } });
  owner = { ...founder, accountId: org.id };
  users.owner = { userId: owner.id, email: owner.email };
  for (const actor of ["admin", "host", "moderator", "speaker", "attendee", "roomSpeaker", "outsider", "otherOwner", "platformAdmin", "unverified"] as const) {
    const user = await makeOrganizer({ name: `Matrix ${actor}`, verified: actor !== "unverified" });
    users[actor] = { userId: user.id, email: user.email };
  }
  await testCtx().db.update(usersTable).set({ platformRole: "admin" }).where(eq(usersTable.id, users.platformAdmin?.userId ?? ""));
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
  const eventWide = { admin: "admin", host: "host", moderator: "moderator", speaker: "speaker", attendee: "attendee", unverified: "admin" } as const;
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

function ctxFor(actor: Actor): Ctx {
  const user = users[actor];
  return actor === "anonymous" || !user ? testCtx(null) : testCtx({ userId: user.userId });
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

const BASE_URL = "https://greenroom.test";
const VIEWERS_OF_PARTICIPANTS: Actor[] = ["owner", "admin", "host", "moderator"];
const freshEmail = () => `matrix-${createId()}@example.test`;
const inviteAsOwner = (f: Fixture) =>
  inviteToEvent({ ctx: owner.ctx, input: { eventId: f.eventId, email: freshEmail(), roleKey: "speaker", baseUrl: BASE_URL } });

const ACCESS_AND_ACCOUNT_CASES: Case[] = [
  { verb: "listParticipants", scope: "event", allowed: VIEWERS_OF_PARTICIPANTS, run: (ctx, f) => listParticipants({ ctx, input: { eventId: f.eventId } }) },
  { verb: "participantFilters", scope: "event", allowed: VIEWERS_OF_PARTICIPANTS, run: (ctx, f) => participantFilters({ ctx, input: { eventId: f.eventId } }) },
  { verb: "exportParticipantsCsv", scope: "event", allowed: MANAGERS, run: (ctx, f) => exportParticipantsCsv({ ctx, input: { eventId: f.eventId } }) },
  {
    verb: "inviteToEvent",
    scope: "event",
    allowed: MANAGERS,
    run: (ctx, f) => inviteToEvent({ ctx, input: { eventId: f.eventId, email: freshEmail(), roleKey: "speaker", baseUrl: BASE_URL } }),
  },
  { verb: "listInvitations", scope: "event", allowed: MANAGERS, run: (ctx, f) => listInvitations({ ctx, input: { eventId: f.eventId } }) },
  {
    verb: "resendInvitation",
    scope: "event",
    allowed: MANAGERS,
    run: async (ctx, f) => resendInvitation({ ctx, input: { invitationId: (await inviteAsOwner(f)).invitation.id, baseUrl: BASE_URL } }),
  },
  {
    verb: "revokeInvitation",
    scope: "event",
    allowed: MANAGERS,
    run: async (ctx, f) => revokeInvitation({ ctx, input: { invitationId: (await inviteAsOwner(f)).invitation.id } }),
  },
  {
    verb: "revokeGrant",
    scope: "event",
    allowed: MANAGERS,
    run: async (ctx, f) => {
      const grantee = await makeOrganizer();
      const grant = await makeGrant({ id: f.eventId, accountId: f.accountId }, { id: grantee.id });
      return revokeGrant({ ctx, input: { grantId: grant.id } });
    },
  },
  { verb: "listEventGrants", scope: "event", allowed: MANAGERS, run: (ctx, f) => listEventGrants({ ctx, input: { eventId: f.eventId } }) },
  { verb: "listGrantableRoles", scope: "event", allowed: MANAGERS, run: (ctx, f) => listGrantableRoles({ ctx, input: { eventId: f.eventId } }) },
  { verb: "listRoles", scope: "account", allowed: ["owner"], run: (ctx, f) => listRoles({ ctx, input: { accountId: f.accountId } }) },
  {
    verb: "createRole",
    scope: "account",
    allowed: ["owner"],
    run: (ctx, f) => createRole({ ctx, input: { accountId: f.accountId, name: `Role ${createId()}`, permissions: ["stage.view"] } }),
  },
  {
    verb: "addRoleInheritance",
    scope: "account",
    allowed: ["owner"],
    run: async (ctx, f) => {
      const role = await createRole({ ctx: owner.ctx, input: { accountId: f.accountId, name: `Role ${createId()}`, permissions: ["stage.view"] } });
      return addRoleInheritance({ ctx, input: { roleId: role.id, inheritsRoleId: SYSTEM_ROLES.attendee.id } });
    },
  },
  { verb: "listAccountOwners", scope: "account", allowed: ["owner"], run: (ctx, f) => listAccountOwners({ ctx, input: { accountId: f.accountId } }) },
  {
    verb: "addCoOwner + removeOwner",
    scope: "account",
    allowed: ["owner"],
    run: async (ctx, f) => {
      const cohost = await makeOrganizer();
      await addCoOwner({ ctx, input: { accountId: f.accountId, email: cohost.email } });
      return removeOwner({ ctx, input: { accountId: f.accountId, userId: cohost.id } });
    },
  },
  { verb: "listAccountAudit", scope: "account", allowed: ["owner"], run: (ctx, f) => listAccountAudit({ ctx, input: { accountId: f.accountId } }) },
  { verb: "adminListUsers", scope: "platform", allowed: ["platformAdmin"], run: (ctx) => adminListUsers({ ctx, input: {} }) },
  { verb: "adminListAccounts", scope: "platform", allowed: ["platformAdmin"], run: (ctx) => adminListAccounts({ ctx, input: {} }) },
  { verb: "adminListEvents", scope: "platform", allowed: ["platformAdmin"], run: (ctx) => adminListEvents({ ctx, input: {} }) },
  { verb: "adminListAudit", scope: "platform", allowed: ["platformAdmin"], run: (ctx) => adminListAudit({ ctx, input: {} }) },
  {
    verb: "disableUser + enableUser",
    scope: "platform",
    allowed: ["platformAdmin"],
    run: async (ctx) => {
      const target = await makeOrganizer();
      await disableUser({ ctx, input: { userId: target.id } });
      return enableUser({ ctx, input: { userId: target.id } });
    },
  },
];

describe.each(ACCESS_AND_ACCOUNT_CASES)("$verb", ({ scope, allowed, run }) => {
  it.each(ACTORS)("as %s", async (actor) => {
    const f = await fixture();
    const expected = allowed.includes(actor) ? "allowed" : expectedDenial(actor, scope);
    expect(await outcome(() => run(ctxFor(actor), f))).toBe(expected);
  });
});

// ── Connection secrets, operations and check-in ────────────────────────────────────────────────────────────────────

const keyBytes = new Uint8Array(32).map((_, i) => (i * 7 + 3) % 256);
const commerceKeys = `v1:${btoa(String.fromCharCode(...keyBytes))}`;
const STAGE_MANAGERS: Actor[] = ["owner", "admin", "host"];
/** Operations are invisible to whoever may not follow them: not_found for every denied actor. */
const hidden = (actor: Actor) => (actor === "anonymous" ? "unauthenticated" : "not_found");

/** A recording of room A that its start flow completed (the session the stop is about), as the Workflow leaves it. */
async function recordedRoomA(f: Fixture): Promise<string> {
  const id = createId();
  const at = Math.floor(Date.now() / 1000);
  await testCtx()
    .db.$client.prepare(
      `INSERT INTO operations (id, kind, account_id, subject_type, subject_id, state, step, attempts, instance_id, params, created_by, created_at, updated_at, deadline_at)
       VALUES (?, 'start_recording', ?, 'room', ?, 'completed', 'done', 1, ?, '{}', ?, ?, ?, ?)`,
    )
    .bind(id, f.accountId, f.roomA, id, owner.id, at, at, at)
    .run();
  return id;
}

/** A valid ticket of the event, with its signed code (a manual order of one unit, made by the owner). */
async function ticketOf(f: Fixture): Promise<{ ticketId: string; code: string }> {
  const type = await createTicketType({ ctx: owner.ctx, input: { eventId: f.eventId, name: "Door", roomIds: [f.roomA] } });
  await createManualOrder({ ctx: owner.ctx, input: { eventId: f.eventId, email: freshEmail(), name: "Ada", ticketTypeId: type.id, quantity: 1 } });
  const ticketId = await testCtx().db.$client.prepare("SELECT id FROM tickets WHERE event_id = ? LIMIT 1").bind(f.eventId).first<string>("id");
  if (!ticketId) throw new Error("no ticket issued");
  return { ticketId, code: await ticketCodeFor(testCtx(), ticketId) };
}

const MONEY_STAGE_AND_DOOR_CASES: Case[] = [
  {
    // Account-wide: whoever holds it can sign orders for every event of the account. Owners only.
    verb: "saveRetailerConnection",
    scope: "event",
    allowed: ["owner"],
    run: (ctx, f) => saveRetailerConnection({ ctx, input: { eventId: f.eventId, retailer: "stripe", secret: `whsec_${createId()}` }, commerceKeys }),
  },
  {
    verb: "removeRetailerConnection",
    scope: "event",
    allowed: ["owner"],
    run: (ctx, f) => removeRetailerConnection({ ctx, input: { eventId: f.eventId, retailer: "stripe" } }),
  },
  {
    // Start: the operation row is made (the Workflow itself runs only in the workers app, so its start is refused here).
    verb: "startRecording",
    scope: "roomA",
    allowed: STAGE_MANAGERS,
    run: (ctx, f) => startRecording({ ctx, input: { roomId: f.roomA } }),
  },
  {
    verb: "stopRecording",
    scope: "roomA",
    allowed: STAGE_MANAGERS,
    run: async (ctx, f) => {
      await recordedRoomA(f);
      return stopRecording({ ctx, input: { roomId: f.roomA } });
    },
  },
  {
    // Follow: everyone who may manage the room's stage, through inheritance too (admin inherits host's stage.manage).
    verb: "getOperation (a recording the owner started)",
    scope: "roomA",
    allowed: STAGE_MANAGERS,
    denial: hidden,
    run: async (ctx, f) => getOperation({ ctx, input: { operationId: await recordedRoomA(f) } }),
  },
  {
    // Checking a real ticket in: allowed actors admit it; the others are refused before the ticket is touched.
    verb: "checkInTicket (a valid ticket)",
    scope: "event",
    allowed: ["owner", "admin", "host", "moderator"],
    run: async (ctx, f) => {
      const { ticketId, code } = await ticketOf(f);
      try {
        const result = await checkInTicket({ ctx, input: { eventId: f.eventId, code } });
        expect(result).toMatchObject({ status: "checked_in" });
        expect(await ticketCheckedIn(ticketId)).toBe(true);
        return result;
      } catch (error) {
        expect(await ticketCheckedIn(ticketId)).toBe(false);
        throw error;
      }
    },
  },
];

const ticketCheckedIn = async (ticketId: string) =>
  (await testCtx().db.$client.prepare("SELECT checked_in_at FROM tickets WHERE id = ?").bind(ticketId).first("checked_in_at")) !== null;

describe.each(MONEY_STAGE_AND_DOOR_CASES)("$verb", ({ scope, allowed, run, denial }) => {
  it.each(ACTORS)("as %s", async (actor) => {
    const f = await fixture();
    const expected = allowed.includes(actor) ? "allowed" : (denial ?? ((a: Actor) => expectedDenial(a, scope)))(actor);
    expect(await outcome(() => run(ctxFor(actor), f))).toBe(expected);
  });
});

describe("the account's retailer connection", () => {
  const sealedOf = (accountId: string) =>
    testCtx().db.$client.prepare("SELECT sealed_secret FROM retailer_connections WHERE account_id = ? AND retailer = 'stripe'").bind(accountId).first("sealed_secret");

  it("cannot be replaced or removed by an event admin: forbidden, and the owner's sealed secret stays as it was", async () => {
    const f = await fixture();
    await saveRetailerConnection({ ctx: owner.ctx, input: { eventId: f.eventId, retailer: "stripe", secret: "whsec_owner_secret_1" }, commerceKeys });
    const before = await sealedOf(f.accountId);
    expect(before).not.toBeNull();
    const admin = ctxFor("admin");
    await expect(
      saveRetailerConnection({ ctx: admin, input: { eventId: f.eventId, retailer: "stripe", secret: "whsec_attacker_secret" }, commerceKeys }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeRetailerConnection({ ctx: admin, input: { eventId: f.eventId, retailer: "stripe" } })).rejects.toMatchObject({ code: "forbidden" });
    expect(await sealedOf(f.accountId)).toBe(before);
    const audit = await testCtx()
      .db.$client.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE account_id = ? AND action LIKE 'retailer_connection.%' AND actor_id = ?")
      .bind(f.accountId, users.admin?.userId ?? "")
      .first<number>("n");
    expect(audit).toBe(0);
  });
});

describe("the orders page's connection settings", () => {
  it("are offered to the account's owners only: an event admin sees the orders but not the connection form", async () => {
    const f = await fixture();
    const mayConnect = async (actor: Actor) =>
      (await ordersPage({ ctx: ctxFor(actor), input: { eventId: f.eventId } })).access.permissions.has("retailers.manage");
    expect(await mayConnect("owner")).toBe(true);
    expect(await mayConnect("admin")).toBe(false);
  });
});

describe("following an operation", () => {
  it("is open to a custom role that inherits host, resolved as authorize() resolves stage.manage", async () => {
    const f = await fixture();
    const crew = await createRole({ ctx: owner.ctx, input: { accountId: f.accountId, name: `Crew ${createId()}`, inherits: [SYSTEM_ROLES.host.id] } });
    const member = await makeOrganizer();
    await grantRole({ accountId: f.accountId, eventId: f.eventId, roomId: f.roomA, userId: member.id, roleId: crew.id });
    const operationId = await recordedRoomA(f);
    expect(await getOperation({ ctx: member.ctx, input: { operationId } })).toMatchObject({ id: operationId });
    // Nobody else: a stranger gets not_found.
    const stranger = await makeOrganizer();
    await expect(getOperation({ ctx: stranger.ctx, input: { operationId } })).rejects.toMatchObject({ code: "not_found" });
  });
});

/**
 * An owner whose address is not verified yet, in their own personal account: they may run their own events, and
 * nothing that reaches other people (invitations, co-owners, a new organization).
 */
describe("unverified owner in their own account", () => {
  const OWN_CASES: { verb: string; expected: string; run: (ctx: Ctx, f: Fixture) => Promise<unknown> }[] = [
    { verb: "createEvent", expected: "allowed", run: (ctx, f) => createEvent({ ctx, input: { accountId: f.accountId, name: "Mine", ...when } }) },
    { verb: "updateEvent", expected: "allowed", run: (ctx, f) => updateEvent({ ctx, input: { eventId: f.eventId, name: "Renamed", ...when } }) },
    { verb: "createRoom", expected: "allowed", run: (ctx, f) => createRoom({ ctx, input: { eventId: f.eventId, name: "Extra", kind: "breakout" } }) },
    {
      verb: "inviteToEvent",
      expected: "forbidden",
      run: (ctx, f) => inviteToEvent({ ctx, input: { eventId: f.eventId, email: freshEmail(), roleKey: "speaker", baseUrl: BASE_URL } }),
    },
    { verb: "listInvitations", expected: "forbidden", run: (ctx, f) => listInvitations({ ctx, input: { eventId: f.eventId } }) },
    { verb: "addCoOwner", expected: "forbidden", run: (ctx, f) => addCoOwner({ ctx, input: { accountId: f.accountId, email: freshEmail() } }) },
    { verb: "createOrganizationAccount", expected: "forbidden", run: (ctx) => createOrganizationAccount({ ctx, input: { name: "Org" } }) },
  ];
  it.each(OWN_CASES)("$verb is $expected", async ({ expected, run }) => {
    const me = await makeOrganizer({ verified: false });
    const event = await createEvent({ ctx: me.ctx, input: { accountId: me.accountId, name: "Own", ...when } });
    const f = { accountId: me.accountId, eventId: event.id, roomA: "", roomB: "" };
    expect(await outcome(() => run(me.ctx, f))).toBe(expected);
  });
});
