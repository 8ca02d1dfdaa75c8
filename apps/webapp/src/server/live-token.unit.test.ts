import { describe, expect, it } from "vitest";
import { signLiveToken, verifyLiveToken } from "./live-token";
import {
  handleLiveUpgrade,
  LIVE_PROTOCOL,
  VIEWER_EXPIRES_HEADER,
  VIEWER_HEADER,
  VIEWER_ISSUED_HEADER,
  VIEWER_SESSION_HEADER,
} from "./live-upgrade";

const secret = "s".repeat(40);
const now = 1_800_000_000_000;

describe("live room token", () => {
  it("opens the room it was signed for, for the user and session version it names, for five minutes", async () => {
    const { token, expiresAtMs } = await signLiveToken({ secret, roomId: "room_a", userId: "user_1", sessionVersion: 3, nowMs: now });
    expect(expiresAtMs).toBe(now + 5 * 60 * 1000);
    expect(await verifyLiveToken({ secret, roomId: "room_a", token, nowMs: now + 1000 })).toEqual({
      ok: true,
      userId: "user_1",
      sessionVersion: 3,
      issuedAtMs: now,
      expiresAtMs,
    });
  });

  it("a token for room A does not open room B", async () => {
    const { token, expiresAtMs } = await signLiveToken({ secret, roomId: "room_a", userId: "user_1", sessionVersion: 1, nowMs: now });
    expect(await verifyLiveToken({ secret, roomId: "room_a", token, nowMs: now })).toEqual({
      ok: true,
      userId: "user_1",
      sessionVersion: 1,
      issuedAtMs: now,
      expiresAtMs,
    });
    expect(await verifyLiveToken({ secret, roomId: "room_b", token, nowMs: now })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses another room, another secret, a tampered user, session version, issue time, signature or expiry, and an expired token", async () => {
    const { token } = await signLiveToken({ secret, roomId: "room_a", userId: "user_1", sessionVersion: 2, nowMs: now, ttlMs: 60_000 });
    const [version, user, session, issued, expiry, mac] = token.split(".") as [string, string, string, string, string, string];
    const check = (t: string | null, over: { roomId?: string; secret?: string; nowMs?: number } = {}) =>
      verifyLiveToken({ secret: over.secret ?? secret, roomId: over.roomId ?? "room_a", token: t, nowMs: over.nowMs ?? now });
    expect(await check(token, { roomId: "room_b" })).toEqual({ ok: false, reason: "bad_signature" });
    expect(await check(token, { secret: "t".repeat(40) })).toEqual({ ok: false, reason: "bad_signature" });
    const bad = { ok: false, reason: "bad_signature" };
    expect(await check([version, "user_2", session, issued, expiry, mac].join("."))).toEqual(bad);
    expect(await check([version, user, "3", issued, expiry, mac].join("."))).toEqual(bad);
    expect(await check([version, user, session, String(now + 30_000), expiry, mac].join("."))).toEqual(bad);
    expect(await check([version, user, session, issued, String(Number(expiry) + 3_600_000), mac].join("."))).toEqual(bad);
    const flipped = `${mac.slice(0, -2)}${mac.at(-2) === "A" ? "B" : "A"}${mac.at(-1)}`;
    expect(await check([version, user, session, issued, expiry, flipped].join("."))).toEqual(bad);
    expect(await check(token, { nowMs: now + 60_000 })).toEqual({ ok: false, reason: "expired" });
    expect(await check(null)).toEqual({ ok: false, reason: "missing" });
    expect(await check("v1.user_1")).toEqual({ ok: false, reason: "malformed" });
    // The old form, without session version and issue time, opens nothing.
    expect(await check(`v1.${user}.${expiry}.${mac}`)).toEqual({ ok: false, reason: "malformed" });
    expect(await check([version, user, "-1", issued, expiry, mac].join("."))).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("the live WebSocket path", () => {
  /** The service binding to the workers app, recording what it was asked (Node cannot build a 101 response). */
  const workers = () => {
    const forwarded: Request[] = [];
    return {
      forwarded,
      env: {
        AUTH_SECRET: secret,
        WORKERS: {
          fetch: async (request: Request) => {
            forwarded.push(request);
            return new Response("forwarded");
          },
        },
      },
    };
  };
  const upgrade = (roomId: string, protocols?: string, method = "GET") =>
    new Request(`https://greenroom.test/live/rooms/${roomId}`, {
      method,
      headers: {
        Upgrade: "websocket",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
        [VIEWER_HEADER]: "spoofed",
        ...(protocols ? { "Sec-WebSocket-Protocol": protocols } : {}),
      },
    });

  it("forwards a valid upgrade with the checked viewer, session version, issue time and expiry, and without the token", async () => {
    const { env, forwarded } = workers();
    const { token, expiresAtMs } = await signLiveToken({ secret, roomId: "room_a", userId: "user_1", sessionVersion: 4, nowMs: now });
    const response = await handleLiveUpgrade(upgrade("room_a", `${LIVE_PROTOCOL}, token.${token}`), env, now);
    expect(await response.text()).toBe("forwarded");
    const [request] = forwarded;
    expect(new URL(request?.url ?? "").pathname).toBe("/live/rooms/room_a");
    expect(request?.headers.get(VIEWER_HEADER)).toBe("user_1");
    expect(request?.headers.get(VIEWER_SESSION_HEADER)).toBe("4");
    expect(request?.headers.get(VIEWER_ISSUED_HEADER)).toBe(String(now));
    expect(request?.headers.get(VIEWER_EXPIRES_HEADER)).toBe(String(expiresAtMs));
    expect(request?.headers.get("Sec-WebSocket-Protocol")).toBe(LIVE_PROTOCOL);
    expect(request?.headers.get("Sec-WebSocket-Key")).toBe("dGhlIHNhbXBsZSBub25jZQ==");
    expect([...(request?.headers.values() ?? [])].join(" ")).not.toContain(token);
  });

  it("answers a missing or expired token 401, a bad one or another room's 403, and a plain request 426, forwarding none", async () => {
    const { env, forwarded } = workers();
    const { token } = await signLiveToken({ secret, roomId: "room_a", userId: "user_1", sessionVersion: 0, nowMs: now, ttlMs: 1000 });
    const status = async (request: Request, at = now) => (await handleLiveUpgrade(request, env, at)).status;
    expect(await status(upgrade("room_a", LIVE_PROTOCOL))).toBe(401);
    expect(await status(upgrade("room_a", `${LIVE_PROTOCOL}, token.${token}`), now + 1000)).toBe(401);
    expect(await status(upgrade("room_b", `${LIVE_PROTOCOL}, token.${token}`))).toBe(403);
    expect(await status(upgrade("room_a", `${LIVE_PROTOCOL}, token.${token.slice(0, -3)}xyz`))).toBe(403);
    expect(await status(new Request("https://greenroom.test/live/rooms/room_a"))).toBe(426);
    expect(await status(upgrade("room_a", `token.${token}`, "POST"))).toBe(426);
    expect(await status(upgrade("../etc", `token.${token}`))).toBe(404);
    expect(forwarded).toHaveLength(0);
  });
});
