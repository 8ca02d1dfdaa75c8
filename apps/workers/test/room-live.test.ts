import { createId } from "@paralleldrive/cuid2";
import type { Ctx } from "@greenroom/domain/context";
import { disableUser } from "@greenroom/domain/admin";
import { deleteUser } from "@greenroom/domain/operations";
import { endAllSessions } from "@greenroom/domain/auth";
import { revokeGrant } from "@greenroom/domain/grants";
import { ingestOrder } from "@greenroom/domain/orders";
import { endOrderLiveAccess } from "@greenroom/domain/tickets";
import type { StageApi } from "@greenroom/stage";
import { LIVE_CLOSE, LIVE_SOCKETS_PER_USER, type LiveStage, VIEWER_HEADERS } from "@greenroom/stage/live";
import { abortAllDurableObjects, introspectWorkflowInstance, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeSkuMapping, makeTicketType } from "../../../packages/domain/test/commerce-factories";
import { makeEvent, makeGrant, makeOrganizer, testCtx } from "../../../packages/domain/test/factories";
import { publishStage } from "../src/live";
import { playbackUrlFor } from "../src/playback";
import { LIVE_PROTOCOL, RoomLive, type Viewer } from "../src/room-live";

const rpc = exports.StageRpc;
const roomStub = (roomId: string) => env.ROOM_LIVE.get(env.ROOM_LIVE.idFromName(roomId));
/** A domain context whose stage is the real workers app (its RPC entrypoint), so verbs reach the RoomLive objects. */
const ctxOf = (userId: string): Ctx => ({ ...testCtx({ userId }), stage: rpc as unknown as StageApi });

/** What the webapp's entry forwards once it has checked a token (see live-upgrade.ts). */
type Token = { userId?: string; sessionVersion?: number; issuedAtMs?: number; expiresAtMs?: number };
const viewerHeaders = (token: Token = {}) => {
  const issuedAtMs = token.issuedAtMs ?? Date.now();
  return {
    Upgrade: "websocket",
    "Sec-WebSocket-Protocol": `${LIVE_PROTOCOL}, token.x`,
    [VIEWER_HEADERS.userId]: token.userId ?? "user_1",
    [VIEWER_HEADERS.sessionVersion]: String(token.sessionVersion ?? 0),
    [VIEWER_HEADERS.issuedAtMs]: String(issuedAtMs),
    [VIEWER_HEADERS.expiresAtMs]: String(token.expiresAtMs ?? issuedAtMs + 5 * 60_000),
  };
};

/** A user row in the webapp D1 (the workers app compares a token's session version with it). */
async function aUser(id = createId()): Promise<string> {
  await env.WEBAPP_DB.prepare("INSERT OR IGNORE INTO users (id, email, name, created_at) VALUES (?, ?, 'Viewer', 1)")
    .bind(id, `${id}@example.test`)
    .run();
  return id;
}

/** The status the workers app answers an upgrade with (through the RPC entrypoint's fetch, as the webapp calls it). */
const upgradeStatus = async (roomId: string, token: Token) => {
  const response = await rpc.fetch(`http://workers/live/rooms/${roomId}`, { headers: viewerHeaders(token) });
  response.webSocket?.accept();
  response.webSocket?.close(1000, "done");
  return response.status;
};

const state = (roomId: string, version: number, names: string[] = []): LiveStage => ({
  type: "stage",
  roomId,
  version,
  onStage: names.map((name, i) => ({ participantId: `user:${name}`, participantName: name, userId: name, guest: false, sinceMs: i })),
  recording: null,
});

