import { sessionsDb } from "@greenroom/db/sessions/client";
import { stageEvents } from "@greenroom/db/sessions/schema";
import { auditLog, users } from "@greenroom/db/webapp/schema";
import { logStatement } from "@greenroom/stage";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { makeEvent, makeOrganizer, testCtx } from "../../test/factories";
import { codeOf, failure } from "../../test/outcome";
import { getEvent } from "../events";
import { getStageTimeline, putOnStage } from "../stage";
import { adminSessionLogs, adminShardsPage, pinAccountToShard, registerShard, setShardMode } from ".";

const shardDbs = { "0000": env.SESSIONS_DB_0000, "0001": env.SESSIONS_DB_0001 } as const;

const shardOf = async (accountId: string) =>
  (await env.WEBAPP_DB.prepare("SELECT shard_id, pinned FROM account_shards WHERE account_id = ?").bind(accountId).first<{
    shard_id: string;
    pinned: number;
  }>()) ?? null;

const modes = async () =>
  Object.fromEntries(
    (await env.WEBAPP_DB.prepare("SELECT id, mode FROM shards ORDER BY id").all<{ id: string; mode: string }>()).results.map((r) => [
      r.id,
      r.mode,
    ]),
  );

const auditFor = async (targetId: string) =>
  (await testCtx().db.select().from(auditLog).where(eq(auditLog.targetId, targetId))).map((r) => r.action);

async function makeAdmin() {
  const admin = await makeOrganizer({ name: "Platform Admin" });
  await testCtx().db.update(users).set({ platformRole: "admin" }).where(eq(users.id, admin.id));
  return admin;
}

/** An organizer with an event and its room; nothing on the sessions side yet (the account is not assigned). */
async function organizerWithRoom() {
  const org = await makeOrganizer();
  const event = await makeEvent(org);
  const { rooms } = await getEvent({ ctx: org.ctx, input: { eventId: event.id } });
  return { org, eventId: event.id, roomId: rooms[0]?.id ?? "" };
}

/** First use of the account's sessions shard: a stage change in its room. */
const firstUse = (o: Awaited<ReturnType<typeof organizerWithRoom>>, name = "Ada") =>
  putOnStage({ ctx: o.org.ctx, input: { roomId: o.roomId, guestName: name } });

const stageRowsOn = async (shard: keyof typeof shardDbs, roomId: string) =>
  (await sessionsDb(shardDbs[shard]).select().from(stageEvents).where(eq(stageEvents.roomId, roomId))).length;

// This file starts with only shard 0000 registered (storage is per file): the workers app is configured with
// 0000 and 0001, so 0001 is a configured shard an admin can add.
beforeAll(async () => {
  await env.WEBAPP_DB.prepare("DELETE FROM shards WHERE id = '0001'").run();
});

