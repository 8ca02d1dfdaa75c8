import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

/**
 * A per-request handle on one sessions D1 shard, or on a D1 Sessions API session of it (read-after-write by
 * bookmark). Only apps/workers opens these.
 */
export function sessionsDb(binding: D1Database | D1DatabaseSession) {
  return drizzle(asDrizzleClient(binding), { schema });
}
export type SessionsDb = ReturnType<typeof sessionsDb>;

export { schema };

// drizzle's D1 driver only calls prepare() and batch(), which a D1 Sessions API session also has.
function asDrizzleClient(binding: D1Database | D1DatabaseSession): D1Database {
  return binding as D1Database;
}
