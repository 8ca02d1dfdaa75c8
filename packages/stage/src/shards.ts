import { type SessionsDb, sessionsDb } from "@greenroom/db/sessions/client";
import type { StageResult } from "./contract";

/**
 * The sessions database of one shard. Every sessions-side query goes through here: the caller names the shard the
 * webapp's account-to-shard map holds for the account, and an unknown shard is refused, never defaulted.
 */
export function shardDb(shards: ReadonlyMap<string, D1Database>, shard: string): SessionsDb | null {
  const binding = shards.get(shard);
  return binding ? sessionsDb(binding) : null;
}

/** Runs `verb` on the shard the input names (`{ shard }`); an unknown or missing shard answers `invalid`. */
export async function routed<T>(
  shards: ReadonlyMap<string, D1Database>,
  input: unknown,
  verb: (db: SessionsDb, input: unknown) => Promise<StageResult<T>>,
): Promise<StageResult<T>> {
  const shard = (input as { shard?: unknown } | null)?.shard;
  const db = typeof shard === "string" ? shardDb(shards, shard) : null;
  if (!db) return { ok: false, code: "invalid", message: `shard: no sessions shard ${JSON.stringify(shard ?? null)}` };
  return verb(db, input);
}
