import { verifyLiveToken } from "./live-token";

/**
 * The live room's WebSocket path on the webapp Worker, handled by the custom entry (apps/webapp/worker.ts) before
 * OpenNext: `/live/rooms/<roomId>`. The browser asks for the `greenroom.live` subprotocol and sends its token as a
 * second one (`token.<token>`), so the token never sits in a URL that a log could print.
 */
export const LIVE_PROTOCOL = "greenroom.live";
export const LIVE_TOKEN_PROTOCOL_PREFIX = "token.";
/**
 * Set on the forwarded upgrade only, from the checked token (the same names as VIEWER_HEADERS in
 * @greenroom/stage/live, which this entry cannot import): the workers app tags the socket with the user, compares the
 * session version with the user's, refuses a token issued before the user's access to the room ended, and closes the
 * socket at the expiry.
 */
export const VIEWER_HEADER = "x-greenroom-viewer";
export const VIEWER_SESSION_HEADER = "x-greenroom-viewer-session";
export const VIEWER_ISSUED_HEADER = "x-greenroom-viewer-issued";
export const VIEWER_EXPIRES_HEADER = "x-greenroom-viewer-expires";
const LIVE_PATH = /^\/live\/rooms\/([A-Za-z0-9_-]{1,64})$/;

export const isLivePath = (pathname: string) => pathname.startsWith("/live/");

type LiveEnv = { AUTH_SECRET?: string; WORKERS: Pick<Fetcher, "fetch"> };

const refuse = (status: number, message: string, headers?: Record<string, string>) =>
  new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });

/**
 * Checks the upgrade and its token, then forwards it over the service binding to the workers app, whose StageRpc
 * hands it to the room's RoomLive object. A non-WebSocket request is 426; a missing or expired token 401; a bad
 * one (tampered, another room's) 403: none of them is upgraded.
 */
export async function handleLiveUpgrade(request: Request, env: LiveEnv, nowMs = Date.now()): Promise<Response> {
  const roomId = LIVE_PATH.exec(new URL(request.url).pathname)?.[1];
  if (!roomId) return refuse(404, "Not found");
  if (request.method !== "GET" || request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    return refuse(426, "This address only accepts WebSocket connections.", { Upgrade: "websocket" });
  }
  // Read straight from env: this entry is bundled apart from the Next server, and the config schema would copy zod.
  const secret = env.AUTH_SECRET;
  if (!secret || secret.length < 32) return refuse(500, "The live room is not configured.");
  const protocols = (request.headers.get("Sec-WebSocket-Protocol") ?? "").split(",").map((p) => p.trim());
  const token = protocols.find((p) => p.startsWith(LIVE_TOKEN_PROTOCOL_PREFIX))?.slice(LIVE_TOKEN_PROTOCOL_PREFIX.length);
  const check = await verifyLiveToken({ secret, roomId, token, nowMs });
  if (!check.ok) {
    return check.reason === "missing" || check.reason === "expired"
      ? refuse(401, "Sign in again: this live room link has expired.")
      : refuse(403, "This live room link is not valid.");
  }
  const headers = new Headers();
  headers.set("Upgrade", "websocket");
  for (const name of ["Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions"]) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  // The token stops here: the workers app sees only the protocol and the checked viewer.
  headers.set("Sec-WebSocket-Protocol", LIVE_PROTOCOL);
  headers.set(VIEWER_HEADER, check.userId);
  headers.set(VIEWER_SESSION_HEADER, String(check.sessionVersion));
  headers.set(VIEWER_ISSUED_HEADER, String(check.issuedAtMs));
  headers.set(VIEWER_EXPIRES_HEADER, String(check.expiresAtMs));
  return env.WORKERS.fetch(new Request(`https://greenroom-workers/live/rooms/${roomId}`, { headers }));
}
