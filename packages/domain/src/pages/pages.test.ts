import { webappDb } from "@greenroom/db/webapp/client";
import { env } from "cloudflare:workers";
import { auditLog, invitations, mailOutbox } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { countingD1 } from "../../test/counting-d1";
import { makeCustomRole, makeEventWithRooms, makeGrant, makeInvitation, makeOrganizer, makePendingInvitee } from "../../test/factories";
import { codeOf } from "../../test/outcome";
import { createOrganizationAccount, listAccountOwners, listMyAccounts } from "../accounts";
import { listAccountAudit } from "../audit";
import type { Ctx } from "../context";
import { getEvent, listEvents, listSharedEvents } from "../events";
import { listEventGrants, listGrantableRoles } from "../grants";
import { inviteToEvent, listInvitations } from "../invitations";
import { outboxMailer } from "../mail";
import { listRoles } from "../roles";
import { listParticipants, participantFilters } from "../participants";
import { getRoom } from "../rooms";
import { getStageTimeline } from "../stage";
import { accessPage, accountAuditPage, accountPage, accountRolesPage, eventPage, eventsOverview, participantsPage, roomPage } from ".";

/** Runs `load` with the actor's context on a counted D1 binding; returns its result and its round trips. */
async function counted<T>(ctx: Ctx, load: (ctx: Ctx) => Promise<T>): Promise<{ value: T; roundTrips: number }> {
  const d1 = countingD1(env.WEBAPP_DB);
  const counting = webappDb(d1.db);
  const value = await load({ ...ctx, db: counting, mail: outboxMailer(counting, ctx.now) });
  return { value, roundTrips: d1.roundTrips() };
}

const db = () => webappDb(env.WEBAPP_DB);

async function setUp() {
  const { owner, event, main, side } = await makeEventWithRooms();
  const org = await createOrganizationAccount({ ctx: owner.ctx, input: { name: "Second org" } });
  const speaker = await makeOrganizer({ name: "Speaker" });
  await makeGrant(event, speaker, { roleId: "role_speaker", roomId: side.id });
  const host = await makeOrganizer({ name: "Event admin" });
  await makeGrant(event, host, { roleId: "role_admin" });
  await makeInvitation(owner, { eventId: event.id, email: "guest@example.test" });
  await makePendingInvitee(event);
  // Someone else's event, shared with the owner.
  const other = await makeEventWithRooms();
  await makeGrant(other.event, owner, { roleId: "role_attendee" });
  const stranger = await makeOrganizer({ name: "Stranger" });
  return { owner, event, main, side, org, speaker, host, other, stranger };
}

let world: Awaited<ReturnType<typeof setUp>>;
beforeAll(async () => {
  world = await setUp();
});

