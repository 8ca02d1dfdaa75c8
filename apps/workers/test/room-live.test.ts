import { createId } from "@paralleldrive/cuid2";
import type { LiveStage } from "@greenroom/stage/live";
import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { publishStage } from "../src/live";
import { LIVE_PROTOCOL, RoomLive, VIEWER_HEADER } from "../src/room-live";

const rpc = exports.StageRpc;
const roomStub = (roomId: string) => env.ROOM_LIVE.get(env.ROOM_LIVE.idFromName(roomId));

const state = (roomId: string, version: number, names: string[] = []): LiveStage => ({
  type: "stage",
  roomId,
  version,
  onStage: names.map((name, i) => ({ participantId: `user:${name}`, participantName: name, userId: name, guest: false, sinceMs: i })),
  recording: null,
});

/** A viewer's socket on the room's object (as the webapp's entry forwards it), with every message it received. */
async function connect(roomId: string, via: "object" | "rpc" = "object") {
  const init = { headers: { Upgrade: "websocket", [VIEWER_HEADER]: "user_1", "Sec-WebSocket-Protocol": `${LIVE_PROTOCOL}, token.x` } };
  const response =
    via === "rpc" ? await rpc.fetch(`http://workers/live/rooms/${roomId}`, init) : await roomStub(roomId).fetch("http://room/", init);
  expect(response.status).toBe(101);
  expect(response.headers.get("Sec-WebSocket-Protocol")).toBe(LIVE_PROTOCOL);
  const socket = response.webSocket;
  if (!socket) throw new Error("no WebSocket in the upgrade response");
  const received: LiveStage[] = [];
  const waiters: (() => void)[] = [];
  socket.addEventListener("message", (event) => {
    received.push(JSON.parse(String(event.data)) as LiveStage);
    for (const wake of waiters.splice(0)) wake();
  });
  socket.accept();
  /** Resolves once `count` messages have arrived (the test's own timeout bounds it). */
  const nextCount = async (count: number) => {
    while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return received;
  };
  return { socket, received, nextCount };
}

/** Lets every pending socket message be delivered: a round trip to the object comes back after them. */
const settle = async (roomId: string) => {
  await roomStub(roomId).current();
  await new Promise((resolve) => setTimeout(resolve, 0));
};

describe("RoomLive", () => {
  it("sends the current state to a socket as soon as it connects, and nothing before the first publish", async () => {
    const roomId = createId();
    const early = await connect(roomId);
    await settle(roomId);
    expect(early.received).toEqual([]);
    await roomStub(roomId).publish(state(roomId, 3, ["Ada"]));
    const late = await connect(roomId);
    expect((await late.nextCount(1))[0]).toEqual(state(roomId, 3, ["Ada"]));
  });

  it("broadcasts every newer state to every socket", async () => {
    const roomId = createId();
    const viewers = await Promise.all(Array.from({ length: 5 }, () => connect(roomId)));
    expect(await roomStub(roomId).publish(state(roomId, 1, ["Ada"]))).toEqual({ broadcast: true, version: 1, viewers: 5 });
    await roomStub(roomId).publish(state(roomId, 2, ["Ada", "Bo"]));
    for (const viewer of viewers) {
      expect((await viewer.nextCount(2)).map((s) => [s.version, s.onStage.map((p) => p.participantName)])).toEqual([
        [1, ["Ada"]],
        [2, ["Ada", "Bo"]],
      ]);
    }
  });

  it("does not broadcast or store a stale or repeated version", async () => {
    const roomId = createId();
    const viewer = await connect(roomId);
    await roomStub(roomId).publish(state(roomId, 5, ["Ada"]));
    expect(await roomStub(roomId).publish(state(roomId, 4, ["Old"]))).toMatchObject({ broadcast: false, version: 5 });
    expect(await roomStub(roomId).publish(state(roomId, 5, ["Same"]))).toMatchObject({ broadcast: false, version: 5 });
    await settle(roomId);
    expect(viewer.received.map((s) => s.version)).toEqual([5]);
    expect((await roomStub(roomId).current())?.onStage.map((p) => p.participantName)).toEqual(["Ada"]);
  });

  it("keeps the state through eviction: a new instance has it, and sockets accepted before still get broadcasts", async () => {
    const roomId = createId();
    const before = await connect(roomId);
    await roomStub(roomId).publish(state(roomId, 7, ["Ada"]));
    await before.nextCount(1);
    // A fresh instance on the same storage, as after hibernation: it finds the socket and the stored version.
    await runInDurableObject(roomStub(roomId), async (_instance: RoomLive, ctx) => {
      const woken = new RoomLive(ctx, env);
      expect(ctx.getWebSockets()).toHaveLength(1);
      expect(await woken.publish(state(roomId, 6, ["Stale"]))).toMatchObject({ broadcast: false });
      expect(await woken.publish(state(roomId, 8, ["Ada", "Bo"]))).toMatchObject({ broadcast: true, viewers: 1 });
    });
    expect((await before.nextCount(2)).map((s) => s.version)).toEqual([7, 8]);
    // Every instance thrown away: the stored state is what a new viewer gets.
    await abortAllDurableObjects();
    const after = await connect(roomId);
    expect((await after.nextCount(1))[0]?.onStage.map((p) => p.participantName)).toEqual(["Ada", "Bo"]);
    expect(await roomStub(roomId).publish(state(roomId, 8, ["Again"]))).toMatchObject({ broadcast: false });
  });

  it("answers a request that is not a WebSocket upgrade with 426", async () => {
    const roomId = createId();
    expect((await roomStub(roomId).fetch("http://room/")).status).toBe(426);
    expect((await rpc.fetch(`http://workers/live/rooms/${roomId}`)).status).toBe(426);
    expect((await rpc.fetch("http://workers/elsewhere", { headers: { Upgrade: "websocket" } })).status).toBe(404);
  });
});

