import { compileSql } from "@greenroom/db/raw";
import { webappDb } from "@greenroom/db/webapp/client";
import { createId } from "@paralleldrive/cuid2";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { countingD1 } from "../../test/counting-d1";
import { makeEvent, makeGrant, makeOrganizer, makePendingInvitee, testCtx } from "../../test/factories";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { getEvent } from "../events";
import { exportParticipantsCsv, listParticipants, type ParticipantEntry, participantFilters } from ".";
import { participantsPageQuery } from "./query";
import { encodeCursor } from "./schemas";
import { codeOf, untyped } from "../../test/outcome";

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
type Expected = { entryId: string; createdAt: Date; email: string };
// Keyset order: newest first, ties broken by entry id (binary order, as SQLite compares text).
const keysetOrder = (a: Expected, b: Expected) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.entryId < b.entryId ? 1 : a.entryId > b.entryId ? -1 : 0);

async function allPages(ctx: Ctx, input: Parameters<typeof listParticipants>[0]["input"], limit: number) {
  const pages: ParticipantEntry[][] = [];
  let after: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await listParticipants({ ctx, input: { ...input, limit, after } });
    pages.push(page.entries);
    if (!page.nextCursor) break;
    after = page.nextCursor;
  }
  return pages;
}

async function setUp() {
  const owner = await makeOrganizer();
  const event = await makeEvent(owner, {
    rooms: [
      { name: "Main stage", kind: "stage" },
      { name: "Workshop", kind: "breakout" },
    ],
  });
  const { rooms } = await getEvent({ ctx: owner.ctx, input: { eventId: event.id } });
  const [main, workshop] = rooms.map((r) => r.id) as [string, string];
  const tag = createId().slice(0, 8);
  const alice = await makeOrganizer({ name: "Alice Archer", email: `alice-${tag}@example.test` });
  const bob = await makeOrganizer({ name: "Bob, Jr.", email: `bob-${tag}@example.test` });
  const carol = await makeOrganizer({ name: "=SUM(A1:A2)", email: `carol-${tag}@example.test` });
  const dave = await makeOrganizer({ name: "Dave Diaz", email: `dave-${tag}@example.test` });
  const erin = await makeOrganizer({ name: "Erin Evans", email: `erin-${tag}@example.test` });
  const grants = [
    { user: alice, grant: await makeGrant(event, alice, { roomId: main, createdAt: at(1) }) },
    { user: bob, grant: await makeGrant(event, bob, { roleId: "role_speaker", createdAt: at(2) }) },
    { user: carol, grant: await makeGrant(event, carol, { roleId: "role_moderator", createdAt: at(3) }) },
    { user: dave, grant: await makeGrant(event, dave, { roomId: workshop, createdAt: at(3) }) },
    { user: erin, grant: await makeGrant(event, erin, { createdAt: at(4) }) },
  ];
  const invitees = [
    await makePendingInvitee(event, { email: `pat-${tag}@example.test`, roleId: "role_speaker", roomId: main, createdAt: at(5) }),
    await makePendingInvitee(event, { email: `quinn-${tag}@example.test`, createdAt: at(5) }),
  ];
  const all: Expected[] = [
    ...grants.map(({ user, grant }) => ({ entryId: grant.id, createdAt: grant.createdAt, email: user.email })),
    ...invitees.map((p) => ({ entryId: p.id, createdAt: p.createdAt, email: p.email })),
  ].sort(keysetOrder);
  return { owner, event, main, workshop, alice, bob, carol, dave, erin, all, tag };
}

let world: Awaited<ReturnType<typeof setUp>>;
beforeAll(async () => {
  world = await setUp();
});

const emailsOf = (entries: ParticipantEntry[]) => entries.map((e) => e.email);

