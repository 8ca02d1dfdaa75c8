import type { z } from "zod";
import { events } from "@greenroom/db/webapp/schema";
import { and, eq, inArray, sql } from "drizzle-orm";
import { authorize } from "../access";
import { eventAudit } from "./event-audit";
import type { Ctx } from "../context";
import { conflict, invalid, parseInput } from "../errors";
import { EventIdInput, PublishEventInput } from "./schemas";

export const NO_WAY_IN_MESSAGE =
  "Nobody can join this event yet: it has no ticket type and no invitations. Add a ticket type or invite people first, or publish it anyway.";
import type { EventRow } from "./rows";

/** Active or draft → archived. Archived events leave lists and public pages but keep their data. */
export async function archiveEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof EventIdInput> }): Promise<EventRow> {
  const { eventId } = parseInput(EventIdInput, input);
  const access = await authorize(ctx, "event.publish", { kind: "event", eventId });
  const archivable = and(eq(events.id, eventId), inArray(events.status, ["draft", "active"]));
  const [, [updated]] = await ctx.db.batch([
    eventAudit(ctx, access, "event.archive", archivable, { status: "archived" }),
    ctx.db.update(events).set({ status: "archived", updatedAt: ctx.now() }).where(archivable).returning(),
  ]);
  if (!updated) throw conflict("The event is already archived.");
  return updated;
}

/**
 * Draft → active. Asked to warn (the organizer's form), an event with no active ticket type and no pending or
 * accepted invitation is published only when confirmed: the condition is part of the one conditional UPDATE (and of its audit row), and a read in the same
 * batch says which refusal it was.
 */
export async function publishEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof PublishEventInput> }): Promise<EventRow> {
  const { eventId, confirm, warnIfNoWayIn } = parseInput(PublishEventInput, input);
  const access = await authorize(ctx, "event.publish", { kind: "event", eventId });
  const wayIn = sql`(EXISTS (SELECT 1 FROM ticket_types WHERE event_id = ${eventId} AND status = 'active')
    OR EXISTS (SELECT 1 FROM invitations WHERE event_id = ${eventId} AND status IN ('pending', 'accepted')))`;
  const draft = and(eq(events.id, eventId), eq(events.status, "draft"), warnIfNoWayIn && !confirm ? wayIn : undefined);
  const [, [updated], [state]] = await ctx.db.batch([
    eventAudit(ctx, access, "event.publish", draft, { status: "active" }),
    ctx.db.update(events).set({ status: "active", updatedAt: ctx.now() }).where(draft).returning(),
    ctx.db.select({ status: events.status, wayIn: sql<number>`${wayIn}` }).from(events).where(eq(events.id, eventId)),
  ]);
  if (!updated) {
    if (warnIfNoWayIn && state?.status === "draft" && !state.wayIn) throw invalid(NO_WAY_IN_MESSAGE, { confirm: [NO_WAY_IN_MESSAGE] });
    throw conflict("Only a draft can be published; this event is already published or archived.");
  }
  return updated;
}

/** Archived → draft: the event becomes editable again and stays off public pages until it is published again. */
export async function unarchiveEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof EventIdInput> }): Promise<EventRow> {
  const { eventId } = parseInput(EventIdInput, input);
  const access = await authorize(ctx, "event.publish", { kind: "event", eventId });
  const archived = and(eq(events.id, eventId), eq(events.status, "archived"));
  const [, [updated]] = await ctx.db.batch([
    eventAudit(ctx, access, "event.unarchive", archived, { status: "draft" }),
    ctx.db.update(events).set({ status: "draft", updatedAt: ctx.now() }).where(archived).returning(),
  ]);
  if (!updated) throw conflict("Only an archived event can be unarchived.");
  return updated;
}

/** Active → draft: the public page goes away; the event keeps its rooms, people and data. */
export async function unpublishEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof EventIdInput> }): Promise<EventRow> {
  const { eventId } = parseInput(EventIdInput, input);
  const access = await authorize(ctx, "event.publish", { kind: "event", eventId });
  const active = and(eq(events.id, eventId), eq(events.status, "active"));
  const [, [updated]] = await ctx.db.batch([
    eventAudit(ctx, access, "event.unpublish", active, { status: "draft" }),
    ctx.db.update(events).set({ status: "draft", updatedAt: ctx.now() }).where(active).returning(),
  ]);
  if (!updated) throw conflict("Only a published event can be unpublished.");
  return updated;
}
