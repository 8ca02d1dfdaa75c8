import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// The workers app's RPC and fetch surface, inside workerd, against a real local sessions D1.
export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      main: "./src/index.ts",
      miniflare: {
        compatibilityDate: "2026-04-20",
        compatibilityFlags: ["nodejs_compat"],
        d1Databases: { SESSIONS_DB_0000: "test-sessions-0000" },
        bindings: { SESSIONS_MIGRATIONS: await readD1Migrations(path.join(import.meta.dirname, "../../migrations/sessions")) },
      },
    })),
  ],
  test: {
    name: "workers-d1",
    include: ["test/**/*.test.ts"],
    setupFiles: ["./test/apply-migrations.ts"],
  },
});
