import type { ApiCaller, ApiScope } from "@greenroom/domain/api-keys";
import { createAgentSignInLink } from "@greenroom/domain/auth";
import { listEventClips } from "@greenroom/domain/clips";
import type { Ctx } from "@greenroom/domain/context";
import { isDomainError } from "@greenroom/domain/errors";
import {
  archiveEvent,
  createEvent,
  dateToZonedWallTime,
  getEvent,
  listVisibleEvents,
  NewRoom,
  publishEvent,
  updateEvent,
} from "@greenroom/domain/events";
import { inviteToEvent } from "@greenroom/domain/invitations";
import { getOperation, startRecording, stopRecording } from "@greenroom/domain/operations";
import { listParticipants } from "@greenroom/domain/participants";
import { createRoom } from "@greenroom/domain/rooms";
import { checkInTicket, createTicketType, type TicketType } from "@greenroom/domain/tickets";
import { z } from "zod";
import { EventOut, eventOut, OperationOut, operationOut, RoomOut, roomOut } from "../views";

/** Who is calling one MCP request: the caller (today from an API key, later from an OAuth token too) and its context. */
export type McpSession = {
  caller: ApiCaller;
  ctx: Ctx;
  origin: string;
  /** Set when a tool was refused as not found or forbidden: the caller is then authenticated afresh. */
  refused: boolean;
};

type Annotations = { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: false };

/** One MCP tool: a thin adapter over the domain verb the REST API uses, shown only to keys holding `scope`. */
export type McpTool = {
  name: string;
  scope: ApiScope | "full";
  title: string;
  description: string;
  input: z.ZodObject;
  output: z.ZodObject;
  annotations: Annotations;
  /** A destructive tool does nothing until it is called again with `confirm: true` (see `confirmation`). */
  confirm?: (args: Record<string, unknown>) => string;
  run: (session: McpSession, args: never) => Promise<Record<string, unknown>>;
};

function tool<I extends z.ZodObject, O extends z.ZodObject>(def: {
  name: string;
  scope: ApiScope | "full";
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: Omit<Annotations, "openWorldHint">;
  confirm?: (args: z.infer<I>) => string;
  run: (session: McpSession, args: z.infer<I>) => Promise<z.infer<O>>;
}): McpTool {
  return { ...def, annotations: { ...def.annotations, openWorldHint: false } } as unknown as McpTool;
}

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true };
const ADD = { readOnlyHint: false, destructiveHint: false, idempotentHint: false };
const SET = { readOnlyHint: false, destructiveHint: false, idempotentHint: true };
const DESTROY = { readOnlyHint: false, destructiveHint: true, idempotentHint: true };

const Id = z.string().min(1).max(64);
const WallTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
  .describe("Wall-clock time in the event's time zone, YYYY-MM-DDTHH:mm");
const Confirm = z.boolean().optional().describe("Must be true. Ask the person first: this cannot be undone from here.");
const EventWithRooms = EventOut.extend({ rooms: z.array(RoomOut) });
const EventFields = z.object({
  name: z.string().min(1).max(120),
  description: z.string().max(5000).optional(),
  timeZone: z.string().max(64).describe("An IANA time zone, e.g. Europe/Berlin"),
  startsAt: WallTime,
  endsAt: WallTime,
});

async function eventWithRooms(session: McpSession, eventId: string) {
  const { event, rooms } = await getEvent({ ctx: session.ctx, input: { eventId } });
  return { ...eventOut(session.origin, event), rooms: rooms.map((r) => roomOut(session.origin, r)) };
}

const TicketTypeOut = z.object({
  id: z.string(),
  eventId: z.string(),
  name: z.string(),
  priceLabel: z.string(),
  free: z.boolean(),
  capacity: z.number().int().nullable(),
  issued: z.number().int(),
  salesStartAt: z.string().nullable().describe("ISO 8601, UTC"),
  salesEndAt: z.string().nullable().describe("ISO 8601, UTC"),
  status: z.string(),
  roomIds: z.array(z.string()),
});
const ticketTypeOut = (t: TicketType): z.infer<typeof TicketTypeOut> => ({
  id: t.id,
  eventId: t.eventId,
  name: t.name,
  priceLabel: t.priceLabel,
  free: t.free,
  capacity: t.capacity,
  issued: t.issued,
  salesStartAt: t.salesStartAt?.toISOString() ?? null,
  salesEndAt: t.salesEndAt?.toISOString() ?? null,
  status: t.status,
  roomIds: t.roomIds,
});

