import { sessionsDb } from "@greenroom/db/sessions/client";
import { generateClips, renderPendingClips } from "@greenroom/stage";
import type { MediaProvider } from "@greenroom/stage";
import { createId } from "@paralleldrive/cuid2";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { configOf } from "../src/env";
import { localMediaProvider, mediaProviderFor } from "../src/media";

const STARTED = 1_700_000_000_000;
const db = () => sessionsDb(env.SESSIONS_DB_0000);

type Seeded = { accountId: string; eventId: string; roomId: string; sessionId: string };

/** A recording session (stopped) on shard 0000 in a fresh account and room. */
async function seedSession(over: Partial<Seeded> & { startedAt?: number | null; shard?: D1Database } = {}): Promise<Seeded> {
  const s = {
    accountId: over.accountId ?? createId(),
    eventId: over.eventId ?? createId(),
    roomId: over.roomId ?? createId(),
    sessionId: createId(),
  };
  await (over.shard ?? env.SESSIONS_DB_0000)
    .prepare(
      `INSERT INTO recording_sessions (id, account_id, event_id, room_id, status, started_at, ended_at, created_at, provider_stream_id)
       VALUES (?, ?, ?, ?, 'stopped', ?, ?, 0, 'stream_1')`,
    )
    .bind(s.sessionId, s.accountId, s.eventId, s.roomId, over.startedAt === undefined ? STARTED : over.startedAt, STARTED + 3_600_000)
    .run();
  return s;
}

type Ev = { p: string; a: "on_stage" | "off_stage"; at: number; offset?: number | null; user?: string | null; session?: boolean };

