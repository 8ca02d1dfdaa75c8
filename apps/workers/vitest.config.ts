import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const migrations = (db: string) => readD1Migrations(path.join(import.meta.dirname, "../../migrations", db));

// The workers app as deployed (its wrangler config: both sessions shards, the webapp database, the Durable Objects,
// the Workflows), inside workerd against real local D1.
export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      main: "./src/index.ts",
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        bindings: {
          WEBAPP_MIGRATIONS: await migrations("webapp"),
          SESSIONS_MIGRATIONS: await migrations("sessions"),
        },
      },
    })),
  ],
  test: {
    name: "workers-d1",
    include: ["test/**/*.test.ts"],
    setupFiles: ["./test/apply-migrations.ts"],
    testTimeout: 30_000,
  },
});
