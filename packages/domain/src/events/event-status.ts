import type { z } from "zod";
import { events } from "@greenroom/db/webapp/schema";
import { and, eq, inArray } from "drizzle-orm";
import { authorize } from "../access";
import { eventAudit } from "./event-audit";
import type { Ctx } from "../context";
import { conflict, parseInput } from "../errors";
import { EventIdInput } from "./schemas";
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

/** Draft → active. Only a draft with at least one room can be published. */
export async function publishEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof EventIdInput> }): Promise<EventRow> {
  const { eventId } = parseInput(EventIdInput, input);
  const access = await authorize(ctx, "event.publish", { kind: "event", eventId });
  const draft = and(eq(events.id, eventId), eq(events.status, "draft"));
  const [, [updated]] = await ctx.db.batch([
    eventAudit(ctx, access, "event.publish", draft, { status: "active" }),
    ctx.db.update(events).set({ status: "active", updatedAt: ctx.now() }).where(draft).returning(),
  ]);
  if (!updated) throw conflict("Only a draft can be published; this event is already published or archived.");
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
