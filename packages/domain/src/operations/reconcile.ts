import type { z } from "zod";
import { sql } from "drizzle-orm";
import { z as zod } from "zod";
import { readBatch } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { parseInput } from "../errors";
import { OperationStepInput, ReconcileFailureInput, ResumeOperationInput, StuckOperationsInput } from "./schemas";
import { OPERATION_LEASE_SECONDS, type OperationForFlow, operationFromRow } from "./shared";

// The reconciler's side in the webapp D1 (the workers app's Cron Trigger and its `reconcile` RPC call these).

/**
 * Operations stuck past their deadline (running or compensating), oldest deadline first; or the one named, whatever
 * its deadline (an admin's Retry or Compensate), also when it failed.
 */
export async function stuckOperations({ ctx, input }: { ctx: Ctx; input: z.input<typeof StuckOperationsInput> }): Promise<OperationForFlow[]> {
  const { limit, operationId } = parseInput(StuckOperationsInput, input);
  const [rows] = await readBatch(ctx, [
    operationId
      ? sql`SELECT * FROM operations WHERE id = ${operationId} AND state IN ('running', 'compensating', 'failed')`
      : sql`SELECT * FROM operations WHERE state IN ('running', 'compensating') AND deadline_at < ${unixSeconds(ctx.now())}
            ORDER BY deadline_at LIMIT ${limit}`,
  ]);
  return ((rows ?? []) as Record<string, unknown>[]).map(operationFromRow);
}

/**
 * Hands the operation to a new Workflow instance, `<operationId>-r<attempt>`: attempts + 1, a fresh deadline, and the
 * state for the mode (compensate: compensating). Conditional on the attempts the caller saw, so two reconcilers that
 * saw the same row resume it once. Answers the new instance id, or null when someone else got there first.
 */
// verb-exempt: the reconciler's takeover of a stuck flow (authorized when its row was inserted); admins go through adminOperationAction
export async function resumeOperation({ ctx, input }: { ctx: Ctx; input: z.input<typeof ResumeOperationInput> }): Promise<string | null> {
  const { operationId, attempts, mode } = parseInput(ResumeOperationInput, input);
  const at = unixSeconds(ctx.now());
  const instanceId = `${operationId}-r${attempts + 1}`;
  try {
    const [result] = await batchStatements(ctx, [
      sql`UPDATE operations
          SET attempts = attempts + 1, instance_id = ${instanceId},
              state = ${mode === "compensate" ? "compensating" : "running"},
              updated_at = ${at}, deadline_at = ${at + OPERATION_LEASE_SECONDS}
          WHERE id = ${operationId} AND attempts = ${attempts} AND state IN ('running', 'compensating', 'failed')`,
    ]);
    return (result?.meta.changes ?? 0) > 0 ? instanceId : null;
  } catch (error) {
    // A failed operation whose subject has a newer unfinished one cannot run again (the partial unique index).
    if (error instanceof Error && /UNIQUE/i.test(error.message)) return null;
    throw error;
  }
}

/**
 * Records that the reconciler failed to hand this operation on: the error (raw, for admins; tenants read the generic
 * message), one more attempt when `bump`, a fresh deadline so the next pass tries the others first, and `failed` (for an
 * admin) once the attempts reach the cap, in both modes. Conditional on the attempts seen: a racing pass changes nothing.
 */
// verb-exempt: the reconciler's bookkeeping for an operation it could not resume (authorized when its row was inserted)
export async function noteReconcileFailure({ ctx, input }: { ctx: Ctx; input: z.input<typeof ReconcileFailureInput> }): Promise<{ failed: boolean } | null> {
  const { operationId, attempts, bump, maxAttempts, error } = parseInput(ReconcileFailureInput, input);
  const at = unixSeconds(ctx.now());
  const next = attempts + (bump ? 1 : 0);
  const failed = next >= maxAttempts;
  const [result] = await batchStatements(ctx, [
    sql`UPDATE operations
        SET attempts = ${next}, last_error = ${`Reconciler: ${error}`.slice(0, 500)}, public_error = NULL,
            state = ${failed ? sql`'failed'` : sql`state`}, updated_at = ${at}, deadline_at = ${at + OPERATION_LEASE_SECONDS}
        WHERE id = ${operationId} AND attempts = ${attempts} AND state IN ('running', 'compensating')`,
  ]);
  return (result?.meta.changes ?? 0) > 0 ? { failed } : null;
}

/** An instance that is still running keeps its operation: the deadline moves on. */
// verb-exempt: the reconciler's lease renewal for a live Workflow instance; changes no data of anyone's
export async function extendOperationDeadline({ ctx, input }: { ctx: Ctx; input: z.input<typeof OperationStepInput> }): Promise<boolean> {
  const { operationId, instanceId } = parseInput(OperationStepInput, input);
  const at = unixSeconds(ctx.now());
  const [result] = await batchStatements(ctx, [
    sql`UPDATE operations SET deadline_at = ${at + OPERATION_LEASE_SECONDS}
        WHERE id = ${operationId} AND instance_id = ${instanceId} AND state IN ('running', 'compensating')`,
  ]);
  return (result?.meta.changes ?? 0) > 0;
}

const ShardIds = zod.object({ ids: zod.array(zod.string().regex(/^\d{4}$/)).max(1000) });

/** Registers every configured sessions shard in the shard registry (new ones as shared); existing rows are kept. */
// verb-exempt: the workers app registers its own configured bindings; no tenant data, no actor
export async function registerShards({ ctx, input }: { ctx: Ctx; input: z.input<typeof ShardIds> }): Promise<number> {
  const { ids } = parseInput(ShardIds, input);
  const [result] = await batchStatements(ctx, [
    sql`INSERT OR IGNORE INTO shards (id, mode, note, created_at)
        SELECT value, 'shared', '', ${unixSeconds(ctx.now())} FROM json_each(${JSON.stringify(ids)})`,
  ]);
  return result?.meta.changes ?? 0;
}
