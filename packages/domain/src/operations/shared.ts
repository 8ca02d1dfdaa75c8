import { type OPERATION_KINDS, type OPERATION_STATES, operations } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { type SQL, sql } from "drizzle-orm";
import { type PermissionKey, type Resource, actorMay, actorPermissionCtes, authorizeReadAndWrite, conditionalAuditEntry, tableRow } from "../access";
import type { Authorized } from "../access/authorize";
import { type Ctx, requireActor, unixSeconds } from "../context";
import type { DomainError } from "../errors";
import { shardFromRows, shardStatements } from "../shards/assign";

export type OperationKind = (typeof OPERATION_KINDS)[number];
export type OperationState = (typeof OPERATION_STATES)[number];

/** How long a running operation may go without progress before the reconciler takes it over (each step renews it). */
export const OPERATION_LEASE_SECONDS = 180;

export const ACTIVE_STATES: readonly OperationState[] = ["running", "compensating"];

/** An operation as the UI and the API show it (the flow's internal params stay in the webapp D1). */
export type OperationView = {
  id: string;
  kind: OperationKind;
  subjectType: "room" | "event" | "user";
  subjectId: string;
  accountId: string | null;
  state: OperationState;
  step: string;
  lastError: string | null;
  attempts: number;
  instanceId: string;
  result: Record<string, unknown> | null;
  createdAt: Date;
  updatedAt: Date;
  deadlineAt: Date;
  /** True once the flow has ended (completed, compensated or failed): the UI stops following it. */
  done: boolean;
};

/** The operation with the params its Workflow reads (shard, account, actor, ...). Only for the workers app. */
export type OperationForFlow = OperationView & { params: Record<string, unknown> };

function parseJson(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function operationFromRow(raw: Record<string, unknown>): OperationForFlow {
  const row = tableRow(operations, raw);
  return {
    id: row.id,
    kind: row.kind,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    accountId: row.accountId,
    state: row.state,
    step: row.step,
    lastError: row.lastError,
    attempts: row.attempts,
    instanceId: row.instanceId,
    result: parseJson(row.result),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deadlineAt: row.deadlineAt,
    done: !ACTIVE_STATES.includes(row.state),
    params: parseJson(row.params) ?? {},
  };
}

export function toView(operation: OperationForFlow): OperationView {
  const { params: _params, ...view } = operation;
  return view;
}

/** What a start verb answers: the operation, and whether this call made it (false: a double submit found it). */
export type StartedOperation = { operation: OperationView; created: boolean };

export type TenantFlow = {
  kind: OperationKind;
  subjectType: "room" | "event";
  subjectId: string;
  permission: PermissionKey;
  resource: Resource;
  /** SQL giving the tenant's account id (the room's or the event's). */
  account: SQL;
  /** SQL giving the Workflow's params as JSON text; the account's shard is `(SELECT shard_id FROM account_shards …)`. */
  params: (shard: SQL) => SQL;
  /** Further conditions for starting, in SQL (the event is not archived or deleting, nothing else runs, ...). */
  guard: SQL;
  requestId: string | undefined;
  /** The answer when the guard refused a start that authorization allowed. */
  refused: (access: Authorized) => DomainError;
};

/**
 * Starts a flow of one tenant in one round trip: the authorization, the account's shard (assigned on first use) and
 * the `operations` row (state running, a deadline) in one batch, the insert guarded by the same decision in SQL. At
 * most one unfinished operation of a kind per subject (a partial unique index): a double submit or a concurrent
 * start finds the operation already there and starts no second Workflow. Then the Workflow is started over RPC; if
 * that call is lost, the reconciler finds the operation past its deadline and starts it.
 */
export async function startTenantFlow(ctx: Ctx, flow: TenantFlow): Promise<StartedOperation> {
  const actor = requireActor(ctx);
  const now = ctx.now();
  const at = unixSeconds(now);
  const operationId = flow.requestId ?? createId();
  const [assignShard, readShard] = shardStatements(flow.account, now);
  const shard = sql`(SELECT shard_id FROM account_shards WHERE account_id = (${flow.account}))`;
  const [access, [, shardRows], [inserted, , found]] = await authorizeReadAndWrite<[unknown[], unknown[]]>(
    ctx,
    flow.permission,
    flow.resource,
    [assignShard, readShard],
    [
      sql`WITH RECURSIVE ${actorPermissionCtes(actor.userId, flow.resource)}
          INSERT INTO operations (id, kind, account_id, subject_type, subject_id, state, step, attempts, instance_id, params,
                                  created_by, created_at, updated_at, deadline_at)
          SELECT ${operationId}, ${flow.kind}, (${flow.account}), ${flow.subjectType}, ${flow.subjectId}, 'running', 'queued', 1,
                 ${operationId}, ${flow.params(shard)}, ${actor.userId}, ${at}, ${at}, ${at + OPERATION_LEASE_SECONDS}
          WHERE ${actorMay(flow.permission)} AND ${shard} IS NOT NULL AND ${flow.guard}
          ON CONFLICT DO NOTHING`,
      conditionalAuditEntry(ctx, {
        accountId: sql`(${flow.account})`,
        action: `operation.${flow.kind}`,
        targetType: flow.subjectType,
        targetId: flow.subjectId,
        after: { operationId },
      }),
      // This request's operation (a resubmitted form), else the unfinished one of the same kind for the subject.
      sql`SELECT * FROM operations
          WHERE kind = ${flow.kind} AND subject_id = ${flow.subjectId}
            AND (id = ${operationId} OR state IN ('running', 'compensating'))
          ORDER BY id = ${operationId} DESC LIMIT 1`,
    ],
  );
  shardFromRows(shardRows);
  const row = found?.results?.[0] as Record<string, unknown> | undefined;
  if (!row) throw flow.refused(access);
  const operation = operationFromRow(row);
  const created = (inserted?.meta.changes ?? 0) > 0;
  if (created) await launch(ctx, operation.id, operation.kind);
  return { operation: toView(operation), created };
}

/**
 * Starts the operation's Workflow (instance id = operation id). A failed call leaves the operation running with the
 * error noted: the reconciler starts it once the deadline passes.
 */
export async function launch(ctx: Ctx, operationId: string, kind: OperationKind): Promise<void> {
  try {
    const result = await ctx.stage.startOperation({ operationId, kind });
    if (result.ok) return;
    console.error("[operations] start refused", result.code);
  } catch (error) {
    console.error("[operations] start failed", error instanceof Error ? error.name : typeof error);
  }
}

export const eventOpen = (eventId: SQL | string) =>
  sql`EXISTS (SELECT 1 FROM events WHERE id = (${eventId}) AND status IN ('draft', 'active'))`;