describe("shard registry", () => {
  it("adds a configured shard without moving anyone, and new accounts then use it", async () => {
    const admin = await makeAdmin();
    const early = [await organizerWithRoom(), await organizerWithRoom()];
    for (const o of early) await firstUse(o);
    for (const o of early) expect((await shardOf(o.org.accountId))?.shard_id).toBe("0000");

    // Only ids the workers app is configured with can be registered, and each once.
    const unknown = await failure(registerShard({ ctx: admin.ctx, input: { shardId: "0002" } }));
    expect(unknown).toMatchObject({ code: "invalid", fieldErrors: { shardId: [expect.stringContaining("0000, 0001")] } });
    expect(await codeOf(registerShard({ ctx: admin.ctx, input: { shardId: "12" } }))).toBe("invalid");
    expect(await modes()).toEqual({ "0000": "shared" });

    await registerShard({ ctx: admin.ctx, input: { shardId: "0001", note: "second region" } });
    expect(await modes()).toEqual({ "0000": "shared", "0001": "shared" });
    expect(await auditFor("0001")).toEqual(["shard.registered"]);
    expect(await failure(registerShard({ ctx: admin.ctx, input: { shardId: "0001" } }))).toMatchObject({
      code: "invalid",
      fieldErrors: { shardId: [expect.stringContaining("already registered")] },
    });

    // Existing accounts stay where they are, and their next writes go there too.
    for (const o of early) {
      await firstUse(o, "Bo");
      expect(await shardOf(o.org.accountId)).toEqual({ shard_id: "0000", pinned: 0 });
      expect(await stageRowsOn("0000", o.roomId)).toBe(2);
      expect(await stageRowsOn("0001", o.roomId)).toBe(0);
    }
    // The new shard is the least loaded: the next new account lands there.
    const later = await organizerWithRoom();
    await firstUse(later);
    expect((await shardOf(later.org.accountId))?.shard_id).toBe("0001");
    expect(await stageRowsOn("0001", later.roomId)).toBe(1);
  });

  it("puts a pinned account on its dedicated shard at first use, and no other new account there", async () => {
    const admin = await makeAdmin();
    await setShardMode({ ctx: admin.ctx, input: { shardId: "0001", mode: "dedicated" } });
    expect(await auditFor("0001")).toContain("shard.mode_changed");

    const big = await organizerWithRoom();
    await pinAccountToShard({ ctx: admin.ctx, input: { accountId: big.org.accountId, shardId: "0001" } });
    expect(await shardOf(big.org.accountId)).toEqual({ shard_id: "0001", pinned: 1 });
    expect(await auditFor(big.org.accountId)).toContain("account.pinned_to_shard");
    await firstUse(big);
    expect(await shardOf(big.org.accountId)).toEqual({ shard_id: "0001", pinned: 1 });
    expect(await stageRowsOn("0001", big.roomId)).toBe(1);

    // Several new accounts: the dedicated shard is skipped even though it is the least loaded.
    for (let i = 0; i < 3; i++) {
      const other = await organizerWithRoom();
      await firstUse(other);
      expect((await shardOf(other.org.accountId))?.shard_id).toBe("0000");
      expect(await stageRowsOn("0001", other.roomId)).toBe(0);
    }

    // A closed shard takes no new account either, and refuses pins.
    await setShardMode({ ctx: admin.ctx, input: { shardId: "0001", mode: "closed" } });
    const another = await organizerWithRoom();
    expect(await failure(pinAccountToShard({ ctx: admin.ctx, input: { accountId: another.org.accountId, shardId: "0001" } }))).toMatchObject({
      code: "invalid",
      fieldErrors: { shardId: [expect.stringContaining("closed")] },
    });
    await firstUse(another);
    expect((await shardOf(another.org.accountId))?.shard_id).toBe("0000");
    // The pinned account keeps its shard while the shard is closed.
    await firstUse(big, "Bo");
    expect(await stageRowsOn("0001", big.roomId)).toBe(2);
    await setShardMode({ ctx: admin.ctx, input: { shardId: "0001", mode: "shared" } });
  });

  it("refuses to pin an account after its first use, and changes nothing", async () => {
    const admin = await makeAdmin();
    const used = await organizerWithRoom();
    await firstUse(used);
    const before = await shardOf(used.org.accountId);
    const target = before?.shard_id === "0000" ? "0001" : "0000";
    const refused = await failure(pinAccountToShard({ ctx: admin.ctx, input: { accountId: used.org.accountId, shardId: target } }));
    expect(refused?.code).toBe("conflict");
    expect(refused?.message).toContain(`used shard ${before?.shard_id} since its first use`);
    expect(await shardOf(used.org.accountId)).toEqual(before);
    expect(await auditFor(used.org.accountId)).not.toContain("account.pinned_to_shard");

    // Pinned once, pinned for good: a second pin is refused the same way.
    const fresh = await organizerWithRoom();
    await pinAccountToShard({ ctx: admin.ctx, input: { accountId: fresh.org.accountId, shardId: "0000" } });
    expect(await codeOf(pinAccountToShard({ ctx: admin.ctx, input: { accountId: fresh.org.accountId, shardId: "0001" } }))).toBe("conflict");
    expect(await shardOf(fresh.org.accountId)).toEqual({ shard_id: "0000", pinned: 1 });

    expect(await failure(pinAccountToShard({ ctx: admin.ctx, input: { accountId: "no-such-account", shardId: "0000" } }))).toMatchObject({
      code: "invalid",
      fieldErrors: { accountId: ["No account has this id"] },
    });
    expect(await codeOf(pinAccountToShard({ ctx: admin.ctx, input: { accountId: fresh.org.accountId, shardId: "0007" } }))).toBe("invalid");
  });

  it("never leaves new accounts without a shared shard", async () => {
    const admin = await makeAdmin();
    await setShardMode({ ctx: admin.ctx, input: { shardId: "0001", mode: "closed" } });
    const refused = await failure(setShardMode({ ctx: admin.ctx, input: { shardId: "0000", mode: "dedicated" } }));
    expect(refused?.code).toBe("conflict");
    expect(refused?.message).toContain("last shared shard");
    expect(await modes()).toEqual({ "0000": "shared", "0001": "closed" });
    expect(await codeOf(setShardMode({ ctx: admin.ctx, input: { shardId: "0001", mode: "closed" } }))).toBe("conflict");
    expect(await codeOf(setShardMode({ ctx: admin.ctx, input: { shardId: "0009", mode: "closed" } }))).toBe("invalid");
    expect(await codeOf(setShardMode({ ctx: admin.ctx, input: { shardId: "0001", mode: "open" as never } }))).toBe("invalid");
    await setShardMode({ ctx: admin.ctx, input: { shardId: "0001", mode: "shared" } });
  });

  it("hides every shard verb from anyone but an enabled platform admin, and changes nothing for them", async () => {
    const organizer = await organizerWithRoom();
    const disabledAdmin = await makeAdmin();
    await testCtx().db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabledAdmin.id));
    const before = await modes();
    for (const ctx of [organizer.org.ctx, disabledAdmin.ctx]) {
      expect(await codeOf(adminShardsPage({ ctx, input: {} }))).toBe("not_found");
      expect(await codeOf(adminSessionLogs({ ctx, input: {} }))).toBe("not_found");
      expect(await codeOf(adminSessionLogs({ ctx, input: { level: "loud" as never } }))).toBe("not_found");
      expect(await codeOf(registerShard({ ctx, input: { shardId: "0001" } }))).toBe("not_found");
      expect(await codeOf(setShardMode({ ctx, input: { shardId: "0001", mode: "closed" } }))).toBe("not_found");
      expect(await codeOf(pinAccountToShard({ ctx, input: { accountId: organizer.org.accountId, shardId: "0001" } }))).toBe("not_found");
    }
    expect(await codeOf(adminShardsPage({ ctx: testCtx(null), input: {} }))).toBe("unauthenticated");
    expect(await modes()).toEqual(before);
    expect(await shardOf(organizer.org.accountId)).toBeNull();
  });
});

