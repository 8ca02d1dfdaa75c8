import { type SessionsDb, sessionsDb } from "@greenroom/db/sessions/client";
import { Bookmark, type StageResult } from "./contract";

/**
 * The sessions database of one shard. Every sessions-side query goes through here: the caller names the shard the
 * webapp's account-to-shard map holds for the account, and an unknown shard is refused, never defaulted.
 */
export function shardDb(shards: ReadonlyMap<string, D1Database>, shard: string): SessionsDb | null {
  const binding = shards.get(shard);
  return binding ? sessionsDb(binding) : null;
}

/**
 * Runs `verb` on the shard the input names (`{ shard }`); an unknown or missing shard answers `invalid`. The shard
 * is opened as a D1 session at the input's `bookmark` (the caller's last write), or unconstrained without one, and
 * an ok result carries the session's bookmark after the verb, for the caller's next call.
 */
export async function routed<T>(
  shards: ReadonlyMap<string, D1Database>,
  input: unknown,
  verb: (db: SessionsDb, input: unknown) => Promise<StageResult<T>>,
): Promise<StageResult<T>> {
  const { shard, bookmark } = (input ?? {}) as { shard?: unknown; bookmark?: unknown };
  const binding = typeof shard === "string" ? shards.get(shard) : undefined;
  if (!binding) return { ok: false, code: "invalid", message: `shard: no sessions shard ${JSON.stringify(shard ?? null)}` };
  const at = Bookmark.optional().safeParse(bookmark);
  if (!at.success) return { ok: false, code: "invalid", message: "bookmark: not a D1 bookmark" };
  const session = binding.withSession(at.data ?? "first-unconstrained");
  const result = await verb(sessionsDb(session), input);
  if (!result.ok) return result;
  const after = session.getBookmark();
  return after ? { ...result, bookmark: after } : result;
}
