import type { z } from "zod";
import { events } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { authorize } from "../access";
import { eventAudit } from "./event-audit";
import type { Ctx } from "../context";
import { invalid, notFound, parseInput } from "../errors";
import { UpdateEventInput } from "./schemas";
import { zonedWallTimeToDate } from "./time";
import type { EventRow } from "./rows";

export async function updateEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof UpdateEventInput> }): Promise<EventRow> {
  const data = parseInput(UpdateEventInput, input);
  const access = await authorize(ctx, "event.update", { kind: "event", eventId: data.eventId });
  const startsAt = zonedWallTimeToDate(data.startsAt, data.timeZone);
  const endsAt = zonedWallTimeToDate(data.endsAt, data.timeZone);
  if (!startsAt || !endsAt) throw invalid("Check the dates", { startsAt: ["Enter a valid date and time"] });
  const [, [updated]] = await ctx.db.batch([
    eventAudit(ctx, access, "event.update", eq(events.id, data.eventId), { name: data.name }),
    ctx.db
      .update(events)
      .set({
        name: data.name,
        description: data.description,
        timeZone: data.timeZone,
        startsAt,
        endsAt,
        updatedAt: ctx.now(),
      })
      .where(eq(events.id, data.eventId))
      .returning(),
  ]);
  if (!updated) throw notFound("Event not found");
  return updated;
}
