import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

await applyD1Migrations(env.WEBAPP_DB, env.WEBAPP_MIGRATIONS);
await applyD1Migrations(env.SESSIONS_DB_0000, env.SESSIONS_MIGRATIONS);
await applyD1Migrations(env.SESSIONS_DB_0001, env.SESSIONS_MIGRATIONS);
// Every test runs on two shards: register the second one as the workers app's reconciler does in a deploy.
await env.WEBAPP_DB.prepare("INSERT OR IGNORE INTO shards (id, mode, note, created_at) VALUES ('0001', 'shared', '', 0)").run();
