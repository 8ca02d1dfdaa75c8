import type { z } from "zod";
import { events } from "@greenroom/db/webapp/schema";
import { and, eq, ne } from "drizzle-orm";
import { authorize, requireEditableEvent } from "../access";
import { ARCHIVED_EVENT_MESSAGE } from "../access";
import { eventAudit } from "./event-audit";
import type { Ctx } from "../context";
import { conflict, invalid, parseInput } from "../errors";
import { UpdateEventInput } from "./schemas";
import { zonedWallTimeToDate } from "./time";
import type { EventRow } from "./rows";

const SLUG_TAKEN = "That address is already taken by another event. Choose another.";

/** D1 reports a unique index violation in its message; only the slug index can fail on this update. */
function isSlugConflict(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : "";
  return /UNIQUE constraint failed: events\.slug/i.test(text);
}

/** Edits an event's details and, optionally, its public address (slug). An archived event is read-only. */
export async function updateEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof UpdateEventInput> }): Promise<EventRow> {
  const data = parseInput(UpdateEventInput, input);
  const access = await authorize(ctx, "event.update", { kind: "event", eventId: data.eventId });
  requireEditableEvent(access);
  const startsAt = zonedWallTimeToDate(data.startsAt, data.timeZone);
  const endsAt = zonedWallTimeToDate(data.endsAt, data.timeZone);
  if (!startsAt || !endsAt) throw invalid("Check the dates", { startsAt: ["Enter a valid date and time"] });
  // The status condition closes the gap between the check above and the write: archiving wins.
  const editable = and(eq(events.id, data.eventId), ne(events.status, "archived"));
  let updated: EventRow | undefined;
  try {
    const [, rows] = await ctx.db.batch([
      eventAudit(ctx, access, "event.update", editable, { name: data.name, ...(data.slug ? { slug: data.slug } : {}) }),
      ctx.db
        .update(events)
        .set({
          name: data.name,
          description: data.description,
          timeZone: data.timeZone,
          startsAt,
          endsAt,
          ...(data.slug ? { slug: data.slug } : {}),
          updatedAt: ctx.now(),
        })
        .where(editable)
        .returning(),
    ]);
    updated = rows[0];
  } catch (error) {
    if (isSlugConflict(error)) throw invalid("Some fields need attention", { slug: [SLUG_TAKEN] });
    throw error;
  }
  if (!updated) throw conflict(ARCHIVED_EVENT_MESSAGE);
  return updated;
}
