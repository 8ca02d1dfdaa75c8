import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const migrations = (db: string) => readD1Migrations(path.join(import.meta.dirname, "../../migrations", db));

// The API Worker's app inside workerd against real local D1 and a local KV namespace (the OAuth provider's store).
// The workers app is not run here: its RPC binding answers 503, so these tests use only routes and tools that do
// not reach the sessions side (the domain tests cover those verbs against the real stage code).
export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      miniflare: {
        compatibilityDate: "2026-04-20",
        compatibilityFlags: ["nodejs_compat", "global_fetch_strictly_public"],
        d1Databases: { WEBAPP_DB: "test-api-webapp", SESSIONS_DB_0000: "test-api-sessions-0000", SESSIONS_DB_0001: "test-api-sessions-0001" },
        kvNamespaces: ["OAUTH_KV"],
        serviceBindings: { WORKERS: () => new Response("The workers app is not part of these tests", { status: 503 }) },
        bindings: {
          AUTH_SECRET: "test-auth-secret-of-the-api-worker-at-least-32-characters",
          MAIL_TRANSPORT: "local",
          GREENROOM_LOCAL_RATE_LIMITS: "memory",
          WEBAPP_MIGRATIONS: await migrations("webapp"),
          SESSIONS_MIGRATIONS: await migrations("sessions"),
        },
      },
    })),
  ],
  test: {
    name: "api-d1",
    include: ["test/**/*.test.ts"],
    setupFiles: ["../../packages/domain/test/apply-migrations.ts"],
    testTimeout: 30_000,
  },
});
