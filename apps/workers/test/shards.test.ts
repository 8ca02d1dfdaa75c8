import { sessionsDb } from "@greenroom/db/sessions/client";
import { logStatement } from "@greenroom/stage";
import { createId } from "@paralleldrive/cuid2";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

// The RPC entrypoint the webapp reaches over its service binding, over the two shards of the workers config.
const rpc = exports.StageRpc;

const shardBinding = { "0000": env.SESSIONS_DB_0000, "0001": env.SESSIONS_DB_0001 } as const;

const change = (over: Record<string, unknown>) => ({
  stageEventId: createId(),
  eventId: "event_1",
  participantId: "p_1",
  participantName: "Ada",
  action: "on_stage",
  actorId: "user_1",
  occurredAtMs: 1_700_000_000_000,
  ...over,
});

async function writeLogs(shard: "0000" | "0001", accountId: string, lines: { level: "info" | "error"; atMs: number }[]) {
  const db = sessionsDb(shardBinding[shard]);
  for (const line of lines) {
    await logStatement(db, { accountId, level: line.level, source: "service", message: `m${line.atMs}`, data: { n: line.atMs }, atMs: line.atMs }).run();
  }
}

describe("two-shard isolation at the RPC level", () => {
  // Two tenants, each on its own shard, with the same room id (ids are the caller's; the shard and account decide).
  const a = { shard: "0000", accountId: `acct_a_${createId()}` };
  const b = { shard: "0001", accountId: `acct_b_${createId()}` };

  it("each account reads only its own stage timeline, and naming the wrong shard finds nothing", async () => {
    const roomId = createId();
    expect(await rpc.recordStageEvent(change({ ...a, roomId, participantName: "Ada" }))).toMatchObject({ ok: true });
    expect(await rpc.recordStageEvent(change({ ...b, roomId, participantName: "Bo" }))).toMatchObject({ ok: true });

    const names = async (input: { shard: string; accountId: string }) => {
      const result = await rpc.stageTimeline({ ...input, roomId });
      if (!result.ok) throw new Error(result.message);
      return result.value.entries.map((e: { participantName: string }) => e.participantName);
    };
    expect(await names(a)).toEqual(["Ada"]);
    expect(await names(b)).toEqual(["Bo"]);
    // The right shard with the other tenant's id, and the wrong shard with the right id: nothing.
    expect(await names({ shard: a.shard, accountId: b.accountId })).toEqual([]);
    expect(await names({ shard: b.shard, accountId: a.accountId })).toEqual([]);
  });

  it("each account reads only its own session logs, and the wrong shard finds nothing", async () => {
    await writeLogs("0000", a.accountId, [{ level: "info", atMs: 1000 }]);
    await writeLogs("0001", b.accountId, [{ level: "info", atMs: 2000 }]);
    const messages = async (shard: string, accountId: string) => {
      const result = await rpc.sessionLogs({ shard, accountId });
      if (!result.ok) throw new Error(result.message);
      return result.value.lines.map((l: { message: string }) => l.message);
    };
    expect(await messages(a.shard, a.accountId)).toEqual(["m1000"]);
    expect(await messages(b.shard, b.accountId)).toEqual(["m2000"]);
    expect(await messages(a.shard, b.accountId)).toEqual([]);
    expect(await messages(b.shard, a.accountId)).toEqual([]);
  });

  it("counts rows per table on each shard separately", async () => {
    const before = await rpc.shardStats();
    if (!before.ok) throw new Error(before.message);
    await rpc.recordStageEvent(change({ ...b, roomId: createId() }));
    const after = await rpc.shardStats();
    if (!after.ok) throw new Error(after.message);
    const rows = (stats: typeof after.value, shard: string) => stats.find((s: { shard: string }) => s.shard === shard)?.rows;
    expect(after.value.map((s: { shard: string }) => s.shard)).toEqual(["0000", "0001"]);
    expect(rows(after.value, "0001")?.stage_events).toBe((rows(before.value, "0001")?.stage_events ?? -1) + 1);
    expect(rows(after.value, "0000")).toEqual(rows(before.value, "0000"));
  });

  it("lists the configured shard ids", async () => {
    expect(await rpc.shardIds()).toEqual(["0000", "0001"]);
  });
});

describe("session logs", () => {
  it("pages newest first by (created_at, id), filters by level, and refuses bad input", async () => {
    const accountId = `acct_${createId()}`;
    // Two lines at the same millisecond: the id breaks the tie, so no line is skipped or repeated across pages.
    await writeLogs("0000", accountId, [
      { level: "info", atMs: 5000 },
      { level: "error", atMs: 6000 },
      { level: "info", atMs: 6000 },
      { level: "info", atMs: 7000 },
    ]);
    const seen: string[] = [];
    let before: { atMs: number; id: string } | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await rpc.sessionLogs({ shard: "0000", accountId, limit: 3, before });
      if (!result.ok) throw new Error(result.message);
      seen.push(...result.value.lines.map((l: { id: string; atMs: number }) => `${l.atMs}`));
      if (!result.value.next) break;
      before = result.value.next;
    }
    expect(seen).toEqual(["7000", "6000", "6000", "5000"]);

    const errors = await rpc.sessionLogs({ shard: "0000", accountId, level: "error" });
    expect(errors.ok && errors.value.lines.map((l: { message: string; data: string }) => [l.message, JSON.parse(l.data)])).toEqual([
      ["m6000", { n: 6000 }],
    ]);
    expect(await rpc.sessionLogs({ shard: "0000", level: "loud" } as never)).toMatchObject({ ok: false, code: "invalid" });
    expect(await rpc.sessionLogs({ shard: "0000", limit: 10_000 })).toMatchObject({ ok: false, code: "invalid" });
    expect(await rpc.sessionLogs({ shard: "9999" })).toMatchObject({ ok: false, code: "invalid" });
  });
});

describe("read-after-write bookmarks", () => {
  it("returns the shard session's bookmark, and a read at that bookmark sees the write", async () => {
    const tenant = { shard: "0001", accountId: `acct_${createId()}` };
    const roomId = createId();
    const write = await rpc.recordStageEvent(change({ ...tenant, roomId }));
    expect(write).toMatchObject({ ok: true, bookmark: expect.any(String) });
    const bookmark = write.ok ? write.bookmark : undefined;
    const read = await rpc.stageTimeline({ ...tenant, roomId, bookmark });
    expect(read.ok && read.value.entries.map((e: { id: string }) => e.id)).toEqual([write.ok && write.value.id]);
    expect(read).toMatchObject({ ok: true, bookmark: expect.any(String) });
    // A bookmark never goes backwards.
    expect(read.ok && bookmark && read.bookmark && read.bookmark >= bookmark).toBe(true);
  });

  it("refuses a bookmark that is not a D1 bookmark, and changes nothing", async () => {
    const tenant = { shard: "0000", accountId: `acct_${createId()}` };
    const roomId = createId();
    const bad = await rpc.recordStageEvent(change({ ...tenant, roomId, bookmark: 42 }));
    expect(bad).toMatchObject({ ok: false, code: "invalid" });
    const garbled = await rpc.recordStageEvent(change({ ...tenant, roomId, bookmark: "not-a-bookmark" }));
    expect(garbled).toMatchObject({ ok: false, code: "invalid" });
    const timeline = await rpc.stageTimeline({ ...tenant, roomId });
    expect(timeline.ok && timeline.value.entries).toEqual([]);
  });
});
