import { DurableObject } from "cloudflare:workers";
import {
  LIVE_CLOSE,
  LIVE_SOCKETS_PER_USER,
  LIVE_TOKEN_MAX_LIFETIME_MS,
  type LiveClosed,
  type LiveStage,
  VIEWER_HEADERS,
} from "@greenroom/stage/live";
import type { WorkersEnv } from "./env";
import { signedStage } from "./playback";

/** The header the webapp's entry sets, after checking the viewer's token, to name the viewer (a WebSocket tag). */
export const VIEWER_HEADER = VIEWER_HEADERS.userId;
/** The WebSocket subprotocol the browser asks for; the token travels as a second one, never in the URL. */
export const LIVE_PROTOCOL = "greenroom.live";

const STATE_KEY = "stage";
/** `cut:<userId>`: the user's tokens issued at or before this time (ms) open nothing here any more. */
const CUT_PREFIX = "cut:";

/** What each socket carries through hibernation (`serializeAttachment`): whose it is and when its token runs out. */
export type Viewer = { userId: string; issuedAtMs: number; expiresAtMs: number };

const wholeMs = (value: string | null) => (value && /^\d{1,15}$/.test(value) ? Number(value) : null);

/** The viewer the webapp's entry checked, from the forwarded headers; null when any is missing or malformed. */
export function viewerOf(headers: Headers): Viewer | null {
  const userId = headers.get(VIEWER_HEADERS.userId);
  const issuedAtMs = wholeMs(headers.get(VIEWER_HEADERS.issuedAtMs));
  const expiresAtMs = wholeMs(headers.get(VIEWER_HEADERS.expiresAtMs));
  if (!userId || userId.length > 64 || issuedAtMs === null || expiresAtMs === null) return null;
  return { userId, issuedAtMs, expiresAtMs };
}

/** When the socket's token runs out; a socket without a viewer (accepted before tokens expired) counts as expired. */
const expiryOf = (socket: WebSocket) => (socket.deserializeAttachment() as Viewer | null)?.expiresAtMs ?? 0;

const refuse = (status: number, message: string) => new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * One per room (`idFromName(roomId)`): the room's latest live stage state, kept in the object's SQLite storage with
 * its version, and the hibernatable WebSockets of everyone watching. A socket gets the state as soon as it connects;
 * every newer state is sent to all sockets; an older or equal version is ignored. The object may be evicted between
 * messages (hibernation): sockets stay connected, and the state is read back from storage.
 *
 * Access: each socket is tagged with its user id and carries its token's expiry. An alarm closes a socket when its
 * token expires (the page reconnects with a fresh one, which it gets only while it is still authorized);
 * `disconnect(userId, atMs)` closes a user's sockets at once and refuses their tokens issued until then; a user
 * has at most LIVE_SOCKETS_PER_USER sockets here.
 */
export class RoomLive extends DurableObject<WorkersEnv> {
  constructor(ctx: DurableObjectState, env: WorkersEnv) {
    super(ctx, env);
    // Keep-alive pings are answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("This address only accepts WebSocket connections.", { status: 426, headers: { Upgrade: "websocket" } });
    }
    const viewer = viewerOf(request.headers);
    if (!viewer) return refuse(400, "The viewer is missing.");
    const now = Date.now();
    if (viewer.expiresAtMs <= now) return refuse(401, "This live room link has expired.");
    if (viewer.expiresAtMs - viewer.issuedAtMs > LIVE_TOKEN_MAX_LIFETIME_MS) return refuse(403, "This live room link is not valid.");
    const cut = await this.ctx.storage.get<number>(CUT_PREFIX + viewer.userId);
    if (cut !== undefined && viewer.issuedAtMs <= cut) return refuse(403, "Your access to this room has ended.");
    if (this.ctx.getWebSockets(viewer.userId).length >= LIVE_SOCKETS_PER_USER) {
      return refuse(429, "Too many open connections to this room: close another tab first.");
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [viewer.userId]);
    server.serializeAttachment(viewer satisfies Viewer);
    await this.wakeBy(viewer.expiresAtMs);
    const current = await this.current();
    if (current) server.send(JSON.stringify(await signedStage(this.env, current)));
    const asked = (request.headers.get("Sec-WebSocket-Protocol") ?? "").split(",").map((p) => p.trim());
    const headers = asked.includes(LIVE_PROTOCOL) ? { "Sec-WebSocket-Protocol": LIVE_PROTOCOL } : undefined;
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  /** Stores `state` and sends it to every socket, unless the room already has this version or a newer one. */
  async publish(state: LiveStage): Promise<{ broadcast: boolean; version: number; viewers: number }> {
    const sockets = this.ctx.getWebSockets();
    const current = await this.current();
    // Storage calls on one object do not interleave with another request's, so this check and put are one step.
    if (current && current.version >= state.version) return { broadcast: false, version: current.version, viewers: sockets.length };
    await this.ctx.storage.put(STATE_KEY, state);
    // Playback is signed once per broadcast (stored unsigned), so what is kept never holds a token.
    const message = JSON.stringify(await signedStage(this.env, state));
    const now = Date.now();
    let viewers = 0;
    for (const socket of sockets) {
      // A socket whose token ran out gets nothing more, even before the alarm closes it.
      if (expiryOf(socket) <= now) continue;
      viewers += 1;
      try {
        socket.send(message);
      } catch {
        // A socket closing right now; its close handler cleans up.
      }
    }
    return { broadcast: true, version: state.version, viewers };
  }

