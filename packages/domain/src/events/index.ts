import { accessGrants, accountOwnership, accounts, events, rooms } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, asc, desc, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import { type Authorized, auditEntry, auditWhere, authorize } from "../access";
import { nonEmpty } from "../batch";
import { type Ctx, requireActor } from "../context";
import { conflict, invalid, notFound, parseInput } from "../errors";
import { AccountIdInput, CreateEventInput, EventIdInput, SlugInput, UpdateEventInput } from "./schemas";
import { zonedWallTimeToDate } from "./time";

export { CreateEventInput, UpdateEventInput } from "./schemas";
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

export async function listEvents({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<EventRow[]> {
  const { accountId } = parseInput(AccountIdInput, input);
  await authorize(ctx, "event.create", { kind: "account", accountId });
  return ctx.db.select().from(events).where(eq(events.accountId, accountId)).orderBy(desc(events.startsAt));
}

export type SharedEvent = EventRow & { accountName: string };

/** Events of other accounts that the actor holds a grant in ("Shared with me"), soonest first. */
export async function listSharedEvents({ ctx }: { ctx: Ctx; input?: undefined }): Promise<SharedEvent[]> {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .selectDistinct({ event: events, accountName: accounts.name })
    .from(accessGrants)
    .innerJoin(events, eq(events.id, accessGrants.eventId))
    .innerJoin(accounts, eq(accounts.id, events.accountId))
    .leftJoin(
      accountOwnership,
      and(eq(accountOwnership.accountId, events.accountId), eq(accountOwnership.userId, actor.userId)),
    )
    .where(and(eq(accessGrants.userId, actor.userId), isNull(accountOwnership.userId)))
    .orderBy(asc(events.startsAt));
  return rows.filter((r) => r.event.status !== "archived").map((r) => ({ ...r.event, accountName: r.accountName }));
}

export async function getEvent({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: unknown;
}): Promise<{ event: EventRow; rooms: RoomRow[]; access: Authorized }> {
  const { eventId } = parseInput(EventIdInput, input);
  const access = await authorize(ctx, "event.view", { kind: "event", eventId });
  const actor = requireActor(ctx);
  const [eventRows, roomRows, roomGrants] = await ctx.db.batch([
    ctx.db.select().from(events).where(eq(events.id, eventId)),
    ctx.db
      .select()
      .from(rooms)
      .where(and(eq(rooms.eventId, eventId), eq(rooms.status, "active")))
      .orderBy(asc(rooms.position), asc(rooms.createdAt)),
    ctx.db
      .select({ roomId: accessGrants.roomId })
      .from(accessGrants)
      .where(and(eq(accessGrants.eventId, eventId), eq(accessGrants.userId, actor.userId))),
  ]);
  const event = eventRows[0];
  if (!event) throw notFound("Event not found");
  // Owners and event-wide grants see every room; a room grant shows only its room.
  const eventWide = access.isOwner || roomGrants.some((g) => g.roomId === null);
  const granted = new Set(roomGrants.map((g) => g.roomId));
  return { event, rooms: eventWide ? roomRows : roomRows.filter((r) => granted.has(r.id)), access };
}

/** The public page of an active event, by slug; drafts and archived events are not public. */
export async function getPublicEvent({ ctx, input }: { ctx: Ctx; input: unknown }) {
  const { slug } = parseInput(SlugInput, input);
  const [event] = await ctx.db
    .select()
    .from(events)
    .where(and(eq(events.slug, slug), eq(events.status, "active")))
    .limit(1);
  if (!event) throw notFound("Event not found");
  const eventRooms = await ctx.db
    .select({ id: rooms.id, name: rooms.name, kind: rooms.kind, capacity: rooms.capacity })
    .from(rooms)
    .where(and(eq(rooms.eventId, event.id), eq(rooms.status, "active"), or(eq(rooms.kind, "stage"), eq(rooms.kind, "breakout"))))
    .orderBy(asc(rooms.position));
  return { event, rooms: eventRooms };
}

export async function updateEvent({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<EventRow> {
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

/** Active or draft → archived. Archived events leave lists and public pages but keep their data. */
export async function archiveEvent({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<EventRow> {
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
export async function publishEvent({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<EventRow> {
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

/** The audit row for a change to an event, written only if the event still matches `where` (see `auditWhere`). */
function eventAudit(ctx: Ctx, access: Authorized, action: string, where: SQL | undefined, after: unknown) {
  const eventId = access.eventId ?? "";
  return auditWhere(ctx, { accountId: access.accountId, action, targetType: "event", targetId: eventId, after }, events, where);
}
