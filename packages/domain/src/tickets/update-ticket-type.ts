import type { z } from "zod";
import { type SQL, sql } from "drizzle-orm";
import { ARCHIVED_EVENT_MESSAGE, authorize, conditionalAuditEntry, requireEditableEvent } from "../access";
import { batchStatements } from "../batch";
import type { Ctx } from "../context";
import { unixSeconds } from "../context";
import { conflict, invalid, notFound, parseInput } from "../errors";
import { TicketTypeIdInput, UpdateTicketTypeInput } from "./schemas";
import { ticketTypeWrite } from "./ticket-types";

type TypeState = { status: "active" | "archived"; issued: number; event_status: string };

const typeState = (eventId: string, ticketTypeId: string) => sql`
  SELECT tt.status, tt.issued, e.status AS event_status FROM ticket_types tt JOIN events e ON e.id = tt.event_id
  WHERE tt.id = ${ticketTypeId} AND tt.event_id = ${eventId}`;

/** Why a guarded write on a ticket type changed nothing, from its state read in the same batch. */
function refusal(state: TypeState | undefined, capacity?: number | null) {
  if (!state) return notFound("Ticket type not found");
  if (state.event_status === "archived") return conflict(ARCHIVED_EVENT_MESSAGE);
  if (state.status === "archived") return conflict("This ticket type is archived.");
  if (capacity != null && capacity < state.issued) {
    return invalid("Some fields need attention", { capacity: [`${state.issued} tickets are already issued: use at least ${state.issued}`] });
  }
  return conflict("The ticket type changed meanwhile. Reload and try again.");
}

/**
 * Edits a ticket type: name, price label, free flag, capacity (never below the tickets already issued), sales
 * window and rooms (this event's only). Every statement of the batch carries the same guard, so a refused edit
 * changes nothing; rooms apply to tickets issued from now on.
 */
export async function updateTicketType({ ctx, input }: { ctx: Ctx; input: z.input<typeof UpdateTicketTypeInput> }): Promise<void> {
  const data = parseInput(UpdateTicketTypeInput, input);
  const { access, start, end } = await ticketTypeWrite(ctx, data);
  const capacity = data.capacity ?? null;
  const editable: SQL = sql`EXISTS (
    SELECT 1 FROM ticket_types tt JOIN events e ON e.id = tt.event_id
    WHERE tt.id = ${data.ticketTypeId} AND tt.event_id = ${data.eventId} AND tt.status = 'active'
      AND e.status <> 'archived' AND (${capacity} IS NULL OR ${capacity} >= tt.issued))`;
  const rooms = JSON.stringify(data.roomIds);
  const [stateRows, , , updated] = await batchStatements(ctx, [
    typeState(data.eventId, data.ticketTypeId),
    sql`DELETE FROM ticket_type_rooms WHERE ticket_type_id = ${data.ticketTypeId} AND ${editable}`,
    sql`
      INSERT INTO ticket_type_rooms (ticket_type_id, room_id)
      SELECT ${data.ticketTypeId}, r.id FROM rooms r
      WHERE r.id IN (SELECT value FROM json_each(${rooms})) AND r.event_id = ${data.eventId} AND ${editable}`,
    sql`
      UPDATE ticket_types SET name = ${data.name}, price_label = ${data.priceLabel}, free = ${data.free ? 1 : 0},
        capacity = ${capacity}, sales_start_at = ${start ? unixSeconds(start) : null},
        sales_end_at = ${end ? unixSeconds(end) : null}
      WHERE id = ${data.ticketTypeId} AND ${editable}`,
    conditionalAuditEntry(ctx, {
      accountId: access.accountId,
      action: "ticket_type.update",
      targetType: "ticket_type",
      targetId: data.ticketTypeId,
      after: { name: data.name, free: data.free, capacity, roomIds: data.roomIds },
    }),
  ]);
  if (!updated?.meta.changes) throw refusal((stateRows?.results as TypeState[] | undefined)?.[0], capacity);
}

/** Takes a ticket type off sale: no new registrations; tickets already issued stay valid. */
export async function archiveTicketType({ ctx, input }: { ctx: Ctx; input: z.input<typeof TicketTypeIdInput> }): Promise<void> {
  const data = parseInput(TicketTypeIdInput, input);
  const access = await authorize(ctx, "orders.manage", { kind: "event", eventId: data.eventId });
  requireEditableEvent(access);
  const [stateRows, updated] = await batchStatements(ctx, [
    typeState(data.eventId, data.ticketTypeId),
    sql`
      UPDATE ticket_types SET status = 'archived'
      WHERE id = ${data.ticketTypeId} AND event_id = ${data.eventId} AND status = 'active'
        AND EXISTS (SELECT 1 FROM events WHERE id = ${data.eventId} AND status <> 'archived')`,
    conditionalAuditEntry(ctx, {
      accountId: access.accountId,
      action: "ticket_type.archive",
      targetType: "ticket_type",
      targetId: data.ticketTypeId,
      after: { status: "archived" },
    }),
  ]);
  if (!updated?.meta.changes) throw refusal((stateRows?.results as TypeState[] | undefined)?.[0]);
}
