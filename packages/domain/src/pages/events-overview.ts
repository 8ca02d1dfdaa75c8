import { events } from "@greenroom/db/webapp/schema";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { readBatch, tableRow } from "../access";
import type { OwnedAccount } from "../accounts";
import { type Ctx, requireActor } from "../context";
import { parseInput } from "../errors";
import type { EventRow, SharedEvent } from "../events";

export const EventsOverviewInput = z.object({
  /** The account the organizer last picked (a cookie); ignored unless they own it. */
  accountId: z.string().max(64).optional(),
});

export type EventsOverview = {
  accounts: OwnedAccount[];
  /** The account being shown: the chosen one if the actor owns it, else their first (personal first). */
  account: OwnedAccount | null;
  events: EventRow[];
  shared: SharedEvent[];
  /** Valid tickets the actor holds (through their verified address): with no events of their own, /events leads to /my. */
  ticketCount: number;
};

/**
 * The events page (/events): the actor's accounts, the events of the chosen one and the events shared with them,
 * in one batch (one round trip). Authorization is in the statements themselves: only accounts the actor owns are
 * read (listing an account's events takes `event.create`, which only ownership gives), and shared events come from
 * the actor's own grants.
 */
export async function eventsOverview({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof EventsOverviewInput>;
}): Promise<EventsOverview> {
  const { accountId } = parseInput(EventsOverviewInput, input);
  const userId = requireActor(ctx).userId;
  // "personal" sorts after "organization", hence descending: personal first, then by age.
  const owned = sql`SELECT a.id, a.name, a.kind, a.created_at FROM account_ownership o
    JOIN accounts a ON a.id = o.account_id WHERE o.user_id = ${userId}`;
  const [accountRows, eventRows, sharedRows, ticketRows] = (await readBatch(ctx, [
    sql`${owned} ORDER BY a.kind DESC, a.created_at ASC`,
    sql`WITH owned AS (${owned})
        SELECT e.* FROM events e
        WHERE e.account_id = (SELECT id FROM owned ORDER BY id = ${accountId ?? ""} DESC, kind DESC, created_at ASC LIMIT 1)
        ORDER BY e.starts_at DESC`,
    sql`SELECT DISTINCT e.*, a.name AS account_name
        FROM access_grants g
        JOIN events e ON e.id = g.event_id
        JOIN accounts a ON a.id = e.account_id
        LEFT JOIN account_ownership o ON o.account_id = e.account_id AND o.user_id = ${userId}
        WHERE g.user_id = ${userId} AND o.user_id IS NULL AND e.status <> 'archived'
        ORDER BY e.starts_at ASC`,
    sql`SELECT count(*) AS n FROM tickets t JOIN users u ON u.id = t.holder_user_id AND u.email = t.holder_email
        WHERE t.holder_user_id = ${userId} AND t.status = 'valid' AND u.email_verified_at IS NOT NULL`,
  ])) as [OwnedAccount[], Record<string, unknown>[], (Record<string, unknown> & { account_name: string })[], { n: number }[]];
  const accounts = accountRows.map(({ id, name, kind }) => ({ id, name, kind }));
  return {
    accounts,
    account: accounts.find((a) => a.id === accountId) ?? accounts[0] ?? null,
    events: eventRows.map((row) => tableRow(events, row)),
    shared: sharedRows.map((row) => ({ ...tableRow(events, row), accountName: row.account_name })),
    ticketCount: ticketRows[0]?.n ?? 0,
  };
}
