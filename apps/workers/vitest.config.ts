import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const migrations = (db: string) => readD1Migrations(path.join(import.meta.dirname, "../../migrations", db));

// A local webhook receiver, outside workerd: the Worker's outbound requests to https://receiver.test land here. The
// path picks the behaviour: /ok/<name> answers 204, /gone/<name> 410, /flaky/<n>/<name> 500 for the first n requests
// and then 204. GET https://receiver.test/_requests/<name> returns what that name received (method, headers, body).
const received = new Map<string, { headers: Record<string, string>; body: string }[]>();
async function receiver(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.hostname !== "receiver.test") return new Response("No network in tests", { status: 502 });
  const parts = url.pathname.split("/").filter(Boolean);
  if (parts[0] === "_requests") return Response.json(received.get(parts[1] ?? "") ?? []);
  const name = parts.at(-1) ?? "";
  const list = received.get(name) ?? [];
  received.set(name, list);
  list.push({ headers: Object.fromEntries(request.headers), body: await request.text() });
  if (parts[0] === "gone") return new Response("gone", { status: 410 });
  if (parts[0] === "flaky" && list.length <= Number(parts[1])) return new Response("down", { status: 500 });
  return new Response(null, { status: 204 });
}

// The workers app as deployed (its wrangler config: both sessions shards, the webapp database, the Durable Objects,
// the Workflows), inside workerd against real local D1.
export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      main: "./src/index.ts",
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        outboundService: receiver,
        bindings: {
          // A test key (not the development one): it seals the webhook subscriptions' secrets in these tests.
          COMMERCE_KEYS: "v1:BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=",
          // Recording starts hold credit in these tests (the deployed default is 0 until the journeys hold credit).
          RECORDING_HOLD_MINUTES: "10",
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