/** A viewer's socket on the room's object (as the webapp's entry forwards it), with every message it received. */
async function connect(roomId: string, via: "object" | "rpc" = "object", token: Token = {}) {
  if (via === "rpc" && !token.userId) await aUser("user_1");
  const init = { headers: viewerHeaders(token) };
  const response =
    via === "rpc" ? await rpc.fetch(`http://workers/live/rooms/${roomId}`, init) : await roomStub(roomId).fetch("http://room/", init);
  expect(response.status).toBe(101);
  expect(response.headers.get("Sec-WebSocket-Protocol")).toBe(LIVE_PROTOCOL);
  const socket = response.webSocket;
  if (!socket) throw new Error("no WebSocket in the upgrade response");
  const received: LiveStage[] = [];
  const notices: unknown[] = [];
  const waiters: (() => void)[] = [];
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as LiveStage | { type: "closed" };
    if (message.type === "stage") received.push(message);
    else notices.push(message);
    for (const wake of waiters.splice(0)) wake();
  });
  /** Resolves with the close code the room closed this socket with. */
  const closed = new Promise<number>((resolve) => socket.addEventListener("close", (event) => resolve(event.code)));
  socket.accept();
  /** Resolves once `count` messages have arrived (the test's own timeout bounds it). */
  const nextCount = async (count: number) => {
    while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return received;
  };
  return { socket, received, notices, nextCount, closed };
}

/** Whether the socket was closed by the time the room has answered another call (nothing pending is left). */
const closedYet = async (roomId: string, viewer: { closed: Promise<number> }) => {
  await settle(roomId);
  return Promise.race([viewer.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 0))]);
};

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

