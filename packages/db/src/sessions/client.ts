import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

/** A per-request handle on one sessions D1 shard. Only apps/workers opens these. */
export function sessionsDb(binding: D1Database) {
  return drizzle(binding, { schema });
}
export type SessionsDb = ReturnType<typeof sessionsDb>;

export { schema };
