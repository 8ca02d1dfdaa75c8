import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

await applyD1Migrations(env.WEBAPP_DB, env.WEBAPP_MIGRATIONS);
await applyD1Migrations(env.SESSIONS_DB_0000, env.SESSIONS_MIGRATIONS);