  /** The latest state, or null before the first publish. */
  async current(): Promise<LiveStage | null> {
    return (await this.ctx.storage.get<LiveStage>(STATE_KEY)) ?? null;
  }

  /**
   * The user's access to this room ended at `atMs`: every socket of theirs is told and closed now, and a token
   * issued to them at or before that time is refused from now on (the mark is dropped once such tokens have expired).
   */
  async disconnect(userId: string, atMs: number): Promise<{ closed: number }> {
    const key = CUT_PREFIX + userId;
    const previous = (await this.ctx.storage.get<number>(key)) ?? 0;
    if (atMs > previous) await this.ctx.storage.put(key, atMs);
    await this.wakeBy(Math.max(atMs, previous) + LIVE_TOKEN_MAX_LIFETIME_MS);
    const closed = this.closeAll(this.ctx.getWebSockets(userId), LIVE_CLOSE.accessEnded, "access ended", {
      type: "closed",
      reason: "access_ended",
    });
    return { closed };
  }

  /** Closes the sockets whose token has expired, drops marks no token can still be older than, and sleeps again. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const sockets = this.ctx.getWebSockets();
    const expired = sockets.filter((s) => expiryOf(s) <= now);
    this.closeAll(expired, LIVE_CLOSE.expired, "token expired");
    let next = Number.POSITIVE_INFINITY;
    for (const socket of sockets) {
      const expiresAtMs = expiryOf(socket);
      if (expiresAtMs > now) next = Math.min(next, expiresAtMs);
    }
    const cuts = await this.ctx.storage.list<number>({ prefix: CUT_PREFIX });
    const stale: string[] = [];
    for (const [key, atMs] of cuts) {
      if (atMs + LIVE_TOKEN_MAX_LIFETIME_MS <= now) stale.push(key);
      else next = Math.min(next, atMs + LIVE_TOKEN_MAX_LIFETIME_MS);
    }
    for (let i = 0; i < stale.length; i += 128) await this.ctx.storage.delete(stale.slice(i, i + 128));
    if (Number.isFinite(next)) await this.ctx.storage.setAlarm(next);
  }

  override webSocketMessage(): void {
    // Viewers only listen; "ping" is answered by the auto-response above.
  }

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    try {
      socket.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }

  /** Sets the alarm for `atMs` unless it is already due sooner. */
  private async wakeBy(atMs: number): Promise<void> {
    const scheduled = await this.ctx.storage.getAlarm();
    if (scheduled === null || atMs < scheduled) await this.ctx.storage.setAlarm(atMs);
  }

  private closeAll(sockets: WebSocket[], code: number, reason: string, notice?: LiveClosed): number {
    let closed = 0;
    for (const socket of sockets) {
      try {
        if (notice) socket.send(JSON.stringify(notice));
        socket.close(code, reason);
        closed += 1;
      } catch {
        // Already closing.
      }
    }
    return closed;
  }
}
