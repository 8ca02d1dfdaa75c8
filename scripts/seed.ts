// Seeds local D1 with the demo organizer, their account and a demo event. Idempotent (INSERT OR IGNORE).
// The demo addresses count as verified: they are local fixtures whose mailbox is the local outbox.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_ADMIN as admin, DEMO_ORGANIZER as demo } from "@greenroom/config/demo";
import { hashPassword } from "@greenroom/domain/password";

const state = process.argv[2] ?? ".wrangler/state";
const now = Math.floor(Date.now() / 1000);
const q = (value: string) => `'${value.replaceAll("'", "''")}'`;
const startsAt = now + 7 * 24 * 3600;

const hash = await hashPassword(demo.password);
const adminHash = await hashPassword(admin.password);
const sql = `
INSERT OR IGNORE INTO users (id, email, name, password_hash, email_verified_at, session_version, created_at)
  VALUES (${q(demo.userId)}, ${q(demo.email)}, ${q(demo.name)}, ${q(hash)}, ${now}, 0, ${now});
INSERT OR IGNORE INTO accounts (id, name, kind, founded_by, created_at)
  VALUES (${q(demo.accountId)}, 'Demo Organizer''s events', 'personal', ${q(demo.userId)}, ${now});
INSERT OR IGNORE INTO account_ownership (account_id, user_id, created_at)
  VALUES (${q(demo.accountId)}, ${q(demo.userId)}, ${now});
INSERT OR IGNORE INTO events (id, account_id, name, description, slug, time_zone, starts_at, ends_at, status, created_by, created_at, updated_at)
  VALUES (${q(demo.eventId)}, ${q(demo.accountId)}, 'Greenroom Launch Live', 'A demo event with one stage room.',
          'greenroom-launch-live', 'UTC', ${startsAt}, ${startsAt + 2 * 3600}, 'draft', ${q(demo.userId)}, ${now}, ${now});
INSERT OR IGNORE INTO rooms (id, event_id, account_id, name, kind, capacity, position, status, created_at)
  VALUES (${q(demo.roomId)}, ${q(demo.eventId)}, ${q(demo.accountId)}, 'Main stage', 'stage', 500, 0, 'active', ${now});
INSERT OR IGNORE INTO users (id, email, name, password_hash, email_verified_at, session_version, platform_role, created_at)
  VALUES (${q(admin.userId)}, ${q(admin.email)}, ${q(admin.name)}, ${q(adminHash)}, ${now}, 0, 'admin', ${now});
INSERT OR IGNORE INTO accounts (id, name, kind, founded_by, created_at)
  VALUES (${q(admin.accountId)}, ${q(`${admin.name}'s events`)}, 'personal', ${q(admin.userId)}, ${now});
INSERT OR IGNORE INTO account_ownership (account_id, user_id, created_at)
  VALUES (${q(admin.accountId)}, ${q(admin.userId)}, ${now});
UPDATE users SET email_verified_at = ${now} WHERE id IN (${q(demo.userId)}, ${q(admin.userId)}) AND email_verified_at IS NULL;
`;
const file = join(mkdtempSync(join(tmpdir(), "greenroom-seed-")), "seed.sql");
writeFileSync(file, sql);
execFileSync(
  "pnpm",
  ["exec", "wrangler", "d1", "execute", "WEBAPP_DB", "--local", "-c", "wrangler.jsonc", "--persist-to", state, "--file", file],
  { stdio: ["ignore", "ignore", "inherit"] },
);
console.log(`\n  Demo organizer ready: ${demo.email} / ${demo.password}`);
console.log(`  Platform admin ready: ${admin.email} / ${admin.password}\n`);
