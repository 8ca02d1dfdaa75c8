import type { z } from "zod";
import { sql } from "drizzle-orm";
import { conditionalAuditEntry } from "../access";
import { requirePlatformAdmin } from "../admin/platform-admin";
import { batchStatements } from "../batch";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { conflict, invalid, notFound, parseInput } from "../errors";
import { newId } from "../ids";
import { DeleteUserInput } from "./schemas";
import { OPERATION_LEASE_SECONDS, type StartedOperation, launch, startedFrom, startedOperationQuery, toView } from "./shared";

/**
 * The user's deletion as one operation row (a user spans accounts, so the row has none): inserted only when `allowed`
 * holds in SQL and the user is not being deleted already; a second start finds the running one. The id is minted
 * here; `requestId` is only the caller's idempotency key.
 */
async function startUserDeletion(ctx: Ctx, userId: string, requestId: string | undefined, allowed: ReturnType<typeof sql>): Promise<StartedOperation> {
  const actor = requireActor(ctx);
  const at = unixSeconds(ctx.now());
  const operationId = newId();
  const requestKey = requestId ?? null;
  const [inserted, , found] = await batchStatements(ctx, [
    sql`INSERT INTO operations (id, kind, account_id, subject_type, subject_id, state, step, attempts, instance_id, params,
                                request_key, created_by, created_at, updated_at, deadline_at)
        SELECT ${operationId}, 'delete_user', NULL, 'user', ${userId}, 'running', 'queued', 1, ${operationId},
               json_object('userId', ${userId}, 'actorId', ${actor.userId}), ${requestKey}, ${actor.userId}, ${at}, ${at},
               ${at + OPERATION_LEASE_SECONDS}
        WHERE ${allowed} AND EXISTS (SELECT 1 FROM users WHERE id = ${userId} AND deleting_at IS NULL)
        ON CONFLICT DO NOTHING`,
    conditionalAuditEntry(ctx, {
      accountId: null,
      action: "operation.delete_user",
      targetType: "user",
      targetId: userId,
      after: { operationId },
    }),
    startedOperationQuery({ kind: "delete_user", subjectId: userId, operationId, actorId: actor.userId, requestKey }),
  ]);
  const row = found?.results?.[0] as Record<string, unknown> | undefined;
  if (!row) throw notFound("User not found");
  const operation = startedFrom(row, userId);
  const created = (inserted?.meta.changes ?? 0) > 0;
  if (created) await launch(ctx, operation.id, operation.kind);
  return { operation: toView(operation), created };
}

/**
 * A platform admin deletes a user: the delete-user Workflow ends their sessions, removes their stage events and clips
 * from every shard, then their row (ownerships and grants go with it). An admin cannot delete themselves here.
 */
export async function deleteUser({ ctx, input }: { ctx: Ctx; input: z.input<typeof DeleteUserInput> }): Promise<StartedOperation> {
  const admin = await requirePlatformAdmin(ctx);
  const { userId, requestId } = parseInput(DeleteUserInput, input);
  if (userId === admin.userId) throw invalid("You cannot delete yourself here", { userId: ["Use your account page, or ask another admin"] });
  return startUserDeletion(
    ctx,
    userId,
    requestId,
    sql`EXISTS (SELECT 1 FROM users me WHERE me.id = ${admin.userId} AND me.platform_role = 'admin' AND me.disabled_at IS NULL)`,
  );
}

export const SOLE_OWNER_MESSAGE =
  "You are the only owner of an organization. Add a co-owner (or delete its events) first, so the organization is not left without an owner.";

/**
 * A signed-in user deletes their own account. Refused while they are the only owner of an organization account
 * (it would be left with nobody to run it). Their personal account stays, without an owner.
 */
// verb-exempt: the actor deletes only their own user row (the subject is the actor), and the insert writes an audit row
export async function deleteOwnAccount({ ctx, input }: { ctx: Ctx; input: { requestId?: string } }): Promise<StartedOperation> {
  const actor = requireActor(ctx);
  const { requestId } = parseInput(DeleteUserInput.pick({ requestId: true }), input);
  const soleOrganizationOwner = sql`EXISTS (
    SELECT 1 FROM account_ownership o JOIN accounts a ON a.id = o.account_id
    WHERE o.user_id = ${actor.userId} AND a.kind = 'organization'
      AND NOT EXISTS (SELECT 1 FROM account_ownership x WHERE x.account_id = o.account_id AND x.user_id <> ${actor.userId}))`;
  try {
    return await startUserDeletion(ctx, actor.userId, requestId, sql`NOT ${soleOrganizationOwner}`);
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "not_found") throw conflict(SOLE_OWNER_MESSAGE);
    throw error;
  }
}
