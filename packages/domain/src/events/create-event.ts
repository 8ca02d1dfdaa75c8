import type { z } from "zod";
import { events, rooms } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { auditEntry, authorize } from "../access";
import { nonEmpty } from "../batch";
import type { Ctx } from "../context";
import { invalid, parseInput } from "../errors";
import { CreateEventInput } from "./schemas";
import { slugOf, slugSuffix } from "../slug";
import { zonedWallTimeToDate } from "./time";
import type { EventRow } from "./rows";

/** Creates an event and its first rooms atomically, in the given account. */
export async function createEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof CreateEventInput> }): Promise<EventRow> {
  const data = parseInput(CreateEventInput, input);
  await authorize(ctx, "event.create", { kind: "account", accountId: data.accountId });
  const startsAt = zonedWallTimeToDate(data.startsAt, data.timeZone);
  const endsAt = zonedWallTimeToDate(data.endsAt, data.timeZone);
  if (!startsAt) throw invalid("Check the start", { startsAt: ["Enter a valid start date and time"] });
  if (!endsAt) throw invalid("Check the end", { endsAt: ["Enter a valid end date and time"] });

  const now = ctx.now();
  const event: EventRow = {
    id: createId(),
    accountId: data.accountId,
    name: data.name,
    description: data.description,
    slug: `${slugOf(data.name, "event")}-${slugSuffix()}`,
    timeZone: data.timeZone,
    startsAt,
    endsAt,
    status: "draft",
    createdBy: ctx.actor?.userId ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const roomRows = data.rooms.map((room, position) => ({
    id: createId(),
    eventId: event.id,
    accountId: data.accountId,
    name: room.name,
    kind: room.kind,
    capacity: room.capacity ?? null,
    position,
    createdAt: now,
  }));
  await ctx.db.batch(
    nonEmpty([
      ctx.db.insert(events).values(event),
      ...roomRows.map((r) => ctx.db.insert(rooms).values(r)),
      auditEntry(ctx, {
        accountId: event.accountId,
        action: "event.create",
        targetType: "event",
        targetId: event.id,
        after: { name: event.name, rooms: roomRows.length },
      }),
    ]),
  );
  return event;
}
