import type { D1Migration } from "@cloudflare/vitest-pool-workers";

declare global {
  namespace Cloudflare {
    interface Env {
      WEBAPP_DB: D1Database;
      SESSIONS_DB_0000: D1Database;
      SESSIONS_DB_0001: D1Database;
      WEBAPP_MIGRATIONS: D1Migration[];
      SESSIONS_MIGRATIONS: D1Migration[];
    }
  }
}