/** Stage events in the given order (seq 1..n), in one statement over a JSON parameter. */
async function seedEvents(s: Seeded, events: Ev[], shard: D1Database = env.SESSIONS_DB_0000) {
  const rows = events.map((e, i) => ({
    id: createId(),
    seq: i + 1,
    p: e.p,
    n: `Name ${e.p}`,
    u: e.user === undefined ? `user_${e.p}` : e.user,
    a: e.a,
    at: STARTED + e.at,
    o: e.offset === undefined ? null : e.offset,
    s: e.session === false ? null : s.sessionId,
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    await shard
      .prepare(
        `INSERT INTO stage_events (id, account_id, event_id, room_id, session_id, participant_id, participant_name, user_id,
           action, seq, actor_id, occurred_at, offset_ms)
         SELECT value ->> '$.id', ?, ?, ?, value ->> '$.s', value ->> '$.p', value ->> '$.n', value ->> '$.u',
                value ->> '$.a', value ->> '$.seq', 'host', value ->> '$.at', value ->> '$.o'
         FROM json_each(?)`,
      )
      .bind(s.accountId, s.eventId, s.roomId, JSON.stringify(rows.slice(i, i + 1000)))
      .run();
  }
}

async function clipsOf(sessionId: string, shard: D1Database = env.SESSIONS_DB_0000) {
  const { results } = await shard
    .prepare(
      `SELECT participant_id AS p, participant_name AS name, user_id AS user, start_offset_ms AS s, end_offset_ms AS e, status
       FROM participant_clips WHERE session_id = ? ORDER BY participant_id, start_offset_ms`,
    )
    .bind(sessionId)
    .all<{ p: string; name: string; user: string | null; s: number; e: number; status: string }>();
  return results;
}

const generate = (s: Seeded, endOffsetMs = 600_000) =>
  generateClips(db(), { accountId: s.accountId, sessionId: s.sessionId, endOffsetMs, nowMs: STARTED + 3_600_000 });

describe("generateClips", () => {
  it("makes one pending clip per enter/exit pair, with the participant's name and user id", async () => {
    const s = await seedSession();
    await seedEvents(s, [
      { p: "ada", a: "on_stage", at: 1_000 },
      { p: "ada", a: "off_stage", at: 5_000 },
      { p: "ada", a: "on_stage", at: 9_000 },
      { p: "ada", a: "off_stage", at: 12_500 },
    ]);
    const result = await generate(s);
    expect(result).toMatchObject({ inserted: 2, total: 2, pending: 2, ready: 0 });
    expect(await clipsOf(s.sessionId)).toEqual([
      { p: "ada", name: "Name ada", user: "user_ada", s: 1_000, e: 5_000, status: "pending" },
      { p: "ada", name: "Name ada", user: "user_ada", s: 9_000, e: 12_500, status: "pending" },
    ]);
  });

  it("closes an enter with no exit at the end of the recording, and skips zero-length pairs", async () => {
    const s = await seedSession();
    await seedEvents(s, [
      { p: "bo", a: "on_stage", at: 2_000 },
      { p: "bo", a: "off_stage", at: 2_000 },
      { p: "cy", a: "on_stage", at: 30_000 },
    ]);
    expect(await generate(s, 45_000)).toMatchObject({ inserted: 1, total: 1 });
    expect(await clipsOf(s.sessionId)).toEqual([{ p: "cy", name: "Name cy", user: "user_cy", s: 30_000, e: 45_000, status: "pending" }]);
  });

  it("inserts nothing when run again", async () => {
    const s = await seedSession();
    await seedEvents(s, [
      { p: "ada", a: "on_stage", at: 1_000 },
      { p: "ada", a: "off_stage", at: 4_000 },
      { p: "bo", a: "on_stage", at: 2_000 },
    ]);
    expect(await generate(s)).toMatchObject({ inserted: 2, total: 2 });
    expect(await generate(s)).toMatchObject({ inserted: 0, total: 2 });
    expect(await clipsOf(s.sessionId)).toHaveLength(2);
  });

  it("pairs two interleaved participants separately, keeping guests (no user id)", async () => {
    const s = await seedSession();
    await seedEvents(s, [
      { p: "ada", a: "on_stage", at: 1_000 },
      { p: "guest:zed", a: "on_stage", at: 2_000, user: null },
      { p: "ada", a: "off_stage", at: 3_000 },
      { p: "ada", a: "on_stage", at: 4_000 },
      { p: "guest:zed", a: "off_stage", at: 5_000, user: null },
      { p: "ada", a: "off_stage", at: 6_000 },
    ]);
    await generate(s);
    expect((await clipsOf(s.sessionId)).map((c) => [c.p, c.user, c.s, c.e])).toEqual([
      ["ada", "user_ada", 1_000, 3_000],
      ["ada", "user_ada", 4_000, 6_000],
      ["guest:zed", null, 2_000, 5_000],
    ]);
  });

  it("takes offsets from offset_ms when set, else from occurred_at minus the start, clamped to the recording", async () => {
    const s = await seedSession();
    await seedEvents(s, [
      { p: "ada", a: "on_stage", at: 50_000, offset: 1_500 },
      { p: "ada", a: "off_stage", at: 60_000, offset: 2_500 },
      { p: "bo", a: "on_stage", at: -3_000 },
      { p: "bo", a: "off_stage", at: 7_000 },
      { p: "cy", a: "on_stage", at: 8_000 },
      { p: "cy", a: "off_stage", at: 900_000 },
    ]);
    await generate(s, 20_000);
    expect((await clipsOf(s.sessionId)).map((c) => [c.p, c.s, c.e])).toEqual([
      ["ada", 1_500, 2_500],
      ["bo", 0, 7_000],
      ["cy", 8_000, 20_000],
    ]);
  });

  it("opens at 0 for someone already on stage when the recording began", async () => {
    const s = await seedSession();
    await seedEvents(s, [
      { p: "ada", a: "on_stage", at: -60_000, session: false },
      { p: "bo", a: "on_stage", at: -50_000, session: false },
      { p: "bo", a: "off_stage", at: -40_000, session: false },
      { p: "ada", a: "off_stage", at: 10_000 },
    ]);
    await generate(s);
    expect((await clipsOf(s.sessionId)).map((c) => [c.p, c.s, c.e])).toEqual([["ada", 0, 10_000]]);
  });

  it("generates nothing for a session that never started recording", async () => {
    const s = await seedSession({ startedAt: null });
    await seedEvents(s, [{ p: "ada", a: "on_stage", at: 1_000 }]);
    expect(await generate(s)).toMatchObject({ inserted: 0, total: 0 });
  });

  it("handles 2,400 events of 40 participants in bulk, once", async () => {
    const s = await seedSession();
    const events: Ev[] = [];
    for (let round = 0; round < 30; round++) {
      for (let p = 0; p < 40; p++) {
        const base = round * 100_000 + p * 1_000;
        events.push({ p: `p${p}`, a: "on_stage", at: base }, { p: `p${p}`, a: "off_stage", at: base + 500 });
      }
    }
    await seedEvents(s, events);
    const first = await generate(s, 3_600_000);
    expect(first).toMatchObject({ inserted: 1_200, total: 1_200, pending: 1_200 });
    expect(await generate(s, 3_600_000)).toMatchObject({ inserted: 0, total: 1_200 });
    const perParticipant = await env.SESSIONS_DB_0000
      .prepare("SELECT COUNT(DISTINCT participant_id) AS n, MIN(end_offset_ms - start_offset_ms) AS len FROM participant_clips WHERE session_id = ?")
      .bind(s.sessionId)
      .first<{ n: number; len: number }>();
    expect(perParticipant).toEqual({ n: 40, len: 500 });
  });

  it("makes each clip once when two runs race", async () => {
    const s = await seedSession();
    await seedEvents(s, [
      { p: "ada", a: "on_stage", at: 1_000 },
      { p: "ada", a: "off_stage", at: 2_000 },
      { p: "bo", a: "on_stage", at: 1_500 },
    ]);
    const [a, b] = await Promise.all([generate(s), generate(s)]);
    expect(a.inserted + b.inserted).toBe(2);
    expect(await clipsOf(s.sessionId)).toHaveLength(2);
  });

  it("refuses another account's session", async () => {
    const s = await seedSession();
    await expect(generate({ ...s, accountId: "someone_else" })).rejects.toThrow(/No recording session/);
  });
});

describe("renderPendingClips", () => {
  it("renders through the local provider in steps of `limit`, marking clips ready with the sample's fragment", async () => {
    const s = await seedSession();
    await seedEvents(s, [
      { p: "ada", a: "on_stage", at: 1_000 },
      { p: "ada", a: "off_stage", at: 4_000 },
      { p: "bo", a: "on_stage", at: 12_000 },
      { p: "bo", a: "off_stage", at: 13_500 },
      { p: "cy", a: "on_stage", at: 20_000 },
    ]);
    await generate(s, 25_000);
    const provider = localMediaProvider(env.LOCAL_MEDIA);
    const { streamId } = await provider.createLiveStream({ key: `op_${s.sessionId}`, roomId: s.roomId });
    const input = { accountId: s.accountId, sessionId: s.sessionId, streamId, limit: 2 };
    expect(await renderPendingClips(db(), provider, input)).toEqual({ total: 3, ready: 2, failed: 0, pending: 1 });
    expect(await renderPendingClips(db(), provider, input)).toEqual({ total: 3, ready: 3, failed: 0, pending: 0 });
    expect(await renderPendingClips(db(), provider, input)).toEqual({ total: 3, ready: 3, failed: 0, pending: 0 });
    const { results } = await env.SESSIONS_DB_0000
      .prepare("SELECT participant_id AS p, playback_url AS url FROM participant_clips WHERE session_id = ? ORDER BY start_offset_ms")
      .bind(s.sessionId)
      .all();
    expect(results).toEqual([
      { p: "ada", url: "/media/stage-sample.webm#t=1,4" },
      { p: "bo", url: "/media/stage-sample.webm#t=2,3.5" },
      { p: "cy", url: "/media/stage-sample.webm#t=0,5" },
    ]);
  });

  it("renders each clip once when two renderers race, and the provider holds one clip per key", async () => {
    const s = await seedSession();
    await seedEvents(s, [
      { p: "ada", a: "on_stage", at: 1_000 },
      { p: "ada", a: "off_stage", at: 2_000 },
      { p: "bo", a: "on_stage", at: 3_000 },
      { p: "bo", a: "off_stage", at: 4_000 },
    ]);
    await generate(s);
    const provider = localMediaProvider(env.LOCAL_MEDIA);
    const { streamId } = await provider.createLiveStream({ key: `op_${s.sessionId}`, roomId: s.roomId });
    const input = { accountId: s.accountId, sessionId: s.sessionId, streamId, limit: 10 };
    await Promise.all([renderPendingClips(db(), provider, input), renderPendingClips(db(), provider, input)]);
    expect((await clipsOf(s.sessionId)).map((c) => c.status)).toEqual(["ready", "ready"]);
    const { results } = await env.SESSIONS_DB_0000.prepare("SELECT id FROM participant_clips WHERE session_id = ?").bind(s.sessionId).all<{ id: string }>();
    const held = (await env.LOCAL_MEDIA.get(env.LOCAL_MEDIA.idFromName("local-media")).inspect()).clips;
    for (const { id } of results) expect(held.filter((c) => c.key === id)).toHaveLength(1);
  });

  it("marks a clip failed when the provider refuses it, and the others ready", async () => {
    const s = await seedSession();
    await seedEvents(s, [
      { p: "ada", a: "on_stage", at: 1_000 },
      { p: "ada", a: "off_stage", at: 2_000 },
      { p: "bo", a: "on_stage", at: 3_000 },
      { p: "bo", a: "off_stage", at: 4_000 },
    ]);
    await generate(s);
    const flaky: MediaProvider = {
      ...localMediaProvider(env.LOCAL_MEDIA),
      createClip: async (input) => {
        if (input.startOffsetMs === 3_000) throw new Error("provider down");
        return { playbackUrl: `https://clips.test/${input.key}` };
      },
    };
    const counts = await renderPendingClips(db(), flaky, { accountId: s.accountId, sessionId: s.sessionId, streamId: "x", limit: 10 });
    expect(counts).toEqual({ total: 2, ready: 1, failed: 1, pending: 0 });
    expect((await clipsOf(s.sessionId)).map((c) => [c.p, c.status])).toEqual([
      ["ada", "ready"],
      ["bo", "failed"],
    ]);
  });
});

describe("local media provider", () => {
  it("derives ids from the key, repeats nothing, and treats stopping or deleting twice as done", async () => {
    const provider = mediaProviderFor(configOf(env), env);
    const key = `op_${createId()}`;
    const a = await provider.createLiveStream({ key, roomId: "room_1" });
    const b = await provider.createLiveStream({ key, roomId: "room_1" });
    expect(b).toEqual(a);
    expect(a.playbackUrl).toBe("/media/stage-sample.webm");
    const e1 = await provider.startEgress({ key, roomId: "room_1", streamId: a.streamId });
    expect(await provider.startEgress({ key, roomId: "room_1", streamId: a.streamId })).toEqual(e1);
    await provider.stopEgress(e1);
    await provider.stopEgress(e1);
    await provider.stopEgress({ egressId: "never-made" });
    await provider.deleteLiveStream({ streamId: a.streamId });
    await provider.deleteLiveStream({ streamId: a.streamId });
    const clip = await provider.createClip({ key: `${key}:c`, streamId: a.streamId, startOffsetMs: 61_000, endOffsetMs: 62_000 });
    expect(clip.playbackUrl).toBe("/media/stage-sample.webm#t=1,2");
    await expect(provider.createClip({ key: `${key}:d`, streamId: "unknown", startOffsetMs: 0, endOffsetMs: 1 })).rejects.toThrow();

    const stub = env.LOCAL_MEDIA.get(env.LOCAL_MEDIA.idFromName("local-media"));
    const seen = await stub.inspect();
    expect(seen.streams.filter((x) => x.key === key)).toEqual([{ ...a, id: a.streamId, key, roomId: "room_1", deleted: true }].map(({ streamId: _, ...x }) => x));
    expect(seen.egresses.filter((x) => x.key === key)).toEqual([{ id: e1.egressId, key, roomId: "room_1", streamId: a.streamId, stopped: true }]);
    expect(seen.clips.filter((x) => x.key.startsWith(key))).toHaveLength(1);
    // Same key, same id, whichever instance of the provider asks.
    const again = await localMediaProvider(env.LOCAL_MEDIA).createLiveStream({ key, roomId: "room_1" });
    expect(again.streamId).toBe(a.streamId);
  });
});

describe("StageRpc clip lists", () => {
  const rpc = exports.StageRpc;

  it("lists an event's clips for its account only, and a user's own clips only", async () => {
    const s = await seedSession();
    await seedEvents(s, [
      { p: "ada", a: "on_stage", at: 1_000 },
      { p: "guest:zed", a: "on_stage", at: 1_500, user: null },
      { p: "ada", a: "off_stage", at: 2_000 },
      { p: "bo", a: "on_stage", at: 3_000 },
    ]);
    await generate(s);
    const all = await rpc.listClips({ shard: "0000", accountId: s.accountId, eventId: s.eventId });
    expect(all.ok && all.value.clips.map((c) => [c.participantName, c.guest, c.status])).toEqual([
      ["Name ada", false, "pending"],
      ["Name guest:zed", true, "pending"],
      ["Name bo", false, "pending"],
    ]);
    expect(all.ok && all.value.clips[0]?.sessionStartedAtMs).toBe(STARTED);
    // Another tenant naming the same event sees nothing; so does the other shard.
    expect(await rpc.listClips({ shard: "0000", accountId: "other", eventId: s.eventId })).toMatchObject({
      ok: true,
      value: { clips: [], truncated: false },
    });
    expect(await rpc.listClips({ shard: "0001", accountId: s.accountId, eventId: s.eventId })).toMatchObject({
      ok: true,
      value: { clips: [], truncated: false },
    });

    const mine = await rpc.myClips({ shard: "0000", accountIds: [s.accountId], userId: "user_ada" });
    expect(mine.ok && mine.value.clips.map((c) => [c.userId, c.startOffsetMs])).toEqual([["user_ada", 1_000]]);
    const notThisAccount = await rpc.myClips({ shard: "0000", accountIds: ["other"], userId: "user_ada" });
    expect(notThisAccount.ok && notThisAccount.value.clips).toEqual([]);
  });

  it("finds a user's clips across accounts on one shard in one call", async () => {
    const userId = `user_${createId()}`;
    const a = await seedSession();
    const b = await seedSession();
    await seedEvents(a, [{ p: "me", a: "on_stage", at: 1_000, user: userId }]);
    await seedEvents(b, [{ p: "me", a: "on_stage", at: 2_000, user: userId }]);
    await generate(a);
    await generate(b);
    const mine = await rpc.myClips({ shard: "0000", accountIds: [a.accountId, b.accountId], userId });
    expect(mine.ok && mine.value.clips.map((c) => c.accountId).sort()).toEqual([a.accountId, b.accountId].sort());
  });

  it("refuses malformed input with invalid, never an exception", async () => {
    expect(await rpc.listClips({ shard: "0000", accountId: "a" } as never)).toMatchObject({ ok: false, code: "invalid" });
    expect(await rpc.myClips({ shard: "0000", accountIds: [], userId: "u" })).toMatchObject({ ok: false, code: "invalid" });
    expect(await rpc.myClips({ shard: "9999", accountIds: ["a"], userId: "u" })).toMatchObject({ ok: false, code: "invalid" });
  });
});
