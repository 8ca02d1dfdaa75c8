import { events, rooms } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, asc, desc, eq } from "drizzle-orm";
import { eventForOwner, requireAccountOwner } from "../access";
import type { Ctx } from "../context";
import { conflict, invalid, parseInput } from "../errors";
import { AccountIdInput, CreateEventInput, EventIdInput } from "./schemas";
import { zonedWallTimeToDate } from "./time";

export { CreateEventInput } from "./schemas";
export { dateToZonedWallTime, zonedWallTimeToDate, isTimeZone } from "./time";

export type EventRow = typeof events.$inferSelect;
export type RoomRow = typeof rooms.$inferSelect;

export function slugFor(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return `${base || "event"}-${createId().slice(0, 6)}`;
}

/** Creates an event and its first rooms atomically, in the given account. */
export async function createEvent({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<EventRow> {
  const data = parseInput(CreateEventInput, input);
  await requireAccountOwner(ctx, data.accountId);
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
    slug: slugFor(data.name),
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
  await ctx.db.batch([ctx.db.insert(events).values(event), ...roomRows.map((r) => ctx.db.insert(rooms).values(r))]);
  return event;
}

export async function listEvents({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<EventRow[]> {
  const { accountId } = parseInput(AccountIdInput, input);
  await requireAccountOwner(ctx, accountId);
  return ctx.db.select().from(events).where(eq(events.accountId, accountId)).orderBy(desc(events.startsAt));
}

export async function getEvent({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: unknown;
}): Promise<{ event: EventRow; rooms: RoomRow[] }> {
  const { eventId } = parseInput(EventIdInput, input);
  const event = await eventForOwner(ctx, eventId);
  const eventRooms = await ctx.db
    .select()
    .from(rooms)
    .where(and(eq(rooms.eventId, event.id), eq(rooms.status, "active")))
    .orderBy(asc(rooms.position), asc(rooms.createdAt));
  return { event, rooms: eventRooms };
}

/** Draft → active. Only a draft with at least one room can be published. */
export async function publishEvent({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<EventRow> {
  const { eventId } = parseInput(EventIdInput, input);
  const event = await eventForOwner(ctx, eventId);
  const now = ctx.now();
  const [updated] = await ctx.db
    .update(events)
    .set({ status: "active", updatedAt: now })
    .where(and(eq(events.id, event.id), eq(events.status, "draft")))
    .returning();
  if (!updated) throw conflict(event.status === "active" ? "The event is already published." : "Only a draft can be published.");
  return updated;
}
