import { apiKeys, auditLog, events } from "@greenroom/db/webapp/schema";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { grantRole, makeEvent, makeEventWithRooms, makeOrganizer, testCtx } from "../../test/factories";
import { codeOf } from "../../test/outcome";
import { SYSTEM_ROLES } from "../access";
import type { Ctx } from "../context";
import { createEvent, getEvent, listVisibleEvents, publishEvent } from "../events";
import { startRecording } from "../operations";
import { createRoom } from "../rooms";
import {
  apiKeyLooksValid,
  authenticateApiKey,
  claimIdempotencyKey,
  createApiKey,
  listApiKeys,
  mintApiKeySecret,
  revokeApiKey,
  rollApiKey,
} from ".";

const deferred: Promise<unknown>[] = [];
const defer = (task: Promise<unknown>) => {
  deferred.push(task);
};
const settle = () => Promise.all(deferred.splice(0));

/** The context a program gets after presenting `secret`, as the API Worker builds it. */
async function keyCtx(secret: string, ip = "203.0.113.9"): Promise<Ctx> {
  const caller = await authenticateApiKey({ ctx: testCtx(), input: { secret, ip }, defer });
  return testCtx({ userId: caller.userId, key: caller.key });
}

const wallTimes = { timeZone: "Europe/Berlin", startsAt: "2027-03-01T18:00", endsAt: "2027-03-01T20:00" };

describe("API key secrets", () => {
  it("have the grk_ prefix and a checksum, so a one-character typo is refused without a database read", () => {
    const secret = mintApiKeySecret();
    expect(secret).toMatch(/^grk_[0-9A-Za-z]{38}$/);
    expect(apiKeyLooksValid(secret)).toBe(true);
    const typo = `${secret.slice(0, 10)}${secret[10] === "a" ? "b" : "a"}${secret.slice(11)}`;
    expect(apiKeyLooksValid(typo)).toBe(false);
  });

  it("are stored only as a keyed hash: no column holds the secret", async () => {
    const org = await makeOrganizer();
    const key = await createApiKey({ ctx: org.ctx, input: { accountId: org.accountId, name: "CI", scopes: ["events:read"] } });
    const [row] = await testCtx().db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(JSON.stringify(row)).not.toContain(key.secret.slice(4));
    expect(row?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.display).toBe(`${key.secret.slice(0, 8)}…${key.secret.slice(-4)}`);
  });
});

describe("creating keys", () => {
  it("needs a verified address", async () => {
    const org = await makeOrganizer({ verified: false });
    expect(await codeOf(createApiKey({ ctx: org.ctx, input: { accountId: org.accountId, name: "x", scopes: ["events:read"] } }))).toBe(
      "forbidden",
    );
    expect(await testCtx().db.select().from(apiKeys).where(eq(apiKeys.userId, org.id))).toHaveLength(0);
  });

  it("in another tenant's account is not_found and writes nothing", async () => {
    const owner = await makeOrganizer();
    const stranger = await makeOrganizer();
    expect(
      await codeOf(createApiKey({ ctx: stranger.ctx, input: { accountId: owner.accountId, name: "x", scopes: ["events:read"] } })),
    ).toBe("not_found");
    expect(await testCtx().db.select().from(apiKeys).where(eq(apiKeys.accountId, owner.accountId))).toHaveLength(0);
  });

  it("refuses an expiry past a year, unknown scopes and another account's events, with field errors", async () => {
    const org = await makeOrganizer();
    const other = await makeOrganizer();
    const foreign = await makeEvent(other);
    const base = { accountId: org.accountId, name: "x", scopes: ["events:read"] };
    const tooLong = await createApiKey({ ctx: org.ctx, input: { ...base, expiresInDays: 366 } }).catch((e) => e);
    expect(tooLong.fieldErrors.expiresInDays).toBeDefined();
    const badScope = await createApiKey({ ctx: org.ctx, input: { ...base, scopes: ["admin:write"] } }).catch((e) => e);
    expect(badScope.fieldErrors.scopes).toBeDefined();
    const foreignEvent = await createApiKey({ ctx: org.ctx, input: { ...base, eventIds: [foreign.id] } }).catch((e) => e);
    expect(foreignEvent.fieldErrors.eventIds).toBeDefined();
    expect(await testCtx().db.select().from(apiKeys).where(eq(apiKeys.accountId, org.accountId))).toHaveLength(0);
  });

  it("expire after 90 days unless told otherwise, and write an audit row", async () => {
    const org = await makeOrganizer();
    const now = new Date("2026-12-03T12:00:00Z");
    const ctx = { ...org.ctx, now: () => now };
    const key = await createApiKey({ ctx, input: { accountId: org.accountId, name: "CI", scopes: ["events:read"] } });
    expect(key.expiresAt.toISOString()).toBe("2027-03-03T12:00:00.000Z");
    const audit = await testCtx().db.select().from(auditLog).where(and(eq(auditLog.targetId, key.id), eq(auditLog.action, "api_key.create")));
    expect(audit).toHaveLength(1);
  });

  it("cannot be done with an API key", async () => {
    const org = await makeOrganizer();
    const key = await createApiKey({ ctx: org.ctx, input: { accountId: org.accountId, name: "CI", scopes: ["events:write"] } });
    const ctx = await keyCtx(key.secret);
    expect(await codeOf(createApiKey({ ctx, input: { accountId: org.accountId, name: "more", scopes: ["events:write"] } }))).toBe(
      "forbidden",
    );
  });
});

