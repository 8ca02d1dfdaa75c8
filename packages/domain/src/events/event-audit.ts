import { events } from "@greenroom/db/webapp/schema";
import type { SQL } from "drizzle-orm";
import { type Authorized, auditWhere } from "../access";
import type { Ctx } from "../context";

/** The audit row for a change to an event, written only if the event still matches `where` (see `auditWhere`). */
export function eventAudit(ctx: Ctx, access: Authorized, action: string, where: SQL | undefined, after: unknown) {
  const eventId = access.eventId ?? "";
  return auditWhere(ctx, { accountId: access.accountId, action, targetType: "event", targetId: eventId, after }, events, where);
}
