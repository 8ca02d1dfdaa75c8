import { DurableObject } from "cloudflare:workers";
import type { LiveStage } from "@greenroom/stage/live";
import type { WorkersEnv } from "./env";

/** The header the webapp's entry sets, after checking the viewer's token, to name the viewer (a WebSocket tag). */
export const VIEWER_HEADER = "x-greenroom-viewer";
/** The WebSocket subprotocol the browser asks for; the token travels as a second one, never in the URL. */
export const LIVE_PROTOCOL = "greenroom.live";

const STATE_KEY = "stage";

/**
 * One per room (`idFromName(roomId)`): the room's latest live stage state, kept in the object's SQLite storage with
 * its version, and the hibernatable WebSockets of everyone watching. A socket gets the state as soon as it connects;
 * every newer state is sent to all sockets; an older or equal version is ignored. The object may be evicted between
 * messages (hibernation): sockets stay connected, and the state is read back from storage.
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
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [request.headers.get(VIEWER_HEADER) ?? "viewer"]);
    const current = await this.current();
    if (current) server.send(JSON.stringify(current));
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
    const message = JSON.stringify(state);
    for (const socket of sockets) {
      try {
        socket.send(message);
      } catch {
        // A socket closing right now; its close handler cleans up.
      }
    }
    return { broadcast: true, version: state.version, viewers: sockets.length };
  }

  /** The latest state, or null before the first publish. */
  async current(): Promise<LiveStage | null> {
    return (await this.ctx.storage.get<LiveStage>(STATE_KEY)) ?? null;
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
}
