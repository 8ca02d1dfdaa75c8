import type { z } from "zod";
import { sql } from "drizzle-orm";
import { authorizeAndRead } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { RoomRecordingInput } from "./schemas";
import { type OperationView, operationFromRow, toView } from "./shared";

export type RoomRecordingPanel = {
  /** The operation to follow: the one the page was sent back with, else the room's latest start or stop. */
  operation: OperationView | null;
  /** Whether the actor may start and stop recording here. */
  canManage: boolean;
  /** The latest completed start has no completed stop yet: the room is being recorded. */
  recording: boolean;
};

/** The recording panel of a room's stage page (stage.view): authorization and the room's operations in one batch. */
export async function roomRecordingOperation({ ctx, input }: { ctx: Ctx; input: z.input<typeof RoomRecordingInput> }): Promise<RoomRecordingPanel> {
  const { roomId, operationId } = parseInput(RoomRecordingInput, input);
  const [access, rows] = await authorizeAndRead<Record<string, unknown>>(
    ctx,
    "stage.view",
    { kind: "room", roomId },
    sql`SELECT o.*,
          (SELECT s.id FROM operations s WHERE s.kind = 'start_recording' AND s.subject_id = ${roomId} AND s.state = 'completed'
           ORDER BY s.created_at DESC, s.id DESC LIMIT 1) AS live_session_id,
          (SELECT COUNT(*) FROM operations t WHERE t.kind = 'stop_recording' AND t.subject_id = ${roomId}
             AND t.state IN ('completed', 'failed', 'running', 'compensating')
             AND json_extract(t.params, '$.sessionId') = (
               SELECT s.id FROM operations s WHERE s.kind = 'start_recording' AND s.subject_id = ${roomId} AND s.state = 'completed'
               ORDER BY s.created_at DESC, s.id DESC LIMIT 1)) AS stops
        FROM operations o
        WHERE o.subject_id = ${roomId} AND o.kind IN ('start_recording', 'stop_recording')
        ORDER BY (o.id = ${operationId ?? ""}) DESC, o.created_at DESC, o.id DESC LIMIT 1`,
  );
  const row = rows[0];
  return {
    operation: row ? toView(operationFromRow(row)) : null,
    canManage: access.permissions.has("stage.manage"),
    recording: Boolean(row?.live_session_id) && Number(row?.stops ?? 0) === 0,
  };
}
