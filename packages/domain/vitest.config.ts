import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const migrations = (db: string) => readD1Migrations(path.join(import.meta.dirname, "../../migrations", db));

// Domain verbs run inside workerd against real local D1: the webapp database and two sessions shards.
export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      miniflare: {
        compatibilityDate: "2026-04-20",
        compatibilityFlags: ["nodejs_compat"],
        d1Databases: { WEBAPP_DB: "test-webapp", SESSIONS_DB_0000: "test-sessions-0000", SESSIONS_DB_0001: "test-sessions-0001" },
        bindings: {
          WEBAPP_MIGRATIONS: await migrations("webapp"),
          SESSIONS_MIGRATIONS: await migrations("sessions"),
        },
      },
    })),
  ],
  test: {
    name: "webapp-d1",
    include: ["src/**/*.test.ts"],
    exclude: ["src/**/*.unit.test.ts"],
    setupFiles: ["./test/apply-migrations.ts"],
    // Some tests hash fifty real passwords in sequence (PBKDF2, 100k iterations each). They assert counts, never
    // speed; the default 5 s limit made them fail only when the machine was busy.
    testTimeout: 30_000,
  },
});
