import { sessionsDb } from "@greenroom/db/sessions/client";
import { generateClips } from "@greenroom/stage";
import { createId } from "@paralleldrive/cuid2";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeEventWithRooms, makeGrant, makeOrganizer, TEST_BASE_URL, testShards } from "../../test/factories";
import { codeOf } from "../../test/outcome";
import { webappDb } from "@greenroom/db/webapp/client";
import { countingD1 } from "../../test/counting-d1";
import type { Ctx } from "../context";
import { myEventsPage } from "../pages/my-events-page";
import { getStageTimeline } from "../stage";
import { listEventClips, listMyClips } from ".";

const STARTED = 1_800_000_000_000;

/** The shard the account was given: pinned to `pin` before first use, else assigned by the room's first stage read. */
async function shardFor(owner: { accountId: string; ctx: Parameters<typeof getStageTimeline>[0]["ctx"] }, roomId: string, pin?: string) {
  if (pin) {
    await env.WEBAPP_DB.prepare("INSERT INTO account_shards (account_id, shard_id, pinned, assigned_at) VALUES (?, ?, 1, 0)")
      .bind(owner.accountId, pin)
      .run();
  }
  await getStageTimeline({ ctx: owner.ctx, input: { roomId } });
  const row = await env.WEBAPP_DB.prepare("SELECT shard_id FROM account_shards WHERE account_id = ?")
    .bind(owner.accountId)
    .first<{ shard_id: string }>();
  if (!row) throw new Error("no shard");
  return row.shard_id;
}

type Person = { id: string | null; name: string };

/**
 * A stopped recording of a room on its shard, with stage events recorded through the stage API (the path the webapp
 * takes), then clips generated: each entry of `stage` is [person, on-offset s, off-offset s or null].
 */
async function recordSession(
  shard: string,
  ids: { accountId: string; eventId: string; roomId: string },
  stage: [Person, number, number | null][],
) {
  const binding = testShards().get(shard);
  if (!binding) throw new Error(`no shard ${shard}`);
  const sessionId = createId();
  await binding
    .prepare(
      `INSERT INTO recording_sessions (id, account_id, event_id, room_id, status, started_at, created_at)
       VALUES (?, ?, ?, ?, 'recording', ?, 0)`,
    )
    .bind(sessionId, ids.accountId, ids.eventId, ids.roomId, STARTED)
    .run();
  const api = (await import("@greenroom/stage")).stageApiFor(testShards());
  const moves = stage.flatMap(([person, on, off]) => [
    { person, at: on, action: "on_stage" as const },
    ...(off === null ? [] : [{ person, at: off, action: "off_stage" as const }]),
  ]);
  for (const move of moves.sort((a, b) => a.at - b.at)) {
    const result = await api.recordStageEvent({
      shard,
      ...ids,
      stageEventId: createId(),
      participantId: move.person.id ? `user:${move.person.id}` : `guest:${move.person.name}`,
      participantName: move.person.name,
      userId: move.person.id,
      action: move.action,
      actorId: "host",
      occurredAtMs: STARTED + move.at * 1000,
    });
    if (!result.ok) throw new Error(result.message);
  }
  await binding.prepare("UPDATE recording_sessions SET status = 'stopped' WHERE id = ?").bind(sessionId).run();
  await generateClips(sessionsDb(binding), { accountId: ids.accountId, sessionId, endOffsetMs: 600_000, nowMs: STARTED });
  return sessionId;
}

