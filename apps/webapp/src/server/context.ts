import { webappConfig } from "@greenroom/config/env";
import { BOOKMARK_COOKIE, webappDb } from "@greenroom/db/webapp/client";
import type { Ctx } from "@greenroom/domain/context";
import { cookies } from "next/headers";
import { currentSession } from "@/auth";
import { cloudflareEnv } from "./config";
import { domainContext } from "./domain-context";
import { perRequest } from "./per-request";
import { STAGE_BOOKMARKS_COOKIE, ShardBookmarks, webappSessionStart } from "@greenroom/stage/bookmarks";

export { appConfig, cloudflareEnv } from "./config";

/**
 * Builds the domain context for this request: a D1 session that starts at the user's last bookmark
 * (so they read their own writes), the workers app over its service binding (each shard read at the user's last
 * sessions-side bookmark, cookie `gr_stage_bookmarks`), the signed-in actor and the clock. `commit()` stores the new
 * bookmarks of both sides; call it after writes, where cookies may be set (actions, route handlers; not pages).
 *
 * Memoized per request (`perRequest`, keyed by the request's headers object): the layout, the page, a server
 * action and the re-render it answers with share one context, one D1 session (so the re-render reads the action's
 * writes) and one session check (the user read behind the token happens once, in `currentSession`). Nothing
 * outlives the request: the D1 session and the context are built anew for every request.
 */
export const requestContext = perRequest(async (): Promise<{ ctx: Ctx; commit: () => Promise<void> }> => {
  const config = webappConfig(await cloudflareEnv());
  const jar = await cookies();
  const session = config.bindings.WEBAPP_DB.withSession(webappSessionStart(jar.get(BOOKMARK_COOKIE)?.value));
  const user = (await currentSession())?.user;
  const shardBookmarks = ShardBookmarks.fromCookie(jar.get(STAGE_BOOKMARKS_COOKIE)?.value);
  const ctx = domainContext(config, webappDb(session), user?.id ? { userId: user.id } : null, shardBookmarks);
  const commit = async () => {
    const bookmark = session.getBookmark();
    if (bookmark) jar.set(BOOKMARK_COOKIE, bookmark, { httpOnly: true, sameSite: "lax", path: "/" });
    const stageBookmarks = shardBookmarks.toCookie();
    if (stageBookmarks) jar.set(STAGE_BOOKMARKS_COOKIE, stageBookmarks, { httpOnly: true, sameSite: "lax", path: "/" });
  };
  return { ctx, commit };
});
