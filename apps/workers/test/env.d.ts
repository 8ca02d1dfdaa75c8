import type { D1Migration } from "@cloudflare/vitest-pool-workers";

declare global {
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof import("../src/index");
    }
    interface Env {
      SESSIONS_DB_0000: D1Database;
      SESSIONS_MIGRATIONS: D1Migration[];
    }
  }
}
