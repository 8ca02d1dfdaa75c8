import type { z } from "zod";
import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { ARCHIVED_EVENT_MESSAGE, conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { conflict, parseInput } from "../errors";
import { CreateTicketTypeInput } from "./schemas";
import { type TicketType, ticketTypeWrite } from "./ticket-types";

/**
 * Adds a ticket type to an event: its name, price label, free flag, capacity, sales window (typed in the event's
 * time zone) and the rooms it opens, which must be rooms of this event. The insert is refused in SQL when the event
 * is archived (read-only), and the audit row and room links depend on it in the same batch.
 */
export async function createTicketType({ ctx, input }: { ctx: Ctx; input: z.input<typeof CreateTicketTypeInput> }): Promise<TicketType> {
  const data = parseInput(CreateTicketTypeInput, input);
  const { access, start, end } = await ticketTypeWrite(ctx, data);

  const id = createId();
  const now = ctx.now();
  const at = unixSeconds(now);
  const [inserted] = await batchStatements(ctx, [
    sql`
      INSERT INTO ticket_types (id, account_id, event_id, name, price_label, free, capacity, issued, sales_start_at,
                                sales_end_at, status, created_at)
      SELECT ${id}, account_id, id, ${data.name}, ${data.priceLabel}, ${data.free ? 1 : 0}, ${data.capacity ?? null}, 0,
             ${start ? unixSeconds(start) : null}, ${end ? unixSeconds(end) : null}, 'active', ${at}
      FROM events WHERE id = ${data.eventId} AND status <> 'archived'`,
    conditionalAuditEntry(ctx, {
      accountId: access.accountId,
      action: "ticket_type.create",
      targetType: "ticket_type",
      targetId: id,
      after: { name: data.name, free: data.free, capacity: data.capacity ?? null, roomIds: data.roomIds },
    }),
    // Only rooms of this event, even if one moved or was archived since the check above.
    sql`
      INSERT INTO ticket_type_rooms (ticket_type_id, room_id)
      SELECT ${id}, r.id FROM rooms r
      WHERE r.id IN (SELECT value FROM json_each(${JSON.stringify(data.roomIds)})) AND r.event_id = ${data.eventId}
        AND EXISTS (SELECT 1 FROM ticket_types WHERE id = ${id})`,
  ]);
  if (!inserted?.meta.changes) throw conflict(ARCHIVED_EVENT_MESSAGE);
  return {
    id,
    accountId: access.accountId,
    eventId: data.eventId,
    name: data.name,
    priceLabel: data.priceLabel,
    free: data.free,
    capacity: data.capacity ?? null,
    issued: 0,
    salesStartAt: start,
    salesEndAt: end,
    status: "active",
    createdAt: new Date(at * 1000),
    roomIds: data.roomIds,
  };
}
