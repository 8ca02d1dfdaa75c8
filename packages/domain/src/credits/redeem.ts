import type { AppendCreditResult } from "@greenroom/stage/contract";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { actorMay, actorPermissionCtes, authorizeReadAndWrite, conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { invalid, notFound, parseInput } from "../errors";
import { newId } from "../ids";
import { LIMITS, ipLimitKey, limitSlotStatement, rateLimited } from "../limits";
import { OPERATION_LEASE_SECONDS, type OperationView, launch, operationFromRow, toView } from "../operations/shared";
import { shardFromRows, shardStatements } from "../shards/assign";
import { codeSecret } from "./batches";
import { codeHash, codeHint, parseCode } from "./code-format";
import { ClaimStepInput, RedeemCodeInput } from "./schemas";

/** What a redemption answered: granted now, or claimed with the grant still to do (HTTP 202 with the operation). */
export type Redemption =
  | { status: "granted"; minutes: number; balance: number }
  | { status: "pending"; minutes: number; operation: OperationView };

const codeError = (message: string) => invalid(message, { code: [message] });

/** The ledger entry a claim grants, keyed by the claim: a retry, by this request or by the flow, writes once. */
export type ClaimGrant = { claimId: string; accountId: string; shard: string; minutes: number; memo: string };

export const grantEntry = (g: ClaimGrant, atMs: number) => ({
  shard: g.shard,
  accountId: g.accountId,
  kind: "redemption" as const,
  amount: g.minutes,
  sourceType: "redemption",
  sourceId: g.claimId,
  memo: g.memo,
  atMs,
});

/**
 * An account owner redeems a code (the seed's flow). First a slot under the per-account and per-IP limits (only an
 * owner's attempts count for the account). Then one batch: the authorization (`account.manage`) and the account's
 * shard, ONE conditional UPDATE that takes a use of the code (it exists, has not expired, has a use left, and this
 * account has not claimed it), the claim and its `grant_credit` operation (both only if that update changed the
 * code), the audit row, and the claim as it now is. Then the credit is granted on the shard, keyed by the claim,
 * and the claim is marked granted. If the shard write fails, the answer is `pending` with the operation: its
 * Workflow, or the reconciler after the lease, finishes the grant with the same key, so it is never granted twice.
 */
export async function redeemCreditCode({ ctx, input }: { ctx: Ctx; input: z.input<typeof RedeemCodeInput> }): Promise<Redemption> {
  const actor = requireActor(ctx);
  const data = parseInput(RedeemCodeInput, input);
  const parsed = parseCode(data.code);
  if (!parsed.ok) throw codeError(parsed.message);
  const now = ctx.now();
  const at = unixSeconds(now);
  const owner = sql`EXISTS (SELECT 1 FROM account_ownership WHERE account_id = ${data.accountId} AND user_id = ${actor.userId})`;
  const ipKey = ipLimitKey("redeem-ip", data.ip);
  const [ownerRows, accountSlot, ipSlot] = await batchStatements(ctx, [
    sql`SELECT 1 AS owner WHERE ${owner}`,
    limitSlotStatement(sql`SELECT ${`redeem-account:${data.accountId}`} AS key WHERE ${owner}`, LIMITS.redemptionsPerAccount, at),
    ipKey ? limitSlotStatement(sql`SELECT ${ipKey} AS key WHERE ${owner}`, LIMITS.redemptionsPerIp, at) : sql`SELECT 1`,
  ]);
  if (!ownerRows?.results?.length) throw notFound();
  if (!accountSlot?.meta.changes) throw rateLimited(LIMITS.redemptionsPerAccount);
  if (ipKey && !ipSlot?.meta.changes) throw rateLimited(LIMITS.redemptionsPerIp);

  const hash = await codeHash(codeSecret(ctx), parsed.normalized);
  const claimId = newId();
  const operationId = newId();
  const resource = { kind: "account" as const, accountId: data.accountId };
  const [assignShard, readShard] = shardStatements(sql`${data.accountId}`, now);
  const shard = sql`(SELECT shard_id FROM account_shards WHERE account_id = ${data.accountId})`;
  const memo = `Redemption code ${codeHint(parsed.normalized)}`;
  const [, [, shardRows], [, , , , claimRows, codeRows, operationRows]] = await authorizeReadAndWrite<[unknown[], unknown[]]>(
    ctx,
    "account.manage",
    resource,
    [assignShard, readShard],
    [
      sql`WITH RECURSIVE ${actorPermissionCtes(actor, resource)}
          UPDATE credit_codes SET uses = uses + 1
          WHERE code_hash = ${hash} AND ${actorMay(actor, "account.manage")} AND ${shard} IS NOT NULL
            AND uses < (SELECT b.max_uses FROM credit_code_batches b WHERE b.id = credit_codes.batch_id AND b.expires_at > ${at})
            AND NOT EXISTS (SELECT 1 FROM credit_claims c WHERE c.code_id = credit_codes.id AND c.account_id = ${data.accountId})`,
      sql`INSERT INTO credit_claims (id, code_id, account_id, user_id, minutes, status, operation_id, created_at)
          SELECT ${claimId}, k.id, ${data.accountId}, ${actor.userId}, b.value_minutes, 'claimed', ${operationId}, ${at}
          FROM credit_codes k JOIN credit_code_batches b ON b.id = k.batch_id
          WHERE k.code_hash = ${hash} AND changes() = 1`,
      sql`INSERT INTO operations (id, kind, account_id, subject_type, subject_id, state, step, attempts, instance_id, params,
                                  created_by, created_at, updated_at, deadline_at)
          SELECT ${operationId}, 'grant_credit', ${data.accountId}, 'credit_claim', ${claimId}, 'running', 'queued', 1, ${operationId},
                 json_object('shard', ${shard}, 'accountId', ${data.accountId}, 'claimId', ${claimId}, 'minutes', c.minutes, 'memo', ${memo}),
                 ${actor.userId}, ${at}, ${at}, ${at + OPERATION_LEASE_SECONDS}
          FROM credit_claims c WHERE c.id = ${claimId}`,
      conditionalAuditEntry(ctx, {
        accountId: data.accountId,
        action: "credit_code.redeem",
        targetType: "credit_claim",
        targetId: claimId,
        after: { memo },
      }),
      sql`SELECT c.id, c.status, c.minutes, c.operation_id FROM credit_claims c JOIN credit_codes k ON k.id = c.code_id
          WHERE k.code_hash = ${hash} AND c.account_id = ${data.accountId}`,
      sql`SELECT k.uses, b.max_uses, b.expires_at FROM credit_codes k JOIN credit_code_batches b ON b.id = k.batch_id WHERE k.code_hash = ${hash}`,
      sql`SELECT o.* FROM operations o JOIN credit_claims c ON c.operation_id = o.id JOIN credit_codes k ON k.id = c.code_id
          WHERE k.code_hash = ${hash} AND c.account_id = ${data.accountId}`,
    ],
  );
  const shardId = shardFromRows(shardRows);
  const claim = claimRows?.results?.[0] as { id: string; status: "claimed" | "granted"; minutes: number; operation_id: string } | undefined;
  if (!claim) {
    const code = codeRows?.results?.[0] as { uses: number; max_uses: number; expires_at: number } | undefined;
    if (!code) throw codeError("There is no such code. Check it and try again.");
    if (code.expires_at <= at) throw codeError("This code has expired.");
    throw codeError(code.max_uses === 1 ? "This code has already been used." : "This code has been used as often as it may be.");
  }
  if (claim.status === "granted") throw codeError("This account has already redeemed this code.");
  const operation = toView(operationFromRow(operationRows?.results?.[0] as Record<string, unknown>));
  const grant: ClaimGrant = { claimId: claim.id, accountId: data.accountId, shard: shardId, minutes: claim.minutes, memo };
  const granted = await grantNow(ctx, grant);
  if (granted) {
    await finishGrant(ctx, { claimId: claim.id, operationId: claim.operation_id }, true);
    return { status: "granted", minutes: claim.minutes, balance: granted.balance };
  }
  // The shard write failed: the operation's Workflow retries with the same key (the reconciler starts it if this is lost).
  await launch(ctx, claim.operation_id, "grant_credit");
  return { status: "pending", minutes: claim.minutes, operation };
}

/** The grant on the shard, once per claim; null when the workers app or the shard did not answer. */
async function grantNow(ctx: Ctx, grant: ClaimGrant): Promise<AppendCreditResult | null> {
  try {
    const result = await ctx.stage.appendCredit(grantEntry(grant, ctx.now().getTime()));
    if (result.ok && result.value.status !== "insufficient") return result.value;
    if (!result.ok) console.error("[credits] grant refused", result.code);
  } catch (error) {
    console.error("[credits] grant failed", error instanceof Error ? error.name : typeof error);
  }
  return null;
}

/**
 * The claim is granted: `claimed` → `granted` (one conditional update), with its audit row; `inline` (the redeeming
 * request did the grant itself) also completes the operation, which no Workflow is running.
 */
async function finishGrant(ctx: Ctx, step: { claimId: string; operationId: string }, inline: boolean): Promise<void> {
  const at = unixSeconds(ctx.now());
  await batchStatements(ctx, [
    sql`UPDATE credit_claims SET status = 'granted', granted_at = ${at} WHERE id = ${step.claimId} AND status = 'claimed'`,
    conditionalAuditEntry(
      { ...ctx, actor: null },
      {
        accountId: sql`(SELECT account_id FROM credit_claims WHERE id = ${step.claimId})`,
        action: "credit_code.granted",
        targetType: "credit_claim",
        targetId: step.claimId,
      },
    ),
    inline
      ? sql`UPDATE operations SET state = 'completed', step = 'done', result = json_object('inline', 1), updated_at = ${at}
            WHERE id = ${step.operationId} AND state = 'running'`
      : sql`SELECT 1`,
  ]);
}

/** The grant flow's last webapp step: the claim is marked granted (the ledger already holds its entry). */
// verb-exempt: a step of the grant-credit Workflow, authorized (account.manage) when its claim and operation were inserted; audited with conditionalAuditEntry
export async function markClaimGranted({ ctx, input }: { ctx: Ctx; input: z.input<typeof ClaimStepInput> }): Promise<{ granted: true }> {
  const step = parseInput(ClaimStepInput, input);
  await finishGrant(ctx, step, false);
  return { granted: true };
}

