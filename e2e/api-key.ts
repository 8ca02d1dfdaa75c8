import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { hashApiKeySecret, mintApiKeySecret } from "../packages/domain/src/api-keys/key-format";

/** The Worker secret API key hashes are keyed with, as the e2e server reads it (.dev.vars). */
function authSecret(): string {
  const line = readFileSync(".dev.vars", "utf8")
    .split("\n")
    .find((l) => l.startsWith("AUTH_SECRET="));
  if (!line) throw new Error(".dev.vars has no AUTH_SECRET");
  return line.slice("AUTH_SECRET=".length).trim();
}

const q = (value: string) => `'${value.replaceAll("'", "''")}'`;

export function d1(command: string): unknown[] {
  const out = execFileSync(
    "pnpm",
    ["exec", "wrangler", "d1", "execute", "WEBAPP_DB", "--local", "-c", "wrangler.jsonc", "--persist-to", ".wrangler/e2e", "--json", "--command", command],
    { encoding: "utf8", env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" } },
  );
  return (JSON.parse(out) as { results: unknown[] }[]).flatMap((r) => r.results);
}

/**
 * An API key for `userEmail` in the account `ownerEmail` owns, written straight into the e2e database with the same
 * secret format and keyed hash the domain's createApiKey uses (key-format.ts). The API keys page is another slice's;
 * until it lands, this stands in for a person making a key there. Returns the secret.
 */
export async function seedApiKey(options: { userEmail: string; ownerEmail?: string; scopes: string[]; eventIds?: string[] }): Promise<string> {
  const secret = mintApiKeySecret();
  const hash = await hashApiKeySecret(authSecret(), secret);
  const now = Math.floor(Date.now() / 1000);
  const id = `key_${randomBytes(8).toString("hex")}`;
  const eventIds = options.eventIds ? q(JSON.stringify(options.eventIds)) : "NULL";
  d1(`INSERT INTO api_keys (id, account_id, user_id, name, display, secret_hash, scopes, event_ids, expires_at, created_at)
      SELECT ${q(id)}, o.account_id, u.id, 'e2e', ${q(`${secret.slice(0, 8)}…${secret.slice(-4)}`)}, ${q(hash)},
             ${q(JSON.stringify(options.scopes))}, ${eventIds}, ${now + 86_400}, ${now}
      FROM users u, account_ownership o JOIN users ou ON ou.id = o.user_id
      WHERE u.email = ${q(options.userEmail)} AND ou.email = ${q(options.ownerEmail ?? options.userEmail)}`);
  const [row] = d1(`SELECT COUNT(*) AS n FROM api_keys WHERE id = ${q(id)}`) as { n: number }[];
  if (row?.n !== 1) throw new Error(`no key made for ${options.userEmail}`);
  return secret;
}