describe("a key acts as its maker, never beyond its scopes", () => {
  it("lists and creates events in its account, and the owner sees the created event", async () => {
    const org = await makeOrganizer();
    const key = await createApiKey({ ctx: org.ctx, input: { accountId: org.accountId, name: "agent", scopes: ["events:write"] } });
    const ctx = await keyCtx(key.secret);
    const made = await createEvent({ ctx, input: { accountId: org.accountId, name: "Made by a program", ...wallTimes, rooms: [{ name: "Main" }] } });
    const page = await listVisibleEvents({ ctx, input: { accountId: org.accountId } });
    expect(page.events.map((e) => e.id)).toEqual([made.id]);
    expect((await getEvent({ ctx: org.ctx, input: { eventId: made.id } })).event.name).toBe("Made by a program");
  });

  it("a read-only key cannot write: forbidden, and nothing changes", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org, { rooms: [{ name: "Main", kind: "stage" }] });
    const key = await createApiKey({ ctx: org.ctx, input: { accountId: org.accountId, name: "ro", scopes: ["events:read"] } });
    const ctx = await keyCtx(key.secret);
    expect((await getEvent({ ctx, input: { eventId: event.id } })).event.id).toBe(event.id);
    expect(await codeOf(publishEvent({ ctx, input: { eventId: event.id } }))).toBe("forbidden");
    expect(await codeOf(createEvent({ ctx, input: { accountId: org.accountId, name: "x", ...wallTimes } }))).toBe("forbidden");
    const [row] = await testCtx().db.select().from(events).where(eq(events.id, event.id));
    expect(row?.status).toBe("draft");
  });

  it("a key limited to one event finds every other event of the account not_found", async () => {
    const org = await makeOrganizer();
    const allowed = await makeEvent(org);
    const other = await makeEvent(org);
    const key = await createApiKey({
      ctx: org.ctx,
      input: { accountId: org.accountId, name: "one event", scopes: ["events:write"], eventIds: [allowed.id] },
    });
    const ctx = await keyCtx(key.secret);
    expect(await codeOf(getEvent({ ctx, input: { eventId: other.id } }))).toBe("not_found");
    expect(await codeOf(createRoom({ ctx, input: { eventId: other.id, name: "Sneaky" } }))).toBe("not_found");
    expect(await codeOf(createEvent({ ctx, input: { accountId: org.accountId, name: "x", ...wallTimes } }))).toBe("not_found");
    expect((await listVisibleEvents({ ctx, input: { accountId: org.accountId } })).events.map((e) => e.id)).toEqual([allowed.id]);
    expect((await createRoom({ ctx, input: { eventId: allowed.id, name: "Fine" } })).name).toBe("Fine");
  });

  it("a key of one account cannot reach its maker's other account", async () => {
    const org = await makeOrganizer();
    const key = await createApiKey({ ctx: org.ctx, input: { accountId: org.accountId, name: "a", scopes: ["events:write"] } });
    const second = await makeEvent(org);
    // The maker also owns a second account's event, through a co-owned account made by someone else.
    const friend = await makeOrganizer();
    const friendsEvent = await makeEvent(friend);
    await testCtx().db.run(
      sql`INSERT INTO account_ownership (account_id, user_id, created_at) VALUES (${friend.accountId}, ${org.id}, 0)`,
    );
    const ctx = await keyCtx(key.secret);
    expect((await getEvent({ ctx, input: { eventId: second.id } })).event.id).toBe(second.id);
    expect(await codeOf(getEvent({ ctx, input: { eventId: friendsEvent.id } }))).toBe("not_found");
    expect(await codeOf(listVisibleEvents({ ctx, input: { accountId: friend.accountId } }))).toBe("not_found");
  });

  it("a speaker's key sees only the room of the speaker's grant, and loses it the moment the grant goes", async () => {
    const { owner, event, main: stage, side: hallway } = await makeEventWithRooms();
    const speaker = await makeOrganizer();
    const grant = await grantRole({ accountId: owner.accountId, userId: speaker.id, eventId: event.id, roomId: stage.id, roleId: SYSTEM_ROLES.speaker.id });
    const key = await createApiKey({ ctx: speaker.ctx, input: { accountId: owner.accountId, name: "speaker", scopes: ["events:read"] } });
    const ctx = await keyCtx(key.secret);
    const seen = await getEvent({ ctx, input: { eventId: event.id } });
    expect(seen.rooms.map((r) => r.id)).toEqual([stage.id]);
    expect(seen.rooms.map((r) => r.id)).not.toContain(hallway.id);
    expect((await listVisibleEvents({ ctx, input: { accountId: owner.accountId } })).events.map((e) => e.id)).toEqual([event.id]);
    await testCtx().db.run(sql`DELETE FROM access_grants WHERE id = ${grant.id}`);
    expect(await codeOf(getEvent({ ctx, input: { eventId: event.id } }))).toBe("not_found");
    expect((await listVisibleEvents({ ctx, input: { accountId: owner.accountId } })).events).toEqual([]);
  });

  it("a key without the recording scope cannot start a recording, even for an owner", async () => {
    const { owner, main } = await makeEventWithRooms();
    const key = await createApiKey({ ctx: owner.ctx, input: { accountId: owner.accountId, name: "events", scopes: ["events:write"] } });
    const ctx = await keyCtx(key.secret);
    expect(await codeOf(startRecording({ ctx, input: { roomId: main.id } }))).toBe("forbidden");
    const ops = await testCtx().db.run(sql`SELECT id FROM operations WHERE subject_id = ${main.id}`);
    expect(ops.results).toHaveLength(0);
  });
});