describe("two-shard isolation at the domain level", () => {
  it("each account reads only its own stage timeline, and naming the wrong shard finds nothing", async () => {
    const admin = await makeAdmin();
    const a = await organizerWithRoom();
    const b = await organizerWithRoom();
    await pinAccountToShard({ ctx: admin.ctx, input: { accountId: a.org.accountId, shardId: "0000" } });
    await pinAccountToShard({ ctx: admin.ctx, input: { accountId: b.org.accountId, shardId: "0001" } });
    await firstUse(a, "Ada");
    await firstUse(b, "Bo");

    const names = async (o: typeof a) => (await getStageTimeline({ ctx: o.org.ctx, input: { roomId: o.roomId } })).entries.map((e) => e.participantName);
    expect(await names(a)).toEqual(["Ada"]);
    expect(await names(b)).toEqual(["Bo"]);
    // Another tenant's room is not found, whatever shard it is on.
    expect(await codeOf(getStageTimeline({ ctx: a.org.ctx, input: { roomId: b.roomId } }))).toBe("not_found");
    // The sessions side, asked on the wrong shard for an account, has nothing for it.
    const wrong = await testCtx().stage.stageTimeline({ shard: "0001", accountId: a.org.accountId, roomId: a.roomId });
    expect(wrong).toMatchObject({ ok: true, value: { entries: [], onStage: [], recording: null } });
    const right = await testCtx().stage.stageTimeline({ shard: "0000", accountId: a.org.accountId, roomId: a.roomId });
    expect(right.ok && right.value.entries).toHaveLength(1);
  });
});

