import { type SQL, sql } from "drizzle-orm";
import { DomainError } from "../errors";

/**
 * An account's sessions shard, as two statements for the batch a verb or page already sends (no extra round trip):
 * the first assigns the least-loaded shared shard on first use and does nothing ever after (an account keeps its
 * shard; a pin set by an admin before first use wins), the second reads the assignment. `account` is an SQL
 * expression for the account id (a parameter, or a subquery such as the room's account).
 */
export function shardStatements(account: SQL, now: Date): [SQL, SQL] {
  const at = Math.floor(now.getTime() / 1000);
  return [
    sql`INSERT INTO account_shards (account_id, shard_id, pinned, assigned_at)
        SELECT a.id, (
          SELECT s.id FROM shards s WHERE s.mode = 'shared'
          ORDER BY (SELECT COUNT(*) FROM account_shards x WHERE x.shard_id = s.id), s.id LIMIT 1
        ), 0, ${at}
        FROM accounts a
        WHERE a.id = (${account}) AND EXISTS (SELECT 1 FROM shards WHERE mode = 'shared')
        ON CONFLICT(account_id) DO NOTHING`,
    sql`SELECT shard_id FROM account_shards WHERE account_id = (${account})`,
  ];
}

/** The shard id out of the second statement's rows; no shared shard to assign from is a configuration fault. */
export function shardFromRows(rows: unknown[] | undefined): string {
  const shard = (rows?.[0] as { shard_id?: string } | undefined)?.shard_id;
  if (!shard) throw new DomainError("conflict", "No sessions shard is open for new accounts. Ask a platform admin.");
  return shard;
}