describe("revoking, expiring and rolling", () => {
  it("a revoked key is refused at once, and the refusal is audited", async () => {
    const org = await makeOrganizer();
    const key = await createApiKey({ ctx: org.ctx, input: { accountId: org.accountId, name: "x", scopes: ["events:read"] } });
    await keyCtx(key.secret);
    await revokeApiKey({ ctx: org.ctx, input: { keyId: key.id } });
    expect(await codeOf(keyCtx(key.secret))).toBe("unauthenticated");
    await settle();
    const refused = await testCtx().db.select().from(auditLog).where(and(eq(auditLog.targetId, key.id), eq(auditLog.action, "api_key.refused")));
    expect(refused).toHaveLength(1);
    expect(refused[0]?.after).toMatchObject({ reason: "revoked", ip: "203.0.113.0/24" });
  });

  it("a key revoked after it was authenticated (a cached caller) can neither read nor write", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org);
    const key = await createApiKey({ ctx: org.ctx, input: { accountId: org.accountId, name: "x", scopes: ["events:write"] } });
    const ctx = await keyCtx(key.secret);
    await revokeApiKey({ ctx: org.ctx, input: { keyId: key.id } });
    expect(await codeOf(createRoom({ ctx, input: { eventId: event.id, name: "After revoke" } }))).toBe("not_found");
    expect(await codeOf(getEvent({ ctx, input: { eventId: event.id } }))).toBe("not_found");
    expect(await codeOf(listVisibleEvents({ ctx, input: { accountId: org.accountId } }))).toBe("unauthenticated");
    const { rooms } = await getEvent({ ctx: org.ctx, input: { eventId: event.id } });
    expect(rooms.map((r) => r.name)).not.toContain("After revoke");
  });

  it("an expired key is refused", async () => {
    const org = await makeOrganizer();
    const key = await createApiKey({ ctx: org.ctx, input: { accountId: org.accountId, name: "x", scopes: ["events:read"], expiresInDays: 1 } });
    const later = testCtx(null, () => new Date(Date.now() + 2 * 86_400_000));
    expect(await codeOf(authenticateApiKey({ ctx: later, input: { secret: key.secret }, defer }))).toBe("unauthenticated");
  });

  it("another tenant cannot revoke a key: not_found, and the key still works", async () => {
    const org = await makeOrganizer();
    const stranger = await makeOrganizer();
    const key = await createApiKey({ ctx: org.ctx, input: { accountId: org.accountId, name: "x", scopes: ["events:read"] } });
    expect(await codeOf(revokeApiKey({ ctx: stranger.ctx, input: { keyId: key.id } }))).toBe("not_found");
    expect((await listApiKeys({ ctx: stranger.ctx, input: {} })).map((k) => k.id)).not.toContain(key.id);
    await keyCtx(key.secret);
  });

  it("rolling keeps the old secret working for the grace period only", async () => {
    const org = await makeOrganizer();
    const key = await createApiKey({ ctx: org.ctx, input: { accountId: org.accountId, name: "x", scopes: ["events:read"] } });
    const rolled = await rollApiKey({ ctx: org.ctx, input: { keyId: key.id, graceHours: 1 } });
    expect(rolled.secret).not.toBe(key.secret);
    await keyCtx(rolled.secret);
    await keyCtx(key.secret);
    const inTwoHours = testCtx(null, () => new Date(Date.now() + 2 * 3_600_000));
    expect(await codeOf(authenticateApiKey({ ctx: inTwoHours, input: { secret: key.secret }, defer }))).toBe("unauthenticated");
    await authenticateApiKey({ ctx: inTwoHours, input: { secret: rolled.secret }, defer });
  });

  it("records the last use with the caller's network, not the whole address", async () => {
    const org = await makeOrganizer();
    const key = await createApiKey({ ctx: org.ctx, input: { accountId: org.accountId, name: "x", scopes: ["events:read"] } });
    await keyCtx(key.secret, "198.51.100.77");
    await settle();
    const [listed] = await listApiKeys({ ctx: org.ctx, input: { accountId: org.accountId } });
    expect(listed?.lastUsedIp).toBe("198.51.100.0/24");
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe("Idempotency-Key claims", () => {
  it("twenty concurrent claims of one key: exactly one runs", async () => {
    const org = await makeOrganizer();
    const key = await createApiKey({ ctx: org.ctx, input: { accountId: org.accountId, name: "x", scopes: ["events:write"] } });
    const claims = await Promise.all(Array.from({ length: 20 }, () => claimIdempotencyKey(testCtx(), key.id, "same-key", "POST /x")));
    expect(claims.filter((c) => c.kind === "claimed")).toHaveLength(1);
    expect(claims.filter((c) => c.kind === "in_progress")).toHaveLength(19);
    expect((await claimIdempotencyKey(testCtx(), key.id, "same-key", "POST /other")).kind).toBe("mismatch");
  });
});