export const TOOLS: McpTool[] = [
  tool({
    name: "list_events",
    scope: "events:read",
    title: "List my events",
    description: "The events of the key's account that its user may see, soonest first, a page at a time.",
    input: z.object({
      status: z.enum(["draft", "active", "archived"]).optional(),
      cursor: z.string().max(200).optional().describe("nextCursor of the previous page"),
      limit: z.number().int().min(1).max(100).optional(),
    }),
    output: z.object({ events: z.array(EventOut), nextCursor: z.string().nullable() }),
    annotations: READ,
    run: async (s, args) => {
      const page = await listVisibleEvents({ ctx: s.ctx, input: { accountId: s.caller.key.accountId, ...args } });
      return { events: page.events.map((e) => eventOut(s.origin, e)), nextCursor: page.nextCursor };
    },
  }),
  tool({
    name: "get_event",
    scope: "events:read",
    title: "Get an event",
    description: "One event with the rooms its user may see (a speaker with one room's grant sees that room only).",
    input: z.object({ eventId: Id }),
    output: EventWithRooms,
    annotations: READ,
    run: (s, { eventId }) => eventWithRooms(s, eventId),
  }),
  tool({
    name: "create_event",
    scope: "events:write",
    title: "Create an event with rooms",
    description: "A draft event in the key's account with its first rooms. Publish it with publish_event.",
    input: EventFields.extend({ rooms: z.array(NewRoom).max(50).optional() }),
    output: EventWithRooms,
    annotations: ADD,
    run: async (s, args) => {
      const created = await createEvent({ ctx: s.ctx, input: { ...args, accountId: s.caller.key.accountId } });
      return eventWithRooms(s, created.id);
    },
  }),
  tool({
    name: "update_event",
    scope: "events:write",
    title: "Update an event",
    description: "Changes only the fields given (name, description, time zone, times, address slug).",
    input: EventFields.partial().extend({ eventId: Id, slug: z.string().min(3).max(80).optional() }),
    output: EventOut,
    annotations: SET,
    run: async (s, { eventId, ...changes }) => {
      const { event } = await getEvent({ ctx: s.ctx, input: { eventId } });
      const zone = changes.timeZone ?? event.timeZone;
      const updated = await updateEvent({
        ctx: s.ctx,
        input: {
          eventId,
          name: changes.name ?? event.name,
          description: changes.description ?? event.description,
          timeZone: zone,
          startsAt: changes.startsAt ?? dateToZonedWallTime(event.startsAt, zone),
          endsAt: changes.endsAt ?? dateToZonedWallTime(event.endsAt, zone),
          slug: changes.slug,
        },
      });
      return eventOut(s.origin, updated);
    },
  }),
  tool({
    name: "publish_event",
    scope: "events:write",
    title: "Publish an event",
    description: "Makes a draft event public: its page and ticket sales open.",
    input: z.object({ eventId: Id }),
    output: EventOut,
    annotations: ADD,
    run: async (s, input) => eventOut(s.origin, await publishEvent({ ctx: s.ctx, input })),
  }),
  tool({
    name: "archive_event",
    scope: "events:write",
    title: "Archive an event",
    description: "Ends an event: it becomes read-only and its page closes. Needs confirm: true.",
    input: z.object({ eventId: Id, confirm: Confirm }),
    output: EventOut,
    annotations: DESTROY,
    confirm: ({ eventId }) => `Archiving event ${eventId} makes it read-only and closes its page.`,
    run: async (s, { eventId }) => eventOut(s.origin, await archiveEvent({ ctx: s.ctx, input: { eventId } })),
  }),
  tool({
    name: "add_room",
    scope: "events:write",
    title: "Add a room",
    description: "A new room (stage, session or lounge) in an event.",
    input: NewRoom.extend({ eventId: Id }),
    output: RoomOut,
    annotations: ADD,
    run: async (s, input) => roomOut(s.origin, await createRoom({ ctx: s.ctx, input })),
  }),
  tool({
    name: "add_ticket_type",
    scope: "orders:write",
    title: "Add a ticket type",
    description: "A ticket type of an event: name, price label or free, capacity, sales window, and the rooms it opens.",
    input: z.object({
      eventId: Id,
      name: z.string().min(1).max(80),
      priceLabel: z.string().max(40).optional(),
      free: z.boolean().optional(),
      capacity: z.number().int().min(1).max(1_000_000).optional(),
      salesStartAt: WallTime.optional(),
      salesEndAt: WallTime.optional(),
      roomIds: z.array(Id).min(1).max(50).describe("Rooms of this event the ticket opens"),
    }),
    output: TicketTypeOut,
    annotations: ADD,
    run: async (s, input) => ticketTypeOut(await createTicketType({ ctx: s.ctx, input })),
  }),
  tool({
    name: "invite_people",
    scope: "invitations:write",
    title: "Invite people by email",
    description:
      "Invites each address to the event (or one room) with a role such as speaker, host or moderator; each gets a mail with a single-use link valid for 7 days.",
    input: z.object({
      eventId: Id,
      roomId: Id.optional().describe("Only this room; leave out for the whole event"),
      role: z.string().min(1).max(64).describe("The role's key: admin, host, moderator, speaker, attendee, or a custom role's key"),
      emails: z.array(z.email()).min(1).max(20),
    }),
    output: z.object({
      invitations: z.array(
        z.object({
          email: z.string(),
          invited: z.boolean(),
          invitationId: z.string().nullable(),
          acceptUrl: z.string().nullable(),
          error: z.string().nullable(),
        }),
      ),
    }),
    annotations: ADD,
    run: async (s, { eventId, roomId, role, emails }) => {
      const invitations = [];
      // One verb call per address (each is one batch), so one refused address does not stop the others.
      for (const email of emails) {
        try {
          const sent = await inviteToEvent({ ctx: s.ctx, input: { eventId, roomId, email, roleKey: role, baseUrl: s.origin } });
          invitations.push({ email, invited: true, invitationId: sent.invitation.id, acceptUrl: sent.acceptUrl, error: null });
        } catch (error) {
          // Not being allowed at all (another tenant's event, no permission) fails the whole call; one address's
          // problem (already invited, a limit) is reported for that address.
          if (!isFieldLevel(error)) throw error;
          invitations.push({ email, invited: false, invitationId: null, acceptUrl: null, error: toolErrorText(error) });
        }
      }
      return { invitations };
    },
  }),
  tool({
    name: "list_attendees",
    scope: "attendees:read",
    title: "List attendees",
    description: "The people with access to an event (members and pending invitees), with their roles and rooms.",
    input: z.object({
      eventId: Id,
      search: z.string().max(100).optional(),
      roomId: Id.optional(),
      status: z.enum(["member", "pending"]).optional(),
      cursor: z.string().max(200).optional().describe("nextCursor of the previous page"),
      limit: z.number().int().min(1).max(200).optional(),
    }),
    output: z.object({
      attendees: z.array(
        z.object({
          entryId: z.string(),
          status: z.enum(["member", "pending"]),
          email: z.string(),
          name: z.string().nullable(),
          role: z.string(),
          roomId: z.string().nullable(),
          roomName: z.string().nullable(),
        }),
      ),
      nextCursor: z.string().nullable(),
    }),
    annotations: READ,
    run: async (s, { eventId, search, roomId, status, cursor, limit }) => {
      const page = await listParticipants({ ctx: s.ctx, input: { eventId, q: search, roomId, status, after: cursor, limit } });
      return {
        attendees: page.entries.map((e) => ({
          entryId: e.entryId,
          status: e.status,
          email: e.email,
          name: e.name,
          role: e.roleName,
          roomId: e.roomId,
          roomName: e.roomName,
        })),
        nextCursor: page.nextCursor,
      };
    },
  }),
  tool({
    name: "check_in_ticket",
    scope: "checkins:write",
    title: "Check a ticket in",
    description: "Checks a ticket code in at an event's door. A second check-in of the same ticket says when it was first checked in.",
    input: z.object({ eventId: Id, code: z.string().min(1).max(200) }),
    output: z.object({
      status: z.enum(["checked_in", "already_checked_in", "revoked", "not_this_event", "invalid_code"]),
      holderName: z.string().nullable(),
      ticketTypeName: z.string().nullable(),
      at: z.string().nullable(),
    }),
    annotations: SET,
    run: async (s, input) => {
      const r = await checkInTicket({ ctx: s.ctx, input });
      return {
        status: r.status,
        holderName: "holderName" in r ? r.holderName : null,
        ticketTypeName: "ticketTypeName" in r ? r.ticketTypeName : null,
        at: "at" in r ? r.at.toISOString() : null,
      };
    },
  }),
  tool({
    name: "start_recording",
    scope: "recording:write",
    title: "Start recording a room",
    description: "Starts recording a room's stage. Answers with the operation; follow it with get_operation until done.",
    input: z.object({ roomId: Id }),
    output: OperationOut,
    annotations: ADD,
    run: async (s, { roomId }) => {
      const { operation } = await startRecording({ ctx: s.ctx, input: { roomId } });
      return operationOut(s.origin, await getOperation({ ctx: s.ctx, input: { operationId: operation.id } }));
    },
  }),
  tool({
    name: "stop_recording",
    scope: "recording:write",
    title: "Stop recording a room",
    description: "Stops a room's recording; clips are cut from it afterwards. Needs confirm: true.",
    input: z.object({ roomId: Id, confirm: Confirm }),
    output: OperationOut,
    annotations: DESTROY,
    confirm: ({ roomId }) => `Stopping the recording of room ${roomId} ends it for everyone on stage.`,
    run: async (s, { roomId }) => {
      const { operation } = await stopRecording({ ctx: s.ctx, input: { roomId } });
      return operationOut(s.origin, await getOperation({ ctx: s.ctx, input: { operationId: operation.id } }));
    },
  }),
  tool({
    name: "get_operation",
    scope: "recording:read",
    title: "Follow an operation",
    description: "The state of a started flow (recording start or stop): its step, whether it is done, its last error.",
    input: z.object({ operationId: Id }),
    output: OperationOut,
    annotations: READ,
    run: async (s, input) => operationOut(s.origin, await getOperation({ ctx: s.ctx, input })),
  }),
  tool({
    name: "list_clips",
    scope: "clips:read",
    title: "List clips",
    description: "Every clip of an event, by room and recording session, with its state and playback address.",
    input: z.object({ eventId: Id }),
    output: z.object({
      eventId: z.string(),
      rooms: z.array(
        z.object({
          roomId: z.string(),
          roomName: z.string(),
          clips: z.array(
            z.object({
              id: z.string(),
              sessionId: z.string(),
              participantName: z.string(),
              startOffsetMs: z.number(),
              endOffsetMs: z.number(),
              status: z.string(),
              playbackUrl: z.string().nullable(),
            }),
          ),
        }),
      ),
      truncated: z.boolean(),
    }),
    annotations: READ,
    run: async (s, input) => {
      const list = await listEventClips({ ctx: s.ctx, input });
      return {
        eventId: list.event.id,
        rooms: list.rooms.map((room) => ({
          roomId: room.roomId,
          roomName: room.roomName,
          clips: room.sessions.flatMap((session) =>
            session.clips.map((c) => ({
              id: c.id,
              sessionId: c.sessionId,
              participantName: c.participantName,
              startOffsetMs: c.startOffsetMs,
              endOffsetMs: c.endOffsetMs,
              status: c.status,
              playbackUrl: c.playbackUrl,
            })),
          ),
        })),
        truncated: list.truncated,
      };
    },
  }),
  tool({
    name: "sign_in_link",
    scope: "full",
    title: "Sign-in link",
    description:
      "A link that opens Greenroom in the browser signed in as the key's user: it works once, for ten minutes. Give it only to that person.",
    input: z.object({}),
    output: z.object({ url: z.string(), expiresAt: z.string() }),
    annotations: ADD,
    run: async (s) => {
      const link = await createAgentSignInLink({ ctx: s.ctx, input: { baseUrl: s.origin } });
      return { url: link.url, expiresAt: link.expiresAt.toISOString() };
    },
  }),
];

const isFieldLevel = (error: unknown) => isDomainError(error) && (error.code === "invalid" || error.code === "conflict");

/**
 * A thrown error as the tool result's text. Not found is said the same way for every id, so another tenant's event
 * reads exactly like one that never existed; anything that is not a domain error is ours, and says so only.
 */
export function toolErrorText(error: unknown): string {
  if (!isDomainError(error)) {
    console.error("[mcp] unexpected error", error instanceof Error ? error.name : typeof error);
    return "Something went wrong on our side; retry later.";
  }
  if (error.code === "not_found") return "Not found: nothing with that id is visible to this key.";
  const fields = Object.entries(error.fieldErrors ?? {}).map(([field, messages]) => `${field}: ${messages.join(" ")}`);
  return [`${error.message}.`.replace(/\.\.$/, "."), ...fields].join("\n");
}
