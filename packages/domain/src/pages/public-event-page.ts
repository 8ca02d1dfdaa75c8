import { events } from "@greenroom/db/webapp/schema";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { readBatch, tableRow } from "../access";
import { buildIcs, calendarUid } from "../commerce/ics";
import type { Ctx } from "../context";
import { notFound, parseInput } from "../errors";
import type { EventRow } from "../events";
import { type Availability, availabilityOf, type TicketType, ticketTypesFrom } from "../tickets/ticket-types";

export const PublicEventPageInput = z.object({
  slug: z.string().min(1).max(80),
  /** The site's public origin, for the link inside the calendar file of a registered visitor. */
  baseUrl: z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin).optional(),
});

/** The signed-in visitor's own tickets for this event (by their verified address), and the calendar file. */
export type PublicRegistration = {
  tickets: { id: string; typeName: string; shortCode: string | null }[];
  /** The `.ics` text, with the one UID of this holder and event (`calendarUid`). */
  ics: string;
};

export type PublicTicketType = Pick<TicketType, "id" | "name" | "priceLabel" | "free" | "capacity" | "issued" | "salesStartAt" | "salesEndAt"> & {
  availability: Availability;
  /** Seats left when the type has a capacity. */
  left: number | null;
};

export type PublicEventPageData = {
  event: EventRow;
  rooms: { id: string; name: string; kind: string }[];
  ticketTypes: PublicTicketType[];
  /** Set when the signed-in visitor already holds a valid ticket: the page says so instead of the form. */
  registration: PublicRegistration | null;
};

/**
 * The public page of a published event (/e/:slug): the event, its stage and breakout rooms, and its ticket types
 * on sale with whether each can be registered for now (sold out and closed are shown before the form). One batch.
 */
export async function publicEventPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof PublicEventPageInput> }): Promise<PublicEventPageData> {
  const { slug, baseUrl } = parseInput(PublicEventPageInput, input);
  const event = sql`SELECT id FROM events WHERE slug = ${slug} AND status = 'active'`;
  // Held through the actor's verified address only: an unproven address shows nothing of a ticket.
  const actorId = ctx.actor && !ctx.actor.key ? ctx.actor.userId : null;
  const [eventRows, roomRows, typeRows, heldRows] = (await readBatch(ctx, [
    sql`SELECT * FROM events WHERE slug = ${slug} AND status = 'active'`,
    sql`SELECT id, name, kind FROM rooms
        WHERE event_id = (${event}) AND status = 'active' AND kind IN ('stage', 'breakout') ORDER BY position`,
    sql`SELECT * FROM ticket_types WHERE event_id = (${event}) AND status = 'active' ORDER BY created_at`,
    sql`SELECT t.id, tt.name AS type_name, t.short_code, u.email
        FROM tickets t JOIN ticket_types tt ON tt.id = t.ticket_type_id
        JOIN users u ON u.id = ${actorId} AND u.email_verified_at IS NOT NULL AND u.email = t.holder_email
        WHERE t.event_id = (${event}) AND t.status = 'valid' ORDER BY t.created_at`,
  ])) as [Record<string, unknown>[], PublicEventPageData["rooms"], Record<string, unknown>[], HeldRow[]];
  const raw = eventRows[0];
  if (!raw) throw notFound("Event not found");
  const now = ctx.now();
  const row = tableRow(events, raw);
  return {
    event: row,
    registration: await registrationOf(ctx, row, heldRows, baseUrl),
    rooms: roomRows,
    ticketTypes: ticketTypesFrom(typeRows, []).map((t) => ({
      id: t.id,
      name: t.name,
      priceLabel: t.priceLabel,
      free: t.free,
      capacity: t.capacity,
      issued: t.issued,
      salesStartAt: t.salesStartAt,
      salesEndAt: t.salesEndAt,
      availability: availabilityOf(t, now),
      left: t.capacity === null ? null : Math.max(0, t.capacity - t.issued),
    })),
  };
}

type HeldRow = { id: string; type_name: string; short_code: string | null; email: string };

async function registrationOf(ctx: Ctx, event: EventRow, held: HeldRow[], baseUrl: string | undefined): Promise<PublicRegistration | null> {
  const first = held[0];
  if (!first) return null;
  const page = baseUrl ? `${baseUrl}/e/${event.slug}` : undefined;
  return {
    tickets: held.map((t) => ({ id: t.id, typeName: t.type_name, shortCode: t.short_code })),
    ics: buildIcs({
      uid: await calendarUid(event.id, first.email),
      dtstamp: ctx.now(),
      start: event.startsAt,
      end: event.endsAt,
      summary: event.name,
      ...(page ? { description: `Your ticket: ${page}`, url: page } : {}),
    }),
  };
}
