import type { WebappConfig } from "@greenroom/config/env";
import type { WebappDb } from "@greenroom/db/webapp/client";
import { type Actor, type Ctx, secretKeys } from "@greenroom/domain/context";
import { mailerFor } from "@greenroom/domain/mail";
import { type ShardBookmarks, withShardBookmarks } from "@greenroom/stage/bookmarks";
import { stageOverServiceBinding } from "@greenroom/workers/client";

/**
 * The one place a domain context is assembled from the request's parsed configuration: the given webapp D1
 * handle, the workers app over its service binding, mail, the actor and the clock. Used by requestContext()
 * (pages, actions, routes) and by Auth.js's per-request configuration (signed out: actor null). With `bookmarks`,
 * sessions-side calls read at the user's last sessions-side write (see `withShardBookmarks`).
 */
export function domainContext(
  config: WebappConfig<CloudflareEnv>,
  db: WebappDb,
  actor: Actor | null,
  bookmarks?: ShardBookmarks,
): Ctx {
  const stage = stageOverServiceBinding(config.bindings.WORKERS);
  return {
    db,
    stage: bookmarks ? withShardBookmarks(stage, bookmarks) : stage,
    mail: mailerFor(config.mail, db),
    actor,
    now: () => new Date(),
    ...secretKeys(config.authSecret),
  };
}
