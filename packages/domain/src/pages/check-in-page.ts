import { events } from "@greenroom/db/webapp/schema";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { authorizeAndReadAll, tableRow } from "../access";
import type { Ctx } from "../context";
import { notFound, parseInput } from "../errors";
import type { EventRow } from "../events";

export const CheckInPageInput = z.object({
  eventId: z.string().min(1).max(64),
  /** A search by the holder's name (at least 2 characters; case does not matter), for a guest without the code. */
  q: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().min(2).max(80).optional()),
});

/** One ticket a name search found: enough to tell people apart and check one in by its short code. */
export type CheckInMatch = { id: string; holderName: string; ticketTypeName: string; shortCode: string | null; checkedIn: boolean };

export const NAME_SEARCH_LIMIT = 20;

export type CheckInPageData = {
  event: EventRow;
  valid: number;
  checkedIn: number;
  recent: { holderName: string; ticketTypeName: string; at: Date; byName: string }[];
  /** The name search's valid tickets (at most NAME_SEARCH_LIMIT), or null when nothing was searched. */
  matches: CheckInMatch[] | null;
};

type MatchRow = { id: string; holder_name: string; holder_email: string; type_name: string; short_code: string | null; checked_in_at: number | null };

/** `%` and `_` in what staff typed match themselves. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type RecentRow = { holder_name: string; holder_email: string; type_name: string; checked_in_at: number; by_name: string | null };

/** The door (/events/:id/check-in): the event, how many valid tickets are checked in, the last ones. One round trip. */
export async function checkInPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof CheckInPageInput> }): Promise<CheckInPageData> {
  const { eventId, q } = parseInput(CheckInPageInput, input);
  const [, [eventRows, countRows, recentRows, matchRows]] = await authorizeAndReadAll<
    [Record<string, unknown>[], { valid: number; checked_in: number }[], RecentRow[], MatchRow[]]
  >(ctx, "tickets.check_in", { kind: "event", eventId }, [
    sql`SELECT * FROM events WHERE id = ${eventId}`,
    sql`SELECT count(*) AS valid, count(checked_in_at) AS checked_in FROM tickets WHERE event_id = ${eventId} AND status = 'valid'`,
    sql`SELECT t.holder_name, t.holder_email, tt.name AS type_name, t.checked_in_at, u.name AS by_name
        FROM tickets t JOIN ticket_types tt ON tt.id = t.ticket_type_id LEFT JOIN users u ON u.id = t.checked_in_by
        WHERE t.event_id = ${eventId} AND t.checked_in_at IS NOT NULL
        ORDER BY t.checked_in_at DESC LIMIT 10`,
    q
      ? sql`SELECT t.id, t.holder_name, t.holder_email, tt.name AS type_name, t.short_code, t.checked_in_at
            FROM tickets t JOIN ticket_types tt ON tt.id = t.ticket_type_id
            WHERE t.event_id = ${eventId} AND t.status = 'valid' AND t.holder_name LIKE ${likePattern(q)} ESCAPE '\\'
            ORDER BY t.holder_name, t.created_at LIMIT ${NAME_SEARCH_LIMIT}`
      : sql`SELECT 1 WHERE 0`,
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
    matches: q
      ? matchRows.map((r) => ({
          id: r.id,
          holderName: r.holder_name || r.holder_email,
          ticketTypeName: r.type_name,
          shortCode: r.short_code,
          checkedIn: r.checked_in_at !== null,
        }))
      : null,
  };
}