describe("admin shards page and session logs", () => {
  it("shows each shard with its mode, accounts and rows per table, and finds accounts to pin", async () => {
    const admin = await makeAdmin();
    const o = await organizerWithRoom();
    await firstUse(o);
    const page = await adminShardsPage({ ctx: admin.ctx, input: {} });
    expect(page.shards.map((s) => s.id)).toEqual(["0000", "0001"]);
    expect(page.unregistered).toEqual([]);
    expect(page.statsError).toBeNull();
    const accounts = await env.WEBAPP_DB.prepare("SELECT shard_id, COUNT(*) AS n FROM account_shards GROUP BY shard_id").all<{ shard_id: string; n: number }>();
    for (const shard of page.shards) {
      expect(shard.accounts).toBe(accounts.results.find((r) => r.shard_id === shard.id)?.n ?? 0);
      const counted = await shardDbs[shard.id as keyof typeof shardDbs].prepare("SELECT COUNT(*) AS n FROM stage_events").first<{ n: number }>();
      expect(shard.rows?.stage_events).toBe(counted?.n);
    }
    expect(page.candidates).toEqual([]);

    const fresh = await makeOrganizer({ name: "Findable Person" });
    const search = await adminShardsPage({ ctx: admin.ctx, input: { q: fresh.email } });
    expect(search.candidates.map((c) => [c.id, c.shardId])).toEqual([[fresh.accountId, null]]);
    const used = await adminShardsPage({ ctx: admin.ctx, input: { q: o.org.accountId } });
    expect(used.candidates.map((c) => c.shardId)).toEqual([(await shardOf(o.org.accountId))?.shard_id]);
  });

  it("reads one shard's session log, filtered by account and level, page by page", async () => {
    const admin = await makeAdmin();
    const accountId = `acct-${crypto.randomUUID()}`;
    const db = sessionsDb(env.SESSIONS_DB_0001);
    for (let i = 0; i < 60; i++) {
      await logStatement(db, {
        accountId,
        level: i % 10 === 0 ? "error" : "info",
        source: "workflow",
        message: `line ${i}`,
        data: { i, note: "<b>not markup</b>" },
        atMs: 1_000 + i,
      }).run();
    }
    const first = await adminSessionLogs({ ctx: admin.ctx, input: { shard: "0001", accountId } });
    expect(first.shard).toBe("0001");
    expect(first.lines).toHaveLength(50);
    expect(first.lines[0]?.message).toBe("line 59");
    const second = await adminSessionLogs({ ctx: admin.ctx, input: { shard: "0001", accountId, before: first.next ?? "" } });
    expect(second.lines.map((l) => l.message)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${9 - i}`));
    expect(second.next).toBeNull();

    const errors = await adminSessionLogs({ ctx: admin.ctx, input: { shard: "0001", accountId, level: "error" } });
    expect(errors.lines.map((l) => l.message)).toEqual(["line 50", "line 40", "line 30", "line 20", "line 10", "line 0"]);
    // The other shard holds none of this account's lines.
    expect((await adminSessionLogs({ ctx: admin.ctx, input: { shard: "0000", accountId } })).lines).toEqual([]);

    expect(await failure(adminSessionLogs({ ctx: admin.ctx, input: { shard: "0042" } }))).toMatchObject({ code: "invalid", fieldErrors: { shard: [expect.any(String)] } });
    expect(await codeOf(adminSessionLogs({ ctx: admin.ctx, input: { before: "nonsense" } }))).toBe("invalid");
    expect(await codeOf(adminSessionLogs({ ctx: admin.ctx, input: { level: "loud" as never } }))).toBe("invalid");
  });
});
