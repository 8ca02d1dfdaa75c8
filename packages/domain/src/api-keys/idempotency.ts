import { sql } from "drizzle-orm";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";

/** How long an `Idempotency-Key` and its answer are kept. */
export const IDEMPOTENCY_SECONDS = 24 * 60 * 60;
/** A claim whose request never finished (the Worker was stopped) can be taken over after this. */
const ABANDONED_AFTER_SECONDS = 60;

export type StoredAnswer = { status: number; body: string; location: string | null };
export type Claim =
  | { kind: "claimed" }
  | { kind: "replay"; answer: StoredAnswer }
  | { kind: "in_progress" }
  | { kind: "mismatch" };

/**
 * Claims `idempotencyKey` for the key's request `fingerprint` in one conditional statement: of any number of
 * concurrent requests with the same key, exactly one gets `claimed` and runs; the others get the stored answer, or
 * `in_progress` while it runs. A key reused for another request gets `mismatch`. Past 24 hours, or after an
 * abandoned claim, the key can be claimed again.
 */
export async function claimIdempotencyKey(ctx: Ctx, keyId: string, idempotencyKey: string, fingerprint: string): Promise<Claim> {
  const now = unixSeconds(ctx.now());
  const [claimed, row] = await batchStatements(ctx, [
    sql`INSERT INTO api_idempotency (key_id, idempotency_key, fingerprint, created_at)
        VALUES (${keyId}, ${idempotencyKey}, ${fingerprint}, ${now})
        ON CONFLICT (key_id, idempotency_key) DO UPDATE SET fingerprint = excluded.fingerprint, status = NULL,
          body = NULL, location = NULL, created_at = excluded.created_at
        WHERE api_idempotency.created_at <= ${now - IDEMPOTENCY_SECONDS}
           OR (api_idempotency.status IS NULL AND api_idempotency.created_at <= ${now - ABANDONED_AFTER_SECONDS})`,
    sql`SELECT fingerprint, status, body, location FROM api_idempotency
        WHERE key_id = ${keyId} AND idempotency_key = ${idempotencyKey}`,
  ]);
  if ((claimed?.meta.changes ?? 0) > 0) return { kind: "claimed" };
  const stored = row?.results[0] as { fingerprint: string; status: number | null; body: string | null; location: string | null } | undefined;
  if (!stored) return { kind: "in_progress" };
  if (stored.fingerprint !== fingerprint) return { kind: "mismatch" };
  if (stored.status === null) return { kind: "in_progress" };
  return { kind: "replay", answer: { status: stored.status, body: stored.body ?? "", location: stored.location } };
}

/** Keeps the answer for replays; a server error instead releases the key, so a retry runs the request again. */
export async function settleIdempotencyKey(ctx: Ctx, keyId: string, idempotencyKey: string, answer: StoredAnswer): Promise<void> {
  await batchStatements(ctx, [
    answer.status >= 500
      ? sql`DELETE FROM api_idempotency WHERE key_id = ${keyId} AND idempotency_key = ${idempotencyKey} AND status IS NULL`
      : sql`UPDATE api_idempotency SET status = ${answer.status}, body = ${answer.body}, location = ${answer.location}
            WHERE key_id = ${keyId} AND idempotency_key = ${idempotencyKey} AND status IS NULL`,
  ]);
}
