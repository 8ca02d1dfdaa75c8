import { events } from "@greenroom/db/webapp/schema";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { authorizeAndReadAll, tableRow } from "../access";
import type { Ctx } from "../context";
import { notFound, parseInput } from "../errors";
import type { EventRow } from "../events";

export const CheckInPageInput = z.object({ eventId: z.string().min(1).max(64) });

export type CheckInPageData = {
  event: EventRow;
  valid: number;
  checkedIn: number;
  recent: { holderName: string; ticketTypeName: string; at: Date; byName: string }[];
};

type RecentRow = { holder_name: string; holder_email: string; type_name: string; checked_in_at: number; by_name: string | null };

/** The door (/events/:id/check-in): the event, how many valid tickets are checked in, the last ones. One round trip. */
export async function checkInPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof CheckInPageInput> }): Promise<CheckInPageData> {
  const { eventId } = parseInput(CheckInPageInput, input);
  const [, [eventRows, countRows, recentRows]] = await authorizeAndReadAll<
    [Record<string, unknown>[], { valid: number; checked_in: number }[], RecentRow[]]
  >(ctx, "tickets.check_in", { kind: "event", eventId }, [
    sql`SELECT * FROM events WHERE id = ${eventId}`,
    sql`SELECT count(*) AS valid, count(checked_in_at) AS checked_in FROM tickets WHERE event_id = ${eventId} AND status = 'valid'`,
    sql`SELECT t.holder_name, t.holder_email, tt.name AS type_name, t.checked_in_at, u.name AS by_name
        FROM tickets t JOIN ticket_types tt ON tt.id = t.ticket_type_id LEFT JOIN users u ON u.id = t.checked_in_by
        WHERE t.event_id = ${eventId} AND t.checked_in_at IS NOT NULL
        ORDER BY t.checked_in_at DESC LIMIT 10`,
  ]);
  const event = eventRows[0];
  if (!event) throw notFound("Event not found");
  return {
    event: tableRow(events, event),
    valid: countRows[0]?.valid ?? 0,
    checkedIn: countRows[0]?.checked_in ?? 0,
    recent: recentRows.map((r) => ({
      holderName: r.holder_name || r.holder_email,
      ticketTypeName: r.type_name,
      at: new Date(r.checked_in_at * 1000),
      byName: r.by_name ?? "",
    })),
  };
}
