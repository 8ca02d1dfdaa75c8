import type { z } from "zod";
import { sql } from "drizzle-orm";
import { readBatch } from "../access";
import { type Ctx, requireActor } from "../context";
import { notFound, parseInput } from "../errors";
import { OperationIdInput } from "./schemas";
import { type OperationView, operationFromRow, toView } from "./shared";

/**
 * One operation, for the UI and `GET /api/operations/<id>`: visible to whoever started it and to the owners of its
 * account (and, for a room's recording, to those who may manage that room's stage). Anyone else gets not_found, so
 * another tenant's operation does not appear to exist. One round trip.
 */
export async function getOperation({ ctx, input }: { ctx: Ctx; input: z.input<typeof OperationIdInput> }): Promise<OperationView> {
  const { operationId } = parseInput(OperationIdInput, input);
  const actor = requireActor(ctx);
  const [rows] = await readBatch(ctx, [
    sql`SELECT o.* FROM operations o
        WHERE o.id = ${operationId}
          AND (o.created_by = ${actor.userId}
               OR EXISTS (SELECT 1 FROM account_ownership w WHERE w.account_id = o.account_id AND w.user_id = ${actor.userId})
               OR (o.subject_type = 'room' AND EXISTS (
                     SELECT 1 FROM access_grants g JOIN rooms r ON r.event_id = g.event_id
                     JOIN role_permissions rp ON rp.role_id = g.role_id JOIN permissions p ON p.id = rp.permission_id
                     WHERE r.id = o.subject_id AND g.user_id = ${actor.userId} AND (g.room_id IS NULL OR g.room_id = r.id)
                       AND p.key = 'stage.manage')))`,
  ]);
  const row = rows?.[0] as Record<string, unknown> | undefined;
  if (!row) throw notFound("Operation not found");
  return toView(operationFromRow(row));
}