describe("live access ends when access ends", () => {
  /** An owner's event with a room, and a member granted that room (or the whole event). */
  async function roomWithMember(scope: "room" | "event" = "room") {
    const owner = await makeOrganizer();
    const event = await makeEvent(owner, { rooms: [{ name: "Main", kind: "stage" }, { name: "Side", kind: "stage" }] });
    const rooms = await env.WEBAPP_DB.prepare("SELECT id FROM rooms WHERE event_id = ? ORDER BY position").bind(event.id).all<{ id: string }>();
    const [roomId, otherRoomId] = rooms.results.map((r) => r.id) as [string, string];
    const member = await makeOrganizer();
    const grant = await makeGrant(event, member, { roomId: scope === "room" ? roomId : null });
    return { owner, event, roomId, otherRoomId, member, grant };
  }

  it("revoking a grant closes that user's open sockets in the room and refuses their next token", async () => {
    const { owner, roomId, member, grant } = await roomWithMember();
    const bystander = await aUser();
    const issuedAtMs = Date.now();
    const [first, second] = [await connect(roomId, "rpc", { userId: member.id }), await connect(roomId, "rpc", { userId: member.id })];
    const other = await connect(roomId, "rpc", { userId: bystander });

    await revokeGrant({ ctx: ctxOf(owner.id), input: { grantId: grant.id } });

    expect(await first.closed).toBe(LIVE_CLOSE.accessEnded);
    expect(await second.closed).toBe(LIVE_CLOSE.accessEnded);
    expect(first.notices).toEqual([{ type: "closed", reason: "access_ended" }]);
    // The token the page rendered before the revocation opens the room no more; the bystander keeps watching.
    expect(await upgradeStatus(roomId, { userId: member.id, issuedAtMs })).toBe(403);
    expect(await closedYet(roomId, other)).toBeNull();
    await roomStub(roomId).publish(state(roomId, 1, ["Ada"]));
    expect((await other.nextCount(1)).map((s) => s.version)).toEqual([1]);
  });

  it("revoking an event-wide grant closes the user's sockets in every room of the event", async () => {
    const { owner, roomId, otherRoomId, member, grant } = await roomWithMember("event");
    const [main, side] = [await connect(roomId, "rpc", { userId: member.id }), await connect(otherRoomId, "rpc", { userId: member.id })];
    await revokeGrant({ ctx: ctxOf(owner.id), input: { grantId: grant.id } });
    expect([await main.closed, await side.closed]).toEqual([LIVE_CLOSE.accessEnded, LIVE_CLOSE.accessEnded]);
  });

  it("signing out everywhere closes sockets", async () => {
    const { roomId, otherRoomId, member } = await roomWithMember("event");
    const [main, side] = [await connect(roomId, "rpc", { userId: member.id }), await connect(otherRoomId, "rpc", { userId: member.id })];

    await endAllSessions({ ctx: ctxOf(member.id) });

    expect([await main.closed, await side.closed]).toEqual([LIVE_CLOSE.accessEnded, LIVE_CLOSE.accessEnded]);
    // Every token of the old session is refused, even one issued after; the new session's opens the room.
    expect(await upgradeStatus(roomId, { userId: member.id, sessionVersion: 0, issuedAtMs: Date.now() + 1000 })).toBe(403);
    expect(await upgradeStatus(roomId, { userId: member.id, sessionVersion: 1, issuedAtMs: Date.now() + 1000 })).toBe(101);
  });

  it("disabling a user closes sockets", async () => {
    const { roomId, member } = await roomWithMember();
    const admin = await makeOrganizer();
    await env.WEBAPP_DB.prepare("UPDATE users SET platform_role = 'admin' WHERE id = ?").bind(admin.id).run();
    const viewer = await connect(roomId, "rpc", { userId: member.id });

    await disableUser({ ctx: ctxOf(admin.id), input: { userId: member.id } });

    expect(await viewer.closed).toBe(LIVE_CLOSE.accessEnded);
    // A disabled user's tokens open nothing, whatever session version they name.
    expect(await upgradeStatus(roomId, { userId: member.id, sessionVersion: 0 })).toBe(403);
    expect(await upgradeStatus(roomId, { userId: member.id, sessionVersion: 1, issuedAtMs: Date.now() + 1000 })).toBe(403);
  });

  it("deleting a user closes their open sockets as the flow starts, not when their token expires", async () => {
    const { roomId, member } = await roomWithMember();
    const admin = await makeOrganizer();
    await env.WEBAPP_DB.prepare("UPDATE users SET platform_role = 'admin' WHERE id = ?").bind(admin.id).run();
    const viewer = await connect(roomId, "rpc", { userId: member.id });
    // The verb mints the instance id: watch the instance it asks the workers app to create, just before it is created.
    let instance: Awaited<ReturnType<typeof introspectWorkflowInstance>> | undefined;
    const stage: StageApi = {
      ...(rpc as unknown as StageApi),
      startOperation: async (input) => {
        instance = await introspectWorkflowInstance(env.DELETE_USER, input.instanceId ?? input.operationId);
        await instance.modify(async (m) => {
          await m.disableSleeps();
          await m.disableRetryDelays();
        });
        return rpc.startOperation(input);
      },
    };
    try {
      await deleteUser({ ctx: { ...ctxOf(admin.id), stage }, input: { userId: member.id } });
      await instance?.waitForStatus("complete");
    } finally {
      await instance?.dispose();
    }

    expect(await viewer.closed).toBe(LIVE_CLOSE.accessEnded);
  });

  it("refunding a ticket closes the holder's sockets in the rooms it opened, unless another grant still opens them", async () => {
    const { owner, event, roomId, otherRoomId } = await roomWithMember();
    const holder = await makeOrganizer();
    const pass = await makeTicketType(event, [roomId, otherRoomId], "Day pass");
    await makeSkuMapping(event, "stripe", "prod_day", pass.id);
    // The holder was also invited to the side room: that access does not come from the ticket.
    await makeGrant(event, holder, { roomId: otherRoomId });
    const order = { retailer: "stripe" as const, eventId: event.id, externalOrderId: `pi_${createId()}`, raw: { id: createId() } };
    const { orderId } = await ingestOrder({
      ctx: testCtx(),
      input: {
        accountId: owner.accountId,
        order: { ...order, kind: "order", buyerEmail: holder.email, buyerName: "Holder", lines: [{ externalSku: "prod_day", quantity: 1 }] },
      },
    });
    const [main, side] = [await connect(roomId, "rpc", { userId: holder.id }), await connect(otherRoomId, "rpc", { userId: holder.id })];
    const issuedAtMs = Date.now();
    await ingestOrder({ ctx: testCtx(), input: { accountId: owner.accountId, order: { ...order, kind: "refund", lines: [], raw: { id: createId() } } } });

    await endOrderLiveAccess(ctxOf(owner.id), { accountId: owner.accountId, orderId });

    expect(await main.closed).toBe(LIVE_CLOSE.accessEnded);
    expect(await closedYet(otherRoomId, side)).toBeNull();
    expect(await upgradeStatus(roomId, { userId: holder.id, issuedAtMs })).toBe(403);
  });

  it("a token from an old session version is refused", async () => {
    const roomId = createId();
    const userId = await aUser();
    await env.WEBAPP_DB.prepare("UPDATE users SET session_version = 2 WHERE id = ?").bind(userId).run();
    expect(await upgradeStatus(roomId, { userId, sessionVersion: 1 })).toBe(403);
    expect(await upgradeStatus(roomId, { userId: "nobody", sessionVersion: 0 })).toBe(403);
    expect(await upgradeStatus(roomId, { userId, sessionVersion: 2 })).toBe(101);
  });

  it("a sixth socket for the same user and room is refused", async () => {
    const roomId = createId();
    const userId = await aUser();
    const open = [];
    for (let i = 0; i < LIVE_SOCKETS_PER_USER; i++) open.push(await connect(roomId, "rpc", { userId }));
    expect(await upgradeStatus(roomId, { userId })).toBe(429);
    // Another user, and the same user in another room, are not counted against it.
    expect(await upgradeStatus(roomId, { userId: await aUser() })).toBe(101);
    expect(await upgradeStatus(createId(), { userId })).toBe(101);
    expect(open).toHaveLength(5);
  });

  it("closes a socket when its token expires, and sends an expired socket nothing", async () => {
    const roomId = createId();
    const lasting = await connect(roomId);
    const expiring = await connect(roomId, "object", { userId: "user_2" });
    // As if the token's five minutes had passed: the socket's expiry moved into the past, then the alarm runs.
    await runInDurableObject(roomStub(roomId), async (_instance: RoomLive, ctx) => {
      for (const socket of ctx.getWebSockets("user_2")) {
        const viewer = socket.deserializeAttachment() as Viewer;
        socket.serializeAttachment({ ...viewer, expiresAtMs: Date.now() - 1 } satisfies Viewer);
      }
    });
    expect(await roomStub(roomId).publish(state(roomId, 1, ["Ada"]))).toMatchObject({ broadcast: true, viewers: 1 });
    expect(await runDurableObjectAlarm(roomStub(roomId))).toBe(true);
    expect(await expiring.closed).toBe(LIVE_CLOSE.expired);
    expect(expiring.received).toEqual([]);
    expect(await closedYet(roomId, lasting)).toBeNull();
    // A token that lives longer than the room allows, or has already expired, opens nothing.
    expect(await upgradeStatus(roomId, { issuedAtMs: Date.now(), expiresAtMs: Date.now() + 11 * 60_000 })).toBe(403);
    expect(await upgradeStatus(roomId, { issuedAtMs: Date.now() - 10_000, expiresAtMs: Date.now() - 1 })).toBe(401);
  });
});

