import type { z } from "zod";
import type { SessionsTable } from "@greenroom/stage/contract";
import { sql } from "drizzle-orm";
import { adminReadAll, likeAny, parseAdminInput } from "../admin/platform-admin";
import type { Ctx } from "../context";
import { AdminShardsPageInput, type ShardMode } from "./schemas";

export type AdminShard = {
  id: string;
  mode: ShardMode;
  note: string;
  createdAt: Date;
  accounts: number;
  pinnedAccounts: number;
  /** Rows per sessions table on the shard, or null when the workers app has no binding for it. */
  rows: Record<SessionsTable, number> | null;
};

/** An account found by the pin form's search, with the shard it already has (null: not used yet, so pinnable). */
export type ShardCandidate = { id: string; name: string; ownerEmails: string[]; shardId: string | null; pinned: boolean };

export type AdminShardsPage = {
  shards: AdminShard[];
  /** Shard ids the workers app is configured with that the registry does not hold yet. */
  unregistered: string[];
  candidates: ShardCandidate[];
  /** Why the row counts are missing, when the workers app could not be asked. */
  statsError: string | null;
};

const CANDIDATES = 20;

/**
 * The shards admin page: the registry with accounts per shard (and, for a search, matching accounts with their
 * shard) in one D1 batch with the admin check, then the workers app's configured ids and row counts per shard.
 */
export async function adminShardsPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof AdminShardsPageInput> }): Promise<AdminShardsPage> {
  const { q } = await parseAdminInput(ctx, AdminShardsPageInput, input ?? {});
  const [shardRows, candidateRows] = await adminReadAll(ctx, [
    sql`SELECT s.id, s.mode, s.note, s.created_at,
               (SELECT COUNT(*) FROM account_shards x WHERE x.shard_id = s.id) AS accounts,
               (SELECT COUNT(*) FROM account_shards x WHERE x.shard_id = s.id AND x.pinned = 1) AS pinned_accounts
        FROM shards s ORDER BY s.id`,
    q
      ? sql`SELECT a.id, a.name, x.shard_id, x.pinned,
                   (SELECT json_group_array(u.email) FROM account_ownership o JOIN users u ON u.id = o.user_id
                    WHERE o.account_id = a.id) AS owner_emails
            FROM accounts a LEFT JOIN account_shards x ON x.account_id = a.id
            WHERE a.id = ${q} OR a.name LIKE ${likeAny(q)} ESCAPE '\\' OR EXISTS (
              SELECT 1 FROM account_ownership o JOIN users u ON u.id = o.user_id
              WHERE o.account_id = a.id AND u.email LIKE ${likeAny(q)} ESCAPE '\\')
            ORDER BY a.created_at DESC, a.id DESC LIMIT ${CANDIDATES}`
      : sql`SELECT NULL WHERE 0`,
  ]);

  const [configured, stats] = await Promise.all([
    ctx.stage.shardIds().catch(() => null),
    ctx.stage.shardStats().catch(() => null),
  ]);
  const rowsByShard = new Map(stats?.ok ? stats.value.map((s) => [s.shard, s.rows] as const) : []);
  const shards = (shardRows as ShardRow[]).map(
    (r): AdminShard => ({
      id: r.id,
      mode: r.mode,
      note: r.note,
      createdAt: new Date(r.created_at * 1000),
      accounts: r.accounts,
      pinnedAccounts: r.pinned_accounts,
      rows: rowsByShard.get(r.id) ?? null,
    }),
  );
  const registered = new Set(shards.map((s) => s.id));
  return {
    shards,
    unregistered: (configured ?? []).filter((id) => !registered.has(id)),
    candidates: (q ? (candidateRows as CandidateRow[]) : []).map((r) => ({
      id: r.id,
      name: r.name,
      ownerEmails: (JSON.parse(r.owner_emails) as string[]).sort(),
      shardId: r.shard_id,
      pinned: r.pinned === 1,
    })),
    statsError: stats?.ok ? null : (stats?.message ?? "The workers app did not answer; row counts are unavailable."),
  };
}

type ShardRow = { id: string; mode: ShardMode; note: string; created_at: number; accounts: number; pinned_accounts: number };
type CandidateRow = { id: string; name: string; shard_id: string | null; pinned: number | null; owner_emails: string };
