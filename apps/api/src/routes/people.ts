import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { listEventClips } from "@greenroom/domain/clips";
import { inviteToEvent, listInvitations, revokeInvitation } from "@greenroom/domain/invitations";
import { checkInTicket, listAttendees, listCheckIns } from "@greenroom/domain/tickets";
import { notFound } from "@greenroom/domain/errors";
import { requireScope } from "../auth";
import type { ApiEnv } from "../context";
import { body, json, originOf, problems, security } from "./shared";

const EventPath = z.object({ eventId: z.string().min(1).max(64) });
const Ticket = z.object({
  id: z.string(),
  ticketTypeId: z.string(),
  ticketTypeName: z.string(),
  holderName: z.string(),
  holderEmail: z.string(),
  status: z.enum(["valid", "revoked"]),
  checkedInAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const TicketPage = z.object({ data: z.array(Ticket), nextCursor: z.string().nullable() });
const TicketQuery = z.object({
  checked_in: z.enum(["true", "false"]).optional(),
  ticket_type_id: z.string().max(64).optional(),
  room_id: z.string().max(64).optional(),
  updated_since: z.string().datetime({ offset: true }).optional().describe("ISO 8601: only tickets changed at or after it"),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

type TicketQueryOut = z.infer<typeof TicketQuery>;
const ticketInput = (eventId: string, q: TicketQueryOut) => ({
  eventId,
  checkedIn: q.checked_in,
  ticketTypeId: q.ticket_type_id,
  roomId: q.room_id,
  updatedSince: q.updated_since ? Math.floor(Date.parse(q.updated_since) / 1000) : undefined,
  cursor: q.cursor,
  limit: q.limit,
});
const ticketOut = (t: Awaited<ReturnType<typeof listAttendees>>["tickets"][number]) => ({
  ...t,
  checkedInAt: t.checkedInAt?.toISOString() ?? null,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

const Invitation = z.object({
  id: z.string(),
  eventId: z.string(),
  roomId: z.string().nullable(),
  email: z.string(),
  roleId: z.string(),
  status: z.string(),
  createdAt: z.string(),
});
const InviteBody = z.object({
  email: z.string().email().max(254),
  roleId: z.string().min(1).max(64).describe("role_speaker, role_host, role_moderator, role_admin, role_attendee or a custom role's id"),
  roomId: z.string().min(1).max(64).optional().describe("Limit the grant to one room; leave out for the whole event"),
});

export function peopleRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{eventId}/attendees",
      summary: "List attendees",
      description: "The event's tickets and their holders, filtered by check-in, ticket type and room, by keyset pages.",
      security,
      request: { params: EventPath, query: TicketQuery },
      responses: { 200: json(TicketPage, "A page of attendees"), ...problems },
    }),
    async (c) => {
      requireScope(c, "attendees:read");
      const page = await listAttendees({ ctx: c.get("ctx"), input: ticketInput(c.req.valid("param").eventId, c.req.valid("query")) });
      return c.json({ data: page.tickets.map(ticketOut), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{eventId}/attendees/{ticketId}",
      summary: "Get an attendee",
      description: "One ticket and its holder, as webhook payloads link to it.",
      security,
      request: { params: EventPath.extend({ ticketId: z.string().min(1).max(64) }) },
      responses: { 200: json(Ticket, "The attendee"), ...problems },
    }),
    async (c) => {
      requireScope(c, "attendees:read");
      const { eventId, ticketId } = c.req.valid("param");
      const page = await listAttendees({ ctx: c.get("ctx"), input: { eventId, ticketId, limit: 1 } });
      const ticket = page.tickets[0];
      if (!ticket) throw notFound("Attendee not found");
      return c.json(ticketOut(ticket), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{eventId}/check-ins",
      summary: "List tickets for the door",
      description: "For a door device to sync: pass updated_since with the time of its last sync.",
      security,
      request: { params: EventPath, query: TicketQuery },
      responses: { 200: json(TicketPage, "A page of tickets, oldest change first"), ...problems },
    }),
    async (c) => {
      requireScope(c, "checkins:read");
      const page = await listCheckIns({ ctx: c.get("ctx"), input: ticketInput(c.req.valid("param").eventId, c.req.valid("query")) });
      return c.json({ data: page.tickets.map(ticketOut), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/events/{eventId}/check-ins",
      summary: "Check a ticket in",
      description: "The ticket's code, as its QR code carries it. A second check-in says when the first was.",
      security,
      request: { params: EventPath, ...body(z.object({ code: z.string().min(1).max(200) })) },
      responses: {
        200: json(
          z.object({
            status: z.enum(["checked_in", "already_checked_in", "revoked", "not_this_event", "invalid_code"]),
            holderName: z.string().optional(),
            ticketTypeName: z.string().optional(),
            at: z.string().optional(),
          }),
          "What the door should show",
        ),
        ...problems,
      },
    }),
    async (c) => {
      requireScope(c, "checkins:write");
      const result = await checkInTicket({ ctx: c.get("ctx"), input: { ...c.req.valid("param"), code: c.req.valid("json").code } });
      const at = "at" in result ? result.at.toISOString() : undefined;
      const out = {
        status: result.status,
        holderName: "holderName" in result ? result.holderName : undefined,
        ticketTypeName: "ticketTypeName" in result ? result.ticketTypeName : undefined,
        at,
      };
      return c.json(out, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{eventId}/invitations",
      summary: "List invitations",
      security,
      request: { params: EventPath },
      responses: { 200: json(z.object({ data: z.array(Invitation) }), "The event's invitations"), ...problems },
    }),
    async (c) => {
      requireScope(c, "invitations:read");
      const list = await listInvitations({ ctx: c.get("ctx"), input: c.req.valid("param") });
      return c.json(
        {
          data: list.map((i) => ({
            id: i.id,
            eventId: i.eventId,
            roomId: i.roomId,
            email: i.email,
            roleId: i.roleId,
            status: i.status,
            createdAt: i.createdAt.toISOString(),
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/events/{eventId}/invitations",
      summary: "Invite someone by email",
      description: "Mails them a link; the role is theirs once they accept with that verified address.",
      security,
      request: { params: EventPath, ...body(InviteBody) },
      responses: { 201: json(Invitation, "The invitation (mailed)"), ...problems },
    }),
    async (c) => {
      requireScope(c, "invitations:write");
      const sent = await inviteToEvent({
        ctx: c.get("ctx"),
        input: { ...c.req.valid("json"), eventId: c.req.valid("param").eventId, baseUrl: originOf(c.req.url) },
      });
      const i = sent.invitation;
      const out = { id: i.id, eventId: i.eventId, roomId: i.roomId, email: i.email, roleId: i.roleId, status: i.status, createdAt: i.createdAt.toISOString() };
      return c.json(out, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/invitations/{invitationId}/revoke",
      summary: "Revoke an invitation",
      security,
      request: { params: z.object({ invitationId: z.string().min(1).max(64) }) },
      responses: { 200: json(z.object({ id: z.string(), status: z.string() }), "Revoked"), ...problems },
    }),
    async (c) => {
      requireScope(c, "invitations:write");
      const { invitationId } = c.req.valid("param");
      await revokeInvitation({ ctx: c.get("ctx"), input: { invitationId } });
      return c.json({ id: invitationId, status: "revoked" }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{eventId}/clips",
      summary: "List an event's clips",
      description: "Every participant's clips, by room and recording session, with their state.",
      security,
      request: { params: EventPath },
      responses: { 200: json(z.object({ data: z.array(z.record(z.string(), z.unknown())), truncated: z.boolean() }), "The clips"), ...problems },
    }),
    async (c) => {
      requireScope(c, "clips:read");
      const clips = await listEventClips({ ctx: c.get("ctx"), input: c.req.valid("param") });
      return c.json({ data: clips.rooms as unknown as Record<string, unknown>[], truncated: clips.truncated }, 200);
    },
  );

  // The URLs outgoing webhooks carry (clip.ready, recording.stopped): one clip, and one recording with its clips, each
  // read through the same verb as the list, so the same authorization decides (another tenant's: 404).
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{eventId}/clips/{clipId}",
      summary: "Get one clip",
      description: "A participant's clip: its room, recording session, offsets and state.",
      security,
      request: { params: EventPath.extend({ clipId: z.string().min(1).max(64) }) },
      responses: { 200: json(z.record(z.string(), z.unknown()), "The clip"), ...problems },
    }),
    async (c) => {
      requireScope(c, "clips:read");
      const { eventId, clipId } = c.req.valid("param");
      const clips = await listEventClips({ ctx: c.get("ctx"), input: { eventId } });
      for (const room of clips.rooms) {
        for (const session of room.sessions) {
          const clip = session.clips.find((candidate) => candidate.id === clipId);
          if (clip) return c.json({ ...clip, roomName: room.roomName } as unknown as Record<string, unknown>, 200);
        }
      }
      throw notFound("Clip not found");
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{eventId}/rooms/{roomId}/recordings/{recordingId}",
      summary: "Get one recording",
      description: "One recording session of a room, with its participants' clips and their progress.",
      security,
      request: { params: EventPath.extend({ roomId: z.string().min(1).max(64), recordingId: z.string().min(1).max(64) }) },
      responses: { 200: json(z.record(z.string(), z.unknown()), "The recording"), ...problems },
    }),
    async (c) => {
      requireScope(c, "clips:read");
      const { eventId, roomId, recordingId } = c.req.valid("param");
      const clips = await listEventClips({ ctx: c.get("ctx"), input: { eventId } });
      const session = clips.rooms.find((room) => room.roomId === roomId)?.sessions.find((s) => s.sessionId === recordingId);
      if (!session) throw notFound("Recording not found");
      return c.json({ id: session.sessionId, eventId, roomId, ...session } as unknown as Record<string, unknown>, 200);
    },
  );
}
