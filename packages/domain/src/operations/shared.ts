import { operations } from "@greenroom/db/webapp/schema";
import type { OperationKind, OperationState } from "@greenroom/db/webapp/values";
import { type SQL, sql } from "drizzle-orm";
import { type PermissionKey, type Resource, actorMay, actorPermissionCtes, authorizeReadAndWrite, conditionalAuditEntry, tableRow } from "../access";
import type { Authorized } from "../access/authorize";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { conflict, type DomainError } from "../errors";
import { newId } from "../ids";
import { shardFromRows, shardStatements } from "../shards/assign";

/**
 * A room's latest recording session: the latest start_recording operation that completed (its id is the session id).
 * `created_at` is in seconds, so a tie goes to the row inserted last (`rowid`), never to the larger random id.
 */
export const latestRecordingSession = (roomId: string): SQL =>
  sql`(SELECT s.id FROM operations s WHERE s.kind = 'start_recording' AND s.subject_id = ${roomId} AND s.state = 'completed'
       ORDER BY s.created_at DESC, s.rowid DESC LIMIT 1)`;

export type { OperationKind, OperationState };

/** How long a running operation may go without progress before the reconciler takes it over (each step renews it). */
export const OPERATION_LEASE_SECONDS = 180;

export const ACTIVE_STATES: readonly OperationState[] = ["running", "compensating"];

/** An operation as the UI and the API show it (the flow's internal params stay in the webapp D1). */
export type OperationView = {
  id: string;
  kind: OperationKind;
  subjectType: "room" | "event" | "user" | "credit_claim";
  subjectId: string;
  accountId: string | null;
  state: OperationState;
  step: string;
  /**
   * What went wrong. For tenants (`toView`): a message written for them (a refusal the flow gave in words, or a
   * generic one), never a provider's or the database's text; for platform admins (`toAdminView`): the raw text.
   */
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

/** The operation with the params its Workflow reads (shard, account, actor, ...), its raw `lastError` and the tenant's message. */
export type OperationForFlow = OperationView & { params: Record<string, unknown>; publicError: string | null };

/**
 * What a tenant reads when a flow failed for a reason that was not written for them (a provider's or D1's text). No
 * final period, like the flows' refusals: the UI puts it into a sentence ("Failed: …. A platform admin has been shown it.").
 */
export const GENERIC_OPERATION_ERROR = "Something went wrong on our side";

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
    publicError: row.publicError,
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

/** The operation as its tenant sees it: the flow's params stay inside, and `lastError` is the message written for them. */
export function toView(operation: OperationForFlow): OperationView {
  const { params: _params, publicError, ...view } = operation;
  return { ...view, lastError: operation.lastError === null ? null : (publicError ?? GENERIC_OPERATION_ERROR) };
}

/** The operation for the admin dashboard: the raw error text, as the logs have it. */
export function toAdminView(operation: OperationForFlow): OperationView {
  const { params: _params, publicError: _public, ...view } = operation;
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
  /** The caller's idempotency key: a lookup (own column, unique per caller and kind), never the operation's id. */
  requestId: string | undefined;
  /** The answer when the guard refused a start that authorization allowed. */
  refused: (access: Authorized) => DomainError;
};

/**
 * The last statement of a start's batch: the operation this call inserted (its minted id), else the caller's earlier
 * operation with the same idempotency key (a resubmitted form, a retried request), else the subject's unfinished one
 * of the same kind (a concurrent start by someone else).
 */
export function startedOperationQuery(q: { kind: OperationKind; subjectId: string; operationId: string; actorId: string; requestKey: string | null }): SQL {
  const sameKey = sql`(${q.requestKey} IS NOT NULL AND created_by = ${q.actorId} AND request_key = ${q.requestKey})`;
  return sql`SELECT * FROM operations
      WHERE kind = ${q.kind}
        AND (id = ${q.operationId} OR ${sameKey} OR (subject_id = ${q.subjectId} AND state IN ('running', 'compensating')))
      ORDER BY id = ${q.operationId} DESC, ${sameKey} DESC LIMIT 1`;
}

/** The operation a start found, refused when the caller's key was first used for another subject. */
export function startedFrom(row: Record<string, unknown>, subjectId: string): OperationForFlow {
  const operation = operationFromRow(row);
  if (operation.subjectId !== subjectId) {
    throw conflict("This idempotency key was already used for another request. Send a new key for a new request.");
  }
  return operation;
}

/**
 * Starts a flow of one tenant in one round trip: the authorization, the account's shard (assigned on first use) and
 * the `operations` row (state running, a deadline) in one batch, the insert guarded by the same decision in SQL. The
 * operation id is minted here (it is also the Workflow instance id); the caller's `requestId` is stored only as its
 * idempotency key. At most one unfinished operation of a kind per subject (a partial unique index): a double submit or
 * a concurrent start finds the operation already there and starts no second Workflow. Then the Workflow is started
 * over RPC; if that call is lost, the reconciler finds the operation past its deadline and starts it.
 */
export async function startTenantFlow(ctx: Ctx, flow: TenantFlow): Promise<StartedOperation> {
  const actor = requireActor(ctx);
  const now = ctx.now();
  const at = unixSeconds(now);
  const operationId = newId();
  const requestKey = flow.requestId ?? null;
  const [assignShard, readShard] = shardStatements(flow.account, now);
  const shard = sql`(SELECT shard_id FROM account_shards WHERE account_id = (${flow.account}))`;
  const [access, [, shardRows], [inserted, , found]] = await authorizeReadAndWrite<[unknown[], unknown[]]>(
    ctx,
    flow.permission,
    flow.resource,
    [assignShard, readShard],
    [
      sql`WITH RECURSIVE ${actorPermissionCtes(actor, flow.resource)}
          INSERT INTO operations (id, kind, account_id, subject_type, subject_id, state, step, attempts, instance_id, params,
                                  request_key, created_by, created_at, updated_at, deadline_at)
          SELECT ${operationId}, ${flow.kind}, (${flow.account}), ${flow.subjectType}, ${flow.subjectId}, 'running', 'queued', 1,
                 ${operationId}, ${flow.params(shard)}, ${requestKey}, ${actor.userId}, ${at}, ${at}, ${at + OPERATION_LEASE_SECONDS}
          WHERE ${actorMay(actor, flow.permission)} AND ${shard} IS NOT NULL AND ${flow.guard}
          ON CONFLICT DO NOTHING`,
      conditionalAuditEntry(ctx, {
        accountId: sql`(${flow.account})`,
        action: `operation.${flow.kind}`,
        targetType: flow.subjectType,
        targetId: flow.subjectId,
        after: { operationId },
      }),
      startedOperationQuery({ kind: flow.kind, subjectId: flow.subjectId, operationId, actorId: actor.userId, requestKey }),
    ],
  );
  shardFromRows(shardRows);
  const row = found?.results?.[0] as Record<string, unknown> | undefined;
  if (!row) throw flow.refused(access);
  const operation = startedFrom(row, flow.subjectId);
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
