import { events } from "@greenroom/db/webapp/schema";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { readBatch, tableRow } from "../access";
import type { Ctx } from "../context";
import { notFound, parseInput } from "../errors";
import type { EventRow } from "../events";
import { type Availability, availabilityOf, type TicketType, ticketTypesFrom } from "../tickets/ticket-types";

export const PublicEventPageInput = z.object({ slug: z.string().min(1).max(80) });

export type PublicTicketType = Pick<TicketType, "id" | "name" | "priceLabel" | "free" | "capacity" | "issued" | "salesStartAt" | "salesEndAt"> & {
  availability: Availability;
  /** Seats left when the type has a capacity. */
  left: number | null;
};

export type PublicEventPageData = {
  event: EventRow;
  rooms: { id: string; name: string; kind: string }[];
  ticketTypes: PublicTicketType[];
};

/**
 * The public page of a published event (/e/:slug): the event, its stage and breakout rooms, and its ticket types
 * on sale with whether each can be registered for now (sold out and closed are shown before the form). One batch.
 */
export async function publicEventPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof PublicEventPageInput> }): Promise<PublicEventPageData> {
  const { slug } = parseInput(PublicEventPageInput, input);
  const event = sql`SELECT id FROM events WHERE slug = ${slug} AND status = 'active'`;
  const [eventRows, roomRows, typeRows] = (await readBatch(ctx, [
    sql`SELECT * FROM events WHERE slug = ${slug} AND status = 'active'`,
    sql`SELECT id, name, kind FROM rooms
        WHERE event_id = (${event}) AND status = 'active' AND kind IN ('stage', 'breakout') ORDER BY position`,
    sql`SELECT * FROM ticket_types WHERE event_id = (${event}) AND status = 'active' ORDER BY created_at`,
  ])) as [Record<string, unknown>[], PublicEventPageData["rooms"], Record<string, unknown>[]];
  const raw = eventRows[0];
  if (!raw) throw notFound("Event not found");
  const now = ctx.now();
  return {
    event: tableRow(events, raw),
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