describe("clips", () => {
  it("organizers see every clip of the event by room and session; participants see only their own", async () => {
    const { owner, event, main, side } = await makeEventWithRooms();
    const ada = await makeOrganizer({ name: "Ada" });
    const bo = await makeOrganizer({ name: "Bo" });
    await makeGrant(event, ada, { roleId: "role_speaker" });
    await makeGrant(event, bo, { roleId: "role_speaker", roomId: main.id });
    const shard = await shardFor(owner, main.id);
    const ids = { accountId: owner.accountId, eventId: event.id };
    const first = await recordSession(shard, { ...ids, roomId: main.id }, [
      [{ id: ada.id, name: "Ada" }, 10, 40],
      [{ id: bo.id, name: "Bo" }, 20, null],
      [{ id: null, name: "Zed" }, 30, 35],
    ]);
    await recordSession(shard, { ...ids, roomId: side.id }, [[{ id: ada.id, name: "Ada" }, 5, 15]]);

    const all = await listEventClips({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(all.progress).toEqual({ total: 4, ready: 0, pending: 4, failed: 0 });
    expect(all.rooms.map((r) => [r.roomName, r.sessions.length])).toEqual([
      ["Main stage", 1],
      ["Side room", 1],
    ]);
    const mainSession = all.rooms[0]?.sessions[0];
    expect(mainSession?.sessionId).toBe(first);
    expect(mainSession?.clips.map((c) => [c.participantName, c.guest, c.startOffsetMs, c.endOffsetMs])).toEqual([
      ["Ada", false, 10_000, 40_000],
      ["Bo", false, 20_000, 600_000],
      ["Zed", true, 30_000, 35_000],
    ]);

    const adas = await listMyClips({ ctx: ada.ctx });
    expect(adas.map((c) => [c.roomName, c.eventName, c.userId, c.startOffsetMs])).toEqual([
      // both sessions began at the same time: by start within it
      ["Side room", event.name, ada.id, 5_000],
      ["Main stage", event.name, ada.id, 10_000],
    ]);
    const bos = await listMyClips({ ctx: bo.ctx });
    expect(bos.map((c) => [c.participantName, c.userId])).toEqual([["Bo", bo.id]]);
    // The owner never went on stage: no clips of their own, though they see all of them on the event.
    expect(await listMyClips({ ctx: owner.ctx })).toEqual([]);
  });

  it("answers speakers forbidden and strangers not found, and event admins see the clips", async () => {
    const { owner, event, main } = await makeEventWithRooms();
    const speaker = await makeOrganizer();
    await makeGrant(event, speaker, { roleId: "role_speaker" });
    const shard = await shardFor(owner, main.id);
    await recordSession(shard, { accountId: owner.accountId, eventId: event.id, roomId: main.id }, [[{ id: speaker.id, name: "S" }, 1, 2]]);
    const stranger = await makeOrganizer();
    const admin = await makeOrganizer();
    await makeGrant(event, admin, { roleId: "role_admin" });

    expect(await codeOf(listEventClips({ ctx: speaker.ctx, input: { eventId: event.id } }))).toBe("forbidden");
    expect(await codeOf(listEventClips({ ctx: stranger.ctx, input: { eventId: event.id } }))).toBe("not_found");
    expect(await codeOf(listEventClips({ ctx: owner.ctx, input: { eventId: "" } }))).toBe("invalid");
    expect((await listEventClips({ ctx: admin.ctx, input: { eventId: event.id } })).progress.total).toBe(1);
  });

  it("finds a participant's clips in two accounts on two shards, one call per shard", async () => {
    const a = await makeEventWithRooms();
    const b = await makeEventWithRooms();
    const me = await makeOrganizer({ name: "Me" });
    const other = await makeOrganizer({ name: "Other" });
    await makeGrant(a.event, me, { roleId: "role_speaker" });
    await makeGrant(b.event, me, { roleId: "role_speaker" });
    await makeGrant(b.event, other, { roleId: "role_speaker" });
    const shardA = await shardFor(a.owner, a.main.id, "0000");
    const shardB = await shardFor(b.owner, b.main.id, "0001");
    expect([shardA, shardB]).toEqual(["0000", "0001"]);
    await recordSession(shardA, { accountId: a.owner.accountId, eventId: a.event.id, roomId: a.main.id }, [[{ id: me.id, name: "Me" }, 1, 3]]);
    await recordSession(shardB, { accountId: b.owner.accountId, eventId: b.event.id, roomId: b.main.id }, [
      [{ id: me.id, name: "Me" }, 4, 9],
      [{ id: other.id, name: "Other" }, 5, 6],
    ]);

    const calls: unknown[] = [];
    const countingStage = {
      ...me.ctx.stage,
      myClips: (input: Parameters<typeof me.ctx.stage.myClips>[0]) => {
        calls.push(input);
        return me.ctx.stage.myClips(input);
      },
    };
    const ctx = { ...me.ctx, stage: countingStage };
    const mine = await listMyClips({ ctx });
    expect(mine.map((c) => [c.accountId, c.startOffsetMs])).toEqual(
      expect.arrayContaining([
        [a.owner.accountId, 1_000],
        [b.owner.accountId, 4_000],
      ]),
    );
    expect(mine).toHaveLength(2);
    expect(calls).toHaveLength(2);

    // "My events" carries the same clips in its one batch.
    const page = await myEventsPage({ ctx: me.ctx, input: { baseUrl: TEST_BASE_URL } });
    expect(page.clips.map((c) => c.id).sort()).toEqual(mine.map((c) => c.id).sort());
    // The other participant of account B's session sees only theirs.
    expect((await listMyClips({ ctx: other.ctx })).map((c) => c.userId)).toEqual([other.id]);
  });

  it("reads the webapp D1 once per list, and My events stays at one round trip", async () => {
    const { owner, event, main } = await makeEventWithRooms();
    const me = await makeOrganizer();
    await makeGrant(event, me, { roleId: "role_speaker" });
    const shard = await shardFor(owner, main.id);
    await recordSession(shard, { accountId: owner.accountId, eventId: event.id, roomId: main.id }, [[{ id: me.id, name: "Me" }, 1, 2]]);
    const counted = async (ctx: Ctx, load: (ctx: Ctx) => Promise<unknown>) => {
      const d1 = countingD1(env.WEBAPP_DB);
      await load({ ...ctx, db: webappDb(d1.db) });
      return d1.roundTrips();
    };
    expect(await counted(owner.ctx, (ctx) => listEventClips({ ctx, input: { eventId: event.id } }))).toBe(1);
    expect(await counted(me.ctx, (ctx) => listMyClips({ ctx }))).toBe(1);
    expect(await counted(me.ctx, (ctx) => myEventsPage({ ctx, input: { baseUrl: TEST_BASE_URL } }))).toBe(1);
  });

  it("shows nothing for an account that never got a shard", async () => {
    const { owner, event } = await makeEventWithRooms();
    expect(await listEventClips({ ctx: owner.ctx, input: { eventId: event.id } })).toMatchObject({ rooms: [], progress: { total: 0 } });
    expect(await listMyClips({ ctx: owner.ctx })).toEqual([]);
  });
});