describe("playback for an authorized viewer", () => {
  it("is signed with the Mux signing key when the provider is Mux, and passes unchanged for the local provider", async () => {
    const pair = await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    );
    const pkcs8 = new Uint8Array((await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer);
    const pem = `-----BEGIN PRIVATE KEY-----\n${btoa(String.fromCharCode(...pkcs8))}\n-----END PRIVATE KEY-----`;
    const mux = {
      media: {
        provider: "mux-livekit" as const,
        mux: { tokenId: "id", tokenSecret: "secret", apiBase: "https://api.mux.test" },
        muxSigning: { keyId: "sk_1", privateKey: pem },
        livekit: { url: "https://lk.test", apiKey: "k", apiSecret: "s" },
      },
    };
    const now = Date.now();
    const signed = await playbackUrlFor(mux, "https://stream.mux.com/pb1.m3u8", now);
    const token = new URL(signed).searchParams.get("token") ?? "";
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(atob((payload ?? "").replace(/-/g, "+").replace(/_/g, "/")));
    expect(claims).toEqual({ sub: "pb1", aud: "v", exp: Math.floor((now + 15 * 60_000) / 1000) });
    const b64 = (signature ?? "").replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    expect(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", pair.publicKey, bytes, new TextEncoder().encode(`${header}.${payload}`))).toBe(true);
    expect(await playbackUrlFor({ media: { provider: "local" } }, "/media/stage-sample.webm", now)).toBe("/media/stage-sample.webm");
  });
});
