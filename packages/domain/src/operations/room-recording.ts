import type { z } from "zod";
import { type SQL, sql } from "drizzle-orm";
import { type Authorized, authorizeAndRead } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { RoomRecordingInput } from "./schemas";
import { type OperationView, latestRecordingSession, operationFromRow, toView } from "./shared";

export type RoomRecordingPanel = {
  /** The operation to follow: the one named (when it is this room's), else the room's latest start or stop. */
  operation: OperationView | null;
  /** Whether the actor may start and stop recording here. */
  canManage: boolean;
  /** The latest completed start has no stop yet: the room is being recorded. */
  recording: boolean;
};

/** The read behind the recording panel, for a page's own batch (the stage page puts it in `roomPage`'s). */
export function roomRecordingQuery(roomId: string, operationId?: string): SQL {
  return sql`SELECT o.*, ${latestRecordingSession(roomId)} AS live_session_id,
          (SELECT COUNT(*) FROM operations t WHERE t.kind = 'stop_recording' AND t.subject_id = ${roomId}
             AND t.state IN ('completed', 'failed', 'running', 'compensating')
             AND json_extract(t.params, '$.sessionId') = ${latestRecordingSession(roomId)}) AS stops
        FROM (SELECT 1) AS one
        LEFT JOIN (
          SELECT * FROM operations WHERE subject_id = ${roomId} AND kind IN ('start_recording', 'stop_recording')
          ORDER BY (id = ${operationId ?? ""}) DESC, created_at DESC, rowid DESC LIMIT 1
        ) AS o ON 1 = 1`;
}

/** The panel out of `roomRecordingQuery`'s rows and the actor's authorization. */
export function toRecordingPanel(rows: unknown[] | undefined, access: Authorized): RoomRecordingPanel {
  const row = rows?.[0] as Record<string, unknown> | undefined;
  return {
    operation: row?.id ? toView(operationFromRow(row)) : null,
    canManage: access.permissions.has("stage.manage"),
    recording: Boolean(row?.live_session_id) && Number(row?.stops ?? 0) === 0,
  };
}

/** The recording panel of a room's stage (stage.view): authorization and the room's operations in one batch. */
export async function roomRecordingOperation({ ctx, input }: { ctx: Ctx; input: z.input<typeof RoomRecordingInput> }): Promise<RoomRecordingPanel> {
  const { roomId, operationId } = parseInput(RoomRecordingInput, input);
  const [access, rows] = await authorizeAndRead<Record<string, unknown>>(ctx, "stage.view", { kind: "room", roomId }, roomRecordingQuery(roomId, operationId));
  return toRecordingPanel(rows, access);
}
