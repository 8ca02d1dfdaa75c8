import type { D1Migration } from "@cloudflare/vitest-pool-workers";

declare global {
  namespace Cloudflare {
    interface Env {
      SESSIONS_MIGRATIONS: D1Migration[];
    }
  }
}