describe("page-data verbs: each page's reads in one D1 round trip, the same data as the verbs they replace", () => {
  it("eventsOverview: accounts, the chosen account's events and shared events", async () => {
    const { owner, event, org, other } = world;
    const { value, roundTrips } = await counted(owner.ctx, (ctx) => eventsOverview({ ctx, input: {} }));
    expect(roundTrips).toBe(1);
    expect(value.accounts).toEqual(await listMyAccounts({ ctx: owner.ctx }));
    expect(value.account?.id).toBe(owner.accountId);
    expect(value.events).toEqual(await listEvents({ ctx: owner.ctx, input: { accountId: owner.accountId } }));
    expect(value.events.map((e) => e.id)).toEqual([event.id]);
    expect(value.shared).toEqual(await listSharedEvents({ ctx: owner.ctx }));
    expect(value.shared.map((e) => e.id)).toEqual([other.event.id]);

    const chosen = await eventsOverview({ ctx: owner.ctx, input: { accountId: org.id } });
    expect(chosen.account?.id).toBe(org.id);
    expect(chosen.events).toEqual([]);
    // An account the actor does not own is ignored, never read.
    const foreign = await eventsOverview({ ctx: owner.ctx, input: { accountId: other.owner.accountId } });
    expect(foreign.account?.id).toBe(owner.accountId);
    expect(foreign.events.map((e) => e.id)).toEqual([event.id]);
  });

  it("eventPage: the event, visible rooms and permissions, as getEvent", async () => {
    const { owner, event, speaker, side, stranger } = world;
    for (const actor of [owner, speaker]) {
      const { value, roundTrips } = await counted(actor.ctx, (ctx) => eventPage({ ctx, input: { eventId: event.id } }));
      expect(roundTrips).toBe(1);
      // The archived rooms (for editors' "Restore") are read in the same batch; none are archived here.
      const { archivedRooms, setup, ...shell } = value;
      expect(archivedRooms).toEqual([]);
      // The setup checklist's counts are the publisher's only.
      expect(setup).toEqual(actor === owner ? { ticketTypes: 0, invitations: expect.any(Number) } : null);
      expect(shell).toEqual(await getEvent({ ctx: actor.ctx, input: { eventId: event.id } }));
    }
    const seen = await eventPage({ ctx: speaker.ctx, input: { eventId: event.id } });
    expect(seen.rooms.map((r) => r.id)).toEqual([side.id]);
    expect(await codeOf(eventPage({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
    expect(await codeOf(eventPage({ ctx: owner.ctx, input: { eventId: "" } }))).toBe("invalid");
  });

  it("accessPage: roles, invitations and grants, as the four verbs it replaces; access.manage only", async () => {
    const { owner, event, host, speaker, stranger } = world;
    for (const actor of [owner, host]) {
      const { value, roundTrips } = await counted(actor.ctx, (ctx) => accessPage({ ctx, input: { eventId: event.id } }));
      expect(roundTrips).toBe(1);
      const input = { eventId: event.id };
      const shell = await getEvent({ ctx: actor.ctx, input });
      expect(value.event).toEqual(shell.event);
      expect(value.rooms).toEqual(shell.rooms);
      expect(value.roles).toEqual(await listGrantableRoles({ ctx: actor.ctx, input }));
      expect(value.invitations).toEqual(await listInvitations({ ctx: actor.ctx, input }));
      expect(value.grants).toEqual(await listEventGrants({ ctx: actor.ctx, input }));
    }
    const own = await accessPage({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(own.invitations.length).toBe(2);
    expect(own.grants.length).toBe(2);
    // A room speaker sees the event but may not manage it (the page answers 404 to both).
    expect(await codeOf(accessPage({ ctx: speaker.ctx, input: { eventId: event.id } }))).toBe("forbidden");
    expect(await codeOf(accessPage({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
  });

  it("participantsPage: a page of the list and the filter options, as listParticipants and participantFilters", async () => {
    const { owner, event, stranger, speaker } = world;
    const input = { eventId: event.id, limit: 2 };
    const { value, roundTrips } = await counted(owner.ctx, (ctx) => participantsPage({ ctx, input }));
    expect(roundTrips).toBe(1);
    expect(value.page).toEqual(await listParticipants({ ctx: owner.ctx, input }));
    expect(value.page.nextCursor).not.toBeNull();
    expect(value.options).toEqual(await participantFilters({ ctx: owner.ctx, input: { eventId: event.id } }));
    const next = await participantsPage({ ctx: owner.ctx, input: { ...input, after: value.page.nextCursor ?? "" } });
    expect(next.page).toEqual(
      await listParticipants({ ctx: owner.ctx, input: { ...input, after: value.page.nextCursor ?? "" } }),
    );
    expect(await codeOf(participantsPage({ ctx: owner.ctx, input: { eventId: event.id, status: "banned" } }))).toBe("invalid");
    expect(await codeOf(participantsPage({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
    expect(await codeOf(participantsPage({ ctx: speaker.ctx, input: { eventId: event.id } }))).toBe("forbidden");
  });

  it("roomPage: the room and its event in one round trip, the stage timeline in one RPC call", async () => {
    const { owner, main, side, speaker, stranger } = world;
    const { value, roundTrips } = await counted(owner.ctx, (ctx) =>
      roomPage({ ctx, input: { roomId: main.id, permission: "stage.view" } }),
    );
    expect(roundTrips).toBe(1);
    const room = await getRoom({ ctx: owner.ctx, input: { roomId: main.id }, permission: "stage.view" });
    expect({ room: value.room, event: value.event, access: value.access }).toEqual(room);
    expect(value.timeline).toEqual(await getStageTimeline({ ctx: owner.ctx, input: { roomId: main.id } }));
    const entered = await roomPage({ ctx: speaker.ctx, input: { roomId: side.id } });
    expect(entered.room.id).toBe(side.id);
    expect(await codeOf(roomPage({ ctx: speaker.ctx, input: { roomId: main.id } }))).toBe("not_found");
    expect(await codeOf(roomPage({ ctx: stranger.ctx, input: { roomId: main.id } }))).toBe("not_found");
  });

  it("accountPage and accountAuditPage: the chosen owned account, its owners and its log", async () => {
    const { owner, org, stranger, other } = world;
    const { value, roundTrips } = await counted(owner.ctx, (ctx) => accountPage({ ctx, input: {} }));
    expect(roundTrips).toBe(1);
    expect(value.accounts).toEqual(await listMyAccounts({ ctx: owner.ctx }));
    expect(value.account?.id).toBe(owner.accountId);
    expect(value.owners).toEqual(await listAccountOwners({ ctx: owner.ctx, input: { accountId: owner.accountId } }));
    expect((await accountPage({ ctx: owner.ctx, input: { accountId: org.id } })).account?.id).toBe(org.id);
    // Someone else's account id is ignored: the actor's own account is shown.
    const foreign = await accountPage({ ctx: owner.ctx, input: { accountId: other.owner.accountId } });
    expect(foreign.account?.id).toBe(owner.accountId);
    expect(foreign.owners.map((o) => o.userId)).toEqual([owner.id]);

    const audit = await counted(owner.ctx, (ctx) => accountAuditPage({ ctx, input: { accountId: org.id } }));
    expect(audit.roundTrips).toBe(1);
    expect(audit.value.page).toEqual(await listAccountAudit({ ctx: owner.ctx, input: { accountId: org.id } }));
    expect(audit.value.page.entries.length).toBeGreaterThan(0);
    expect(await codeOf(accountAuditPage({ ctx: owner.ctx, input: { before: "nonsense" } }))).toBe("invalid");
    // Another organizer sees only their own account.
    const theirs = await accountPage({ ctx: stranger.ctx, input: { accountId: owner.accountId } });
    expect(theirs.accounts.map((a) => a.id)).toEqual([stranger.accountId]);
    expect(theirs.owners.map((o) => o.userId)).toEqual([stranger.id]);
  });

  it("accountRolesPage: the chosen owned account's roles, as listRoles", async () => {
    const { owner, org, other } = world;
    await makeCustomRole(org.id, "usher", ["event.view", "room.enter"], "Usher");
    const { value, roundTrips } = await counted(owner.ctx, (ctx) => accountRolesPage({ ctx, input: { accountId: org.id } }));
    expect(roundTrips).toBe(1);
    expect(value.account?.id).toBe(org.id);
    expect(value.roles).toEqual(await listRoles({ ctx: owner.ctx, input: { accountId: org.id } }));
    expect(value.roles.some((r) => r.name === "Usher")).toBe(true);
    // Someone else's account id is ignored: the actor's own account and its roles are shown.
    const foreign = await accountRolesPage({ ctx: owner.ctx, input: { accountId: other.owner.accountId } });
    expect(foreign.account?.id).toBe(owner.accountId);
    expect(foreign.roles.some((r) => r.name === "Usher")).toBe(false);
  });
});

describe("write verbs in one D1 round trip", () => {
  it("inviteToEvent: authorization, checks, invitation, audit, pending profile and the local mail in one batch", async () => {
    const { owner, event, side } = world;
    const email = "one-trip@example.test";
    const baseUrl = "https://greenroom.example";
    const { value, roundTrips } = await counted(owner.ctx, (ctx) =>
      inviteToEvent({ ctx, input: { eventId: event.id, roomId: side.id, email, roleKey: "speaker", baseUrl } }),
    );
    expect(roundTrips).toBe(1);
    expect(value.mailSent).toBe(true);
    const [mail] = await db().select().from(mailOutbox).where(eq(mailOutbox.to, email));
    expect(mail?.subject).toBe(`You're invited to ${event.name}`);
    expect(mail?.text).toContain(`as Speaker in the room “${side.name}”.`);
    expect(mail?.text).toContain(value.acceptUrl);
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.targetId, value.invitation.id));
    expect(audit?.accountId).toBe(owner.accountId);
    expect(audit?.after).toEqual({ email, eventId: event.id, roomId: side.id, roleId: "role_speaker", status: "pending" });
  });

  it("inviteToEvent refused in the batch writes nothing: no invitation, audit row or mail", async () => {
    const { owner, event } = world;
    // Holds access.manage but not the speaker role's permissions, so may not hand it out.
    const role = await makeCustomRole(owner.accountId, "gatekeeper", ["event.view", "access.manage"], "Gatekeeper");
    const keeper = await makeOrganizer({ name: "Gatekeeper" });
    await makeGrant(event, keeper, { roleId: role.id });
    const email = "refused@example.test";
    const input = { eventId: event.id, email, roleKey: "speaker", baseUrl: "https://greenroom.example" };
    expect(await codeOf(inviteToEvent({ ctx: keeper.ctx, input }))).toBe("forbidden");
    expect(await codeOf(inviteToEvent({ ctx: world.stranger.ctx, input }))).toBe("not_found");
    expect(await db().select().from(invitations).where(eq(invitations.email, email))).toEqual([]);
    expect(await db().select().from(mailOutbox).where(eq(mailOutbox.to, email))).toEqual([]);
    expect(await db().select().from(auditLog).where(eq(auditLog.actorId, keeper.id))).toEqual([]);
    // What the role allows goes through: a role no stronger than the gatekeeper's own.
    const door = await makeCustomRole(owner.accountId, "door", ["event.view"], "Door");
    const sent = await inviteToEvent({ ctx: keeper.ctx, input: { ...input, roleKey: undefined, roleId: door.id } });
    expect(sent.invitation.roleId).toBe(door.id);
  });
});
