import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { archiveEvent, createEvent, getEvent, listVisibleEvents, NewRoom, publishEvent, updateEvent } from "@greenroom/domain/events";
import { dateToZonedWallTime } from "@greenroom/domain/events";
import { createRoom } from "@greenroom/domain/rooms";
import { requireScope } from "../auth";
import type { ApiEnv } from "../context";
import { body, json, problems, security } from "./shared";
import { EventOut, eventOut, RoomOut, roomOut } from "../views";

const EventPath = z.object({ eventId: z.string().min(1).max(64) });
const WallTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/).describe("Wall-clock time in the event's time zone, YYYY-MM-DDTHH:mm");

const EventList = z.object({ data: z.array(EventOut), nextCursor: z.string().nullable() });
const CreateEventBody = z.object({
  name: z.string().min(1).max(120),
  description: z.string().max(5000).optional(),
  timeZone: z.string().describe("An IANA time zone, e.g. Europe/Berlin"),
  startsAt: WallTime,
  endsAt: WallTime,
  rooms: z.array(NewRoom).max(50).optional(),
});
const UpdateEventBody = CreateEventBody.omit({ rooms: true }).partial().extend({ slug: z.string().min(3).max(80).optional() });
const EventWithRooms = EventOut.extend({ rooms: z.array(RoomOut) });

export function eventRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events",
      summary: "List events",
      description: "The events of the key's account that the key may see, soonest first, one page at a time.",
      security,
      request: {
        query: z.object({
          status: z.enum(["draft", "active", "archived"]).optional(),
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(100).optional(),
        }),
      },
      responses: { 200: json(EventList, "A page of events"), ...problems },
    }),
    async (c) => {
      requireScope(c, "events:read");
      const query = c.req.valid("query");
      const caller = c.get("caller");
      const page = await listVisibleEvents({ ctx: c.get("ctx"), input: { accountId: caller.key.accountId, ...query } });
      const origin = new URL(c.req.url).origin;
      return c.json({ data: page.events.map((e) => eventOut(origin, e)), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/events",
      summary: "Create an event",
      description: "A draft event in the key's account, with its first rooms. Send an Idempotency-Key to retry safely.",
      security,
      request: body(CreateEventBody),
      responses: { 201: json(EventWithRooms, "The new event"), ...problems },
    }),
    async (c) => {
      requireScope(c, "events:write");
      const input = c.req.valid("json");
      const ctx = c.get("ctx");
      const created = await createEvent({ ctx, input: { ...input, accountId: c.get("caller").key.accountId } });
      const { event, rooms } = await getEvent({ ctx, input: { eventId: created.id } });
      const origin = new URL(c.req.url).origin;
      const out = { ...eventOut(origin, event), rooms: rooms.map((r) => roomOut(origin, r)) };
      return c.json(out, 201, { location: out.url });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{eventId}",
      summary: "Get an event",
      description: "The event and the rooms the key's user may see.",
      security,
      request: { params: EventPath },
      responses: { 200: json(EventWithRooms, "The event"), ...problems },
    }),
    async (c) => {
      requireScope(c, "events:read");
      const { event, rooms } = await getEvent({ ctx: c.get("ctx"), input: c.req.valid("param") });
      const origin = new URL(c.req.url).origin;
      return c.json({ ...eventOut(origin, event), rooms: rooms.map((r) => roomOut(origin, r)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/events/{eventId}",
      summary: "Update an event",
      description: "Changes only the fields sent.",
      security,
      request: { params: EventPath, ...body(UpdateEventBody) },
      responses: { 200: json(EventOut, "The updated event"), ...problems },
    }),
    async (c) => {
      requireScope(c, "events:write");
      const ctx = c.get("ctx");
      const { eventId } = c.req.valid("param");
      const changes = c.req.valid("json");
      const { event } = await getEvent({ ctx, input: { eventId } });
      const updated = await updateEvent({
        ctx,
        input: {
          eventId,
          name: changes.name ?? event.name,
          description: changes.description ?? event.description,
          timeZone: changes.timeZone ?? event.timeZone,
          startsAt: changes.startsAt ?? dateToZonedWallTime(event.startsAt, changes.timeZone ?? event.timeZone),
          endsAt: changes.endsAt ?? dateToZonedWallTime(event.endsAt, changes.timeZone ?? event.timeZone),
          slug: changes.slug,
        },
      });
      return c.json(eventOut(new URL(c.req.url).origin, updated), 200);
    },
  );

  for (const [action, verb, summary] of [
    ["publish", publishEvent, "Publish a draft event"],
    ["archive", archiveEvent, "Archive an event"],
  ] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/api/v1/events/{eventId}/${action}`,
        summary,
        security,
        request: { params: EventPath },
        responses: { 200: json(EventOut, "The event"), ...problems },
      }),
      async (c) => {
        requireScope(c, "events:write");
        const event = await verb({ ctx: c.get("ctx"), input: c.req.valid("param") });
        return c.json(eventOut(new URL(c.req.url).origin, event), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{eventId}/rooms",
      summary: "List an event's rooms",
      security,
      request: { params: EventPath },
      responses: { 200: json(z.object({ data: z.array(RoomOut) }), "The rooms the key's user may see"), ...problems },
    }),
    async (c) => {
      requireScope(c, "events:read");
      const { rooms } = await getEvent({ ctx: c.get("ctx"), input: c.req.valid("param") });
      const origin = new URL(c.req.url).origin;
      return c.json({ data: rooms.map((r) => roomOut(origin, r)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/events/{eventId}/rooms",
      summary: "Add a room",
      security,
      request: { params: EventPath, ...body(NewRoom) },
      responses: { 201: json(RoomOut, "The new room"), ...problems },
    }),
    async (c) => {
      requireScope(c, "events:write");
      const room = await createRoom({ ctx: c.get("ctx"), input: { ...c.req.valid("json"), ...c.req.valid("param") } });
      const out = roomOut(new URL(c.req.url).origin, room);
      return c.json(out, 201, { location: out.url });
    },
  );
}
