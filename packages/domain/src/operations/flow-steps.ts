import type { z } from "zod";
import { sql } from "drizzle-orm";
import { authorize, conditionalAuditEntry, requireEditableEvent } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { parseInput } from "../errors";
import { FlowActorInput, FlowSubjectInput } from "./schemas";

// The webapp side of the flows: Workflow steps and their compensations, each idempotent and keyed by the operation.
// The flow was authorized when its operation row was inserted; these run with the workers app's system context.

/** Start recording, step 1: the actor still holds stage.manage for the room, and its event is neither archived nor deleting. */
export async function checkRecordingGrant({ ctx, input }: { ctx: Ctx; input: z.input<typeof FlowActorInput> }): Promise<{ eventId: string | null }> {
  const { roomId, actorId } = parseInput(FlowActorInput, input);
  const access = await authorize({ ...ctx, actor: { userId: actorId } }, "stage.manage", { kind: "room", roomId });
  requireEditableEvent(access);
  return { eventId: access.eventId };
}

/**
 * Delete event, step 1: the event becomes `deleting` (hidden and read-only), its previous status kept in the
 * operation's result for the compensation. A repeat, or an event already gone, changes nothing.
 */
// verb-exempt: a step of the delete-event Workflow, authorized (account.manage) when its operation row was inserted
export async function markEventDeleting({ ctx, input }: { ctx: Ctx; input: z.input<typeof FlowSubjectInput> }): Promise<{ previousStatus: string | null }> {
  const { operationId, subjectId } = parseInput(FlowSubjectInput, input);
  const [, , read] = await batchStatements(ctx, [
    sql`UPDATE operations SET result = json_object('previousStatus', (SELECT status FROM events WHERE id = ${subjectId}))
        WHERE id = ${operationId} AND json_extract(result, '$.previousStatus') IS NULL
          AND EXISTS (SELECT 1 FROM events WHERE id = ${subjectId} AND status <> 'deleting')`,
    sql`UPDATE events SET status = 'deleting', updated_at = ${unixSeconds(ctx.now())} WHERE id = ${subjectId} AND status <> 'deleting'`,
    sql`SELECT json_extract(result, '$.previousStatus') AS previous FROM operations WHERE id = ${operationId}`,
  ]);
  return { previousStatus: ((read?.results?.[0] as { previous?: string | null } | undefined)?.previous ?? null) };
}

/** Compensation of step 1: the event gets its previous status back (only while it is still `deleting`). */
// verb-exempt: the compensation of a delete-event Workflow step, authorized when its operation row was inserted
export async function restoreDeletingEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof FlowSubjectInput> }): Promise<void> {
  const { operationId, subjectId } = parseInput(FlowSubjectInput, input);
  await batchStatements(ctx, [
    sql`UPDATE events SET status = COALESCE((SELECT json_extract(result, '$.previousStatus') FROM operations WHERE id = ${operationId}), 'draft'),
          updated_at = ${unixSeconds(ctx.now())}
        WHERE id = ${subjectId} AND status = 'deleting'`,
  ]);
}

/** Delete event, last step: the event row goes (its rooms, grants and tickets cascade), with an audit row. */
// verb-exempt: the last step of the delete-event Workflow, authorized (account.manage) when its operation row was inserted
export async function removeDeletingEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof FlowSubjectInput> }): Promise<{ removed: boolean }> {
  const { operationId, subjectId } = parseInput(FlowSubjectInput, input);
  const [removed] = await batchStatements(ctx, [
    sql`DELETE FROM events WHERE id = ${subjectId} AND status = 'deleting'`,
    conditionalAuditEntry(
      { ...ctx, actor: null },
      {
        accountId: sql`(SELECT account_id FROM operations WHERE id = ${operationId})`,
        action: "event.delete",
        targetType: "event",
        targetId: subjectId,
        after: { operationId },
      },
    ),
  ]);
  return { removed: (removed?.meta.changes ?? 0) > 0 };
}

/** Delete user, step 1: `deleting_at` set and `session_version` bumped, so every session of theirs ends now. */
// verb-exempt: a step of the delete-user Workflow, authorized (platform admin or the user) when its operation row was inserted
export async function markUserDeleting({ ctx, input }: { ctx: Ctx; input: z.input<typeof FlowSubjectInput> }): Promise<void> {
  const { subjectId } = parseInput(FlowSubjectInput, input);
  await batchStatements(ctx, [
    sql`UPDATE users SET deleting_at = ${unixSeconds(ctx.now())}, session_version = session_version + 1
        WHERE id = ${subjectId} AND deleting_at IS NULL`,
  ]);
}

/** Compensation of step 1: the user is no longer being deleted (they sign in again; their old sessions stay ended). */
// verb-exempt: the compensation of a delete-user Workflow step, authorized when its operation row was inserted
export async function restoreDeletingUser({ ctx, input }: { ctx: Ctx; input: z.input<typeof FlowSubjectInput> }): Promise<void> {
  const { subjectId } = parseInput(FlowSubjectInput, input);
  await batchStatements(ctx, [sql`UPDATE users SET deleting_at = NULL WHERE id = ${subjectId} AND deleting_at IS NOT NULL`]);
}

/** Delete user, last step: the user row goes (ownerships, grants and login tokens cascade), with an audit row. */
// verb-exempt: the last step of the delete-user Workflow, authorized when its operation row was inserted
export async function removeDeletingUser({ ctx, input }: { ctx: Ctx; input: z.input<typeof FlowSubjectInput> }): Promise<{ removed: boolean }> {
  const { operationId, subjectId } = parseInput(FlowSubjectInput, input);
  const [, removed] = await batchStatements(ctx, [
    // The founder link is kept as history on the account, but must not block the delete.
    sql`UPDATE accounts SET founded_by = NULL
        WHERE founded_by = ${subjectId} AND EXISTS (SELECT 1 FROM users WHERE id = ${subjectId} AND deleting_at IS NOT NULL)`,
    sql`DELETE FROM users WHERE id = ${subjectId} AND deleting_at IS NOT NULL`,
    conditionalAuditEntry({ ...ctx, actor: null }, { accountId: null, action: "user.delete", targetType: "user", targetId: subjectId, after: { operationId } }),
  ]);
  return { removed: (removed?.meta.changes ?? 0) > 0 };
}
