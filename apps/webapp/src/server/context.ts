import { webappConfig } from "@greenroom/config/env";
import { BOOKMARK_COOKIE, webappDb } from "@greenroom/db/webapp/client";
import type { Ctx } from "@greenroom/domain/context";
import { mailerFor } from "@greenroom/domain/mail";
import { cookies } from "next/headers";
import { auth } from "@/auth";
import { cloudflareEnv } from "./config";
import { stageOverServiceBinding } from "./stage-client";

export { appConfig, cloudflareEnv } from "./config";

/**
 * Builds the domain context for this request: a D1 session that starts at the user's last bookmark
 * (so they read their own writes), the workers app over its service binding, the signed-in actor
 * and the clock. `commit()` stores the new bookmark; call it after writes, where cookies may be set.
 */
export async function requestContext(): Promise<{ ctx: Ctx; commit: () => Promise<void> }> {
  const config = webappConfig(await cloudflareEnv());
  const { WEBAPP_DB, WORKERS } = config.bindings;
  const jar = await cookies();
  const session = WEBAPP_DB.withSession(jar.get(BOOKMARK_COOKIE)?.value ?? "first-unconstrained");
  const user = (await auth())?.user;
  const db = webappDb(session);
  const ctx: Ctx = {
    db,
    stage: stageOverServiceBinding(WORKERS),
    mail: mailerFor(config.mail, db),
    actor: user?.id ? { userId: user.id } : null,
    now: () => new Date(),
  };
  const commit = async () => {
    const bookmark = session.getBookmark();
    if (bookmark) jar.set(BOOKMARK_COOKIE, bookmark, { httpOnly: true, sameSite: "lax", path: "/" });
  };
  return { ctx, commit };
}
