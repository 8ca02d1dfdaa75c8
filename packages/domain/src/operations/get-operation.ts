import type { z } from "zod";
import { sql } from "drizzle-orm";
import { keyStillValid, readBatch } from "../access";
import { authorizationStatementsFor, decide, type OwnerRow, type PermissionRow, type TargetRow } from "../access/authorize";
import { type Actor, type Ctx, requireActor } from "../context";
import { isDomainError, notFound, parseInput } from "../errors";
import { OperationIdInput } from "./schemas";
import { type OperationView, operationFromRow, toView } from "./shared";

/**
 * One operation, for the UI and `GET /api/operations/<id>`: visible to whoever started it, to the owners of its
 * account and, for a room's recording, to everyone who may manage that room's stage, resolved exactly as `authorize`
 * resolves `stage.manage` on the room (the same statements and `decide`: role inheritance, custom roles, room grants,
 * verified address). Anyone else gets not_found, so another tenant's operation does not appear to exist. One round trip.
 */
export async function getOperation({ ctx, input }: { ctx: Ctx; input: z.input<typeof OperationIdInput> }): Promise<OperationView> {
  const { operationId } = parseInput(OperationIdInput, input);
  const actor = requireActor(ctx);
  const room = sql`SELECT r.account_id, r.event_id, r.id AS room_id FROM operations o JOIN rooms r ON r.id = o.subject_id
                   WHERE o.id = ${operationId} AND o.subject_type = 'room'`;
  const [rows, targets, owners, permissions, accountOwners] = await readBatch(ctx, [
    sql`SELECT * FROM operations WHERE id = ${operationId} AND ${keyStillValid(actor)}`,
    ...authorizationStatementsFor(actor, room),
    sql`SELECT 1 AS owner FROM operations o JOIN account_ownership w ON w.account_id = o.account_id
        WHERE o.id = ${operationId} AND w.user_id = ${actor.userId}`,
  ]);
  const row = rows?.[0] as Record<string, unknown> | undefined;
  if (!row) throw notFound("Operation not found");
  const operation = operationFromRow(row);
  // A key follows only its own account's operations, and only with a scope that lets it see the stage.
  const key = actor.key;
  const keyMay = !key || (row.account_id === key.accountId && (key.permissions.has("stage.view") || key.permissions.has("stage.manage")));
  const mayFollow =
    (keyMay && row.created_by === actor.userId) ||
    (keyMay && (accountOwners?.length ?? 0) > 0) ||
    ((targets?.length ?? 0) > 0 &&
      stageManager(operation.subjectId, [targets as TargetRow[], owners as OwnerRow[], permissions as PermissionRow[]], actor));
  if (!mayFollow) throw notFound("Operation not found");
  return toView(operation);
}

function stageManager(roomId: string, rows: readonly [TargetRow[], OwnerRow[], PermissionRow[]], actor: Actor): boolean {
  try {
    decide({ kind: "room", roomId }, "stage.manage", rows, actor);
    return true;
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}