describe("listParticipants", () => {
  it("pages newest first with no duplicates or gaps (7 rows, limit 3 → 3, 3, 1)", async () => {
    const { owner, event, all } = world;
    const pages = await allPages(owner.ctx, { eventId: event.id }, 3);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((e) => e.entryId)).toEqual(all.map((e) => e.entryId));
    const first = await listParticipants({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(first.nextCursor).toBeNull();
    expect(first.entries).toHaveLength(7);
  });

  it("maps members and pending invitees to typed entries", async () => {
    const { owner, event, alice, main, tag } = world;
    const { entries } = await listParticipants({ ctx: owner.ctx, input: { eventId: event.id } });
    const a = entries.find((e) => e.email === alice.email);
    expect(a).toMatchObject({
      status: "member",
      userId: alice.id,
      name: "Alice Archer",
      roleId: "role_attendee",
      roleName: "Attendee",
      roomId: main,
      roomName: "Main stage",
      createdAt: at(1),
    });
    expect(entries.find((e) => e.email === `quinn-${tag}@example.test`)).toMatchObject({
      status: "pending",
      userId: null,
      name: null,
      roomId: null,
      roomName: null,
    });
  });

  it("filters by role, room, status and search, also across pages", async () => {
    const { owner, event, main, alice, bob, carol, dave, erin, tag, all } = world;
    const list = async (filters: Record<string, unknown>, limit = 2) =>
      emailsOf((await allPages(owner.ctx, { eventId: event.id, ...filters }, limit)).flat());
    const pat = `pat-${tag}@example.test`;
    const quinn = `quinn-${tag}@example.test`;
    expect(await list({ roleId: "role_attendee" })).toEqual([quinn, erin.email, dave.email, alice.email]);
    expect(await list({ roomId: main })).toEqual([pat, alice.email]);
    expect(await list({ roomId: "event" })).toEqual([quinn, erin.email, carol.email, bob.email]);
    const inOrder = (emails: string[]) => all.map((e) => e.email).filter((email) => emails.includes(email));
    expect(await list({ status: "pending" })).toEqual(inOrder([pat, quinn]));
    expect(await list({ status: "member" })).toEqual(inOrder([alice, bob, carol, dave, erin].map((u) => u.email)));
    expect(await list({ q: "BOB, j" })).toEqual([bob.email]);
    expect(await list({ q: `ALICE-${tag}` })).toEqual([alice.email]);
    expect(await list({ q: `lice-${tag}` })).toEqual([]);
    expect(await list({ q: "%" })).toEqual([]);
    expect(await list({ q: "_" })).toEqual([]);
    expect(await list({ q: "  " }, 10)).toHaveLength(7);
    expect(await list({ roleId: "role_speaker", roomId: main, status: "pending" })).toEqual([pat]);
  });

  it("answers another tenant's organizer with not_found", async () => {
    const { event } = world;
    const stranger = await makeOrganizer();
    expect(await codeOf(listParticipants({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
    expect(await codeOf(participantFilters({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
    expect(await codeOf(exportParticipantsCsv({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
    expect(await codeOf(listParticipants({ ctx: testCtx(null), input: { eventId: event.id } }))).toBe("unauthenticated");
  });

  it("forbids an attendee, who may see the event but not its participants", async () => {
    const { event, erin } = world;
    expect(await codeOf(listParticipants({ ctx: erin.ctx, input: { eventId: event.id } }))).toBe("forbidden");
    expect(await codeOf(exportParticipantsCsv({ ctx: erin.ctx, input: { eventId: event.id } }))).toBe("forbidden");
  });

  it("lets a moderator list participants but not export them", async () => {
    const { event, carol } = world;
    const page = await listParticipants({ ctx: carol.ctx, input: { eventId: event.id } });
    expect(page.entries).toHaveLength(7);
    expect(page.access.permissions.has("participants.export")).toBe(false);
    expect((await participantFilters({ ctx: carol.ctx, input: { eventId: event.id } })).event.id).toBe(event.id);
    expect(await codeOf(exportParticipantsCsv({ ctx: carol.ctx, input: { eventId: event.id } }))).toBe("forbidden");
  });

  it("rejects a malformed cursor or limit as invalid", async () => {
    const { owner, event } = world;
    const b64 = (text: string) => btoa(text).replace(/=+$/, "");
    for (const after of ["not a cursor!", "", b64("[1]"), b64('["x","y"]'), b64("{"), b64("[-5,\"a\"]"), "A".repeat(500)]) {
      const error = await listParticipants({ ctx: owner.ctx, input: { eventId: event.id, after } }).catch((e: unknown) => e);
      expect(error, after).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("invalid");
      expect(Object.keys((error as DomainError).fieldErrors ?? {})).toEqual(["after"]);
    }
    expect(await codeOf(listParticipants({ ctx: owner.ctx, input: { eventId: event.id, limit: 201 } }))).toBe("invalid");
    expect(await codeOf(listParticipants({ ctx: owner.ctx, input: untyped({ eventId: event.id, status: "banned" }) }))).toBe("invalid");
  });

  it("reads a page in one D1 round trip", async () => {
    const { owner, event, all } = world;
    const counted = countingD1(env.WEBAPP_DB);
    const ctx: Ctx = { ...owner.ctx, db: webappDb(counted.db) };
    const after = encodeCursor({ createdAt: Math.floor((all[2]?.createdAt.getTime() ?? 0) / 1000), entryId: all[2]?.entryId ?? "" });
    const page = await listParticipants({ ctx, input: { eventId: event.id, after, limit: 3, q: "e" } });
    expect(page.entries.length).toBeGreaterThan(0);
    expect(counted.roundTrips()).toBe(1);
  });

  it("walks both order indexes from the cursor without sorting the event", async () => {
    const { event } = world;
    const built = compileSql(
      participantsPageQuery({ eventId: event.id, q: "a", roomId: "event" }, { createdAt: 1_767_225_600, entryId: "x" }, 51),
    );
    const { results } = await env.WEBAPP_DB.prepare(`EXPLAIN QUERY PLAN ${built.sql}`)
      .bind(...built.params)
      .all<{ detail: string }>();
    const plan = results.map((r) => r.detail).join("\n");
    expect(plan).toContain("SEARCH g USING INDEX access_grants_event_order_idx (event_id=? AND (created_at,id)<(?,?))");
    expect(plan).toContain("SEARCH p USING INDEX pending_profiles_event_order_idx (event_id=? AND (created_at,id)<(?,?))");
    expect(plan).not.toMatch(/TEMP B-TREE|SCAN/);
  });
});

describe("participantFilters", () => {
  it("offers the event, the grantable roles and the event's rooms", async () => {
    const { owner, event, main, workshop } = world;
    const filters = await participantFilters({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(filters.event).toMatchObject({ id: event.id, name: event.name, slug: event.slug, timeZone: event.timeZone });
    expect(filters.roles.map((r) => r.id)).toEqual(["role_admin", "role_host", "role_moderator", "role_speaker", "role_attendee"]);
    expect(filters.rooms.map((r) => r.id)).toEqual([main, workshop]);
  });
});

describe("exportParticipantsCsv", () => {
  const csvLines = async (body: ReadableStream<Uint8Array>) => (await new Response(body).text()).split("\n").filter(Boolean);

  it("exports a header and one quoted, formula-safe line per participant", async () => {
    const { owner, event, all, bob, carol } = world;
    const { filename, body } = await exportParticipantsCsv({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(filename).toBe(`participants-${event.slug}.csv`);
    const lines = await csvLines(body);
    expect(lines[0]).toBe("email,name,status,role,room,granted_at");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(all.map((e) => e.email));
    expect(lines).toContain(`${bob.email},"Bob, Jr.",member,Speaker,All rooms,2026-01-01T00:00:02.000Z`);
    expect(lines).toContain(`${carol.email},'=SUM(A1:A2),member,Moderator,All rooms,2026-01-01T00:00:03.000Z`);
  });

  it("applies the list's filters", async () => {
    const { owner, event, tag } = world;
    const { body } = await exportParticipantsCsv({ ctx: owner.ctx, input: { eventId: event.id, status: "pending" } });
    const lines = await csvLines(body);
    expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual([`pat-${tag}@example.test`, `quinn-${tag}@example.test`]);
  });

  it("walks every page of a large event once", async () => {
    const owner = await makeOrganizer();
    const event = await makeEvent(owner);
    const total = 2345;
    // Every 7th shares its second with the next, so page boundaries fall inside ties too.
    await env.WEBAPP_DB.batch([
      env.WEBAPP_DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO invitations (id, account_id, event_id, email, role_id, token_hash, expires_at, last_sent_at, created_at)
         SELECT ?2 || '-inv-' || i, ?3, ?2, 'bulk' || i || '@example.test', 'role_attendee', ?2 || '-tok-' || i, 1900000000,
                1767225600, 1767225600 + i - i / 7
         FROM n`,
      ).bind(total, event.id, owner.accountId),
      env.WEBAPP_DB.prepare(
        `INSERT INTO pending_profiles (id, account_id, event_id, invitation_id, email, role_id, created_at)
         SELECT id || '-pp', account_id, event_id, id, email, role_id, created_at FROM invitations WHERE event_id = ?1`,
      ).bind(event.id),
    ]);
    const { body } = await exportParticipantsCsv({ ctx: owner.ctx, input: { eventId: event.id } });
    const emails = (await csvLines(body)).slice(1).map((l) => l.split(",")[0]);
    expect(emails).toHaveLength(total);
    expect(new Set(emails).size).toBe(total);
  });
});
