import { rooms } from "@greenroom/db/webapp/schema";
import type { SQL } from "drizzle-orm";
import { type Authorized, auditWhere } from "../access";
import type { Ctx } from "../context";

/** The audit row for a change to a room, written only if the room matches `where` at that point of the batch. */
export function roomAudit(ctx: Ctx, access: Authorized, action: string, roomId: string, where: SQL | undefined, after: unknown) {
  return auditWhere(ctx, { accountId: access.accountId, action, targetType: "room", targetId: roomId, after }, rooms, where);
}
