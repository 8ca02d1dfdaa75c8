import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

/** A per-request handle on the webapp D1. Build it from the binding inside the request; never keep it. */
export function webappDb(binding: D1Database | D1DatabaseSession) {
  return drizzle(asDrizzleClient(binding), { schema });
}
export type WebappDb = ReturnType<typeof webappDb>;

// drizzle's D1 driver only calls prepare() and batch(), which a D1 Sessions API session also has.
function asDrizzleClient(binding: D1Database | D1DatabaseSession): D1Database {
  return binding as D1Database;
}

export const BOOKMARK_COOKIE = "gr_d1_bookmark";

export { schema };
