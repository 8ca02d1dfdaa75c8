import { getToken } from "@auth/core/jwt";
import type { ApiConfig } from "@greenroom/config/env";
import { BOOKMARK_COOKIE, webappDb } from "@greenroom/db/webapp/client";
import { currentSessionUser } from "@greenroom/domain/auth";
import { type Ctx, secretKeys } from "@greenroom/domain/context";
import { mailerFor } from "@greenroom/domain/mail";
import { ShardBookmarks, STAGE_BOOKMARKS_COOKIE, webappSessionStart, withShardBookmarks } from "@greenroom/stage/bookmarks";
import { stageOverServiceBinding } from "@greenroom/workers/client";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { serialize } from "hono/utils/cookie";
import type { ApiEnv } from "./context";

/**
 * The signed-in browser user behind a request's Auth.js session cookie, for the browser-facing machine endpoints
 * (CSV exports, the JSON stage, recording, operations, event deletion) that the webapp's pages call on the same host.
 * The cookie is the webapp's own: an Auth.js JWT (encrypted with a key derived from AUTH_SECRET, salted with the
 * cookie's name), read here exactly as Auth.js reads it, and then checked against the user row as the webapp's
 * `jwt` callback does on every request (disabled, deleting, or a session version since ended: no user).
 */
export async function sessionUserId(request: Request, config: ApiConfig<Env>): Promise<string | null> {
  const token = await sessionToken(request, config.authSecret);
  if (!token) return null;
  const user = await currentSessionUser({ ctx: plainContext(config), input: token });
  return user ? token.userId : null;
}

/** The user id and session version in the request's Auth.js session cookie, or null (none, forged, garbled, expired). */
export async function sessionToken(request: Request, secret: string): Promise<{ userId: string; sessionVersion: number } | null> {
  // Auth.js prefixes the cookie `__Secure-` on https (the deployed host) and not on http (local).
  const secureCookie = new URL(request.url).protocol === "https:";
  try {
    const token = await getToken({ req: request, secret, secureCookie, logger: silent });
    if (!token?.sub) return null;
    const sessionVersion = Number(token.sv ?? 0);
    return Number.isInteger(sessionVersion) ? { userId: token.sub, sessionVersion } : null;
  } catch {
    return null;
  }
}

// A forged or garbled cookie is just no session; nothing about it reaches the log.
const silent = { error: () => {}, warn: () => {}, debug: () => {} };

function plainContext(config: ApiConfig<Env>): Ctx {
  const db = webappDb(config.bindings.WEBAPP_DB);
  return {
    db,
    stage: stageOverServiceBinding(config.bindings.WORKERS),
    mail: mailerFor(config.mail, db),
    actor: null,
    now: () => new Date(),
    ...secretKeys(config.authSecret),
  };
}

/**
 * The domain context of a browser request, as the webapp's requestContext() builds it: a D1 session that starts at
 * the user's last bookmark (cookie `gr_d1_bookmark`), sessions-side calls at the user's last bookmark of each shard
 * (cookie `gr_stage_bookmarks`), and the signed-in user as the actor (or none). `commit(response)` answers the
 * response with both bookmarks set, so the page the user opens next reads what this request wrote.
 */
export async function browserContext(
  c: Context<ApiEnv>,
  config: ApiConfig<Env>,
): Promise<{ ctx: Ctx; commit: (response: Response) => Response }> {
  const userId = await sessionUserId(c.req.raw, config);
  const session = config.bindings.WEBAPP_DB.withSession(webappSessionStart(getCookie(c, BOOKMARK_COOKIE)));
  const bookmarks = ShardBookmarks.fromCookie(getCookie(c, STAGE_BOOKMARKS_COOKIE));
  const db = webappDb(session);
  const ctx: Ctx = {
    db,
    stage: withShardBookmarks(stageOverServiceBinding(config.bindings.WORKERS), bookmarks),
    mail: mailerFor(config.mail, db),
    actor: userId ? { userId } : null,
    now: () => new Date(),
    ...secretKeys(config.authSecret),
  };
  const commit = (response: Response) => {
    const cookies: [string, string | null][] = [
      [BOOKMARK_COOKIE, session.getBookmark()],
      [STAGE_BOOKMARKS_COOKIE, bookmarks.toCookie()],
    ];
    const answered = new Response(response.body, response);
    for (const [name, value] of cookies) {
      if (value) answered.headers.append("set-cookie", serialize(name, value, { httpOnly: true, sameSite: "Lax", path: "/" }));
    }
    return answered;
  };
  return { ctx, commit };
}