describe("publishing stage changes", () => {
  const change = (roomId: string, over: Record<string, unknown> = {}) => ({
    shard: "0001",
    stageEventId: createId(),
    accountId: "acct_live",
    eventId: "event_1",
    roomId,
    participantId: "user:u_ada",
    participantName: "Ada",
    userId: "u_ada",
    action: "on_stage",
    actorId: "user_1",
    occurredAtMs: 1_700_000_000_000,
    ...over,
  });

  it("pushes each recorded stage change to the room's viewers through the service binding's fetch, guests marked", async () => {
    const roomId = createId();
    const viewer = await connect(roomId, "rpc");
    expect(await rpc.recordStageEvent(change(roomId))).toMatchObject({ ok: true });
    const guest = { participantId: "guest:bo", participantName: "Bo", userId: null };
    expect(await rpc.recordStageEvent(change(roomId, guest))).toMatchObject({ ok: true });
    const [first, second] = await viewer.nextCount(2);
    expect(first?.onStage.map((p) => [p.participantName, p.guest])).toEqual([["Ada", false]]);
    expect(second?.onStage.map((p) => [p.participantName, p.guest])).toEqual([
      ["Ada", false],
      ["Bo", true],
    ]);
    expect(second && first && second.version > first.version).toBe(true);
  });

  it("publishes nothing for a refused change, and a retried change is not broadcast twice", async () => {
    const roomId = createId();
    const viewer = await connect(roomId, "rpc");
    const first = change(roomId);
    await rpc.recordStageEvent(first);
    await viewer.nextCount(1);
    expect(await rpc.recordStageEvent(first)).toMatchObject({ ok: true }); // the same request again
    expect(await rpc.recordStageEvent(change(roomId))).toMatchObject({ ok: false, code: "conflict" }); // already on stage
    await settle(roomId);
    expect(viewer.received).toHaveLength(1);
  });

  it("keeps rooms apart: a viewer of another room hears nothing", async () => {
    const [roomId, otherRoom] = [createId(), createId()];
    const other = await connect(otherRoom, "rpc");
    await rpc.recordStageEvent(change(roomId));
    await settle(otherRoom);
    expect(other.received).toEqual([]);
  });

  it("publishes recording status changes as newer versions, and an unchanged room not at all", async () => {
    const roomId = createId();
    const room = { shard: "0001", accountId: "acct_live", roomId };
    const viewer = await connect(roomId, "rpc");
    const sessionId = createId();
    await env.SESSIONS_DB_0001.prepare(
      `INSERT INTO recording_sessions (id, account_id, event_id, room_id, status, playback_url, created_at)
       VALUES (?, 'acct_live', 'event_1', ?, 'recording', 'https://media.test/live.m3u8', 1)`,
    )
      .bind(sessionId, roomId)
      .run();
    expect(await publishStage(env, room)).toMatchObject({ broadcast: true });
    expect(await publishStage(env, room)).toMatchObject({ broadcast: false });
    await env.SESSIONS_DB_0001.prepare("UPDATE recording_sessions SET status = 'stopped' WHERE id = ?").bind(sessionId).run();
    expect(await publishStage(env, room)).toMatchObject({ broadcast: true });
    const states = await viewer.nextCount(2);
    expect(states.map((s) => s.recording?.status)).toEqual(["recording", "stopped"]);
    expect(states[0]?.recording?.playbackUrl).toBe("https://media.test/live.m3u8");
    // An unknown shard publishes nothing.
    expect(await publishStage(env, { ...room, shard: "0009" })).toBeNull();
  });
});
