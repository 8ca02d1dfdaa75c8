import type { D1Migration } from "@cloudflare/vitest-pool-workers";

declare global {
  namespace Cloudflare {
    interface Env {
      WEBAPP_MIGRATIONS: D1Migration[];
      SESSIONS_MIGRATIONS: D1Migration[];
      COMMERCE_KEYS: string;
    }
  }
}
