import { z } from "zod";
import { EVENT_STATUSES } from "@greenroom/db/webapp/values";
import { accessGrants, accountOwnership, accounts, events } from "@greenroom/db/webapp/schema";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { authorize, keyStillValid, readBatch, tableRow } from "../access";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { forbidden, notFound, parseInput, unauthenticated } from "../errors";
import { Id } from "../ids";
import { AccountIdInput } from "./schemas";
import type { EventRow, SharedEvent } from "./rows";

export async function listEvents({ ctx, input }: { ctx: Ctx; input: z.input<typeof AccountIdInput> }): Promise<EventRow[]> {
  const { accountId } = parseInput(AccountIdInput, input);
  await authorize(ctx, "event.create", { kind: "account", accountId });
  return ctx.db.select().from(events).where(eq(events.accountId, accountId)).orderBy(desc(events.startsAt));
}

/** Events of other accounts that the actor holds a grant in ("Shared with me"), soonest first. */
export async function listSharedEvents({ ctx }: { ctx: Ctx }): Promise<SharedEvent[]> {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .selectDistinct({ event: events, accountName: accounts.name })
    .from(accessGrants)
    .innerJoin(events, eq(events.id, accessGrants.eventId))
    .innerJoin(accounts, eq(accounts.id, events.accountId))
    .leftJoin(
      accountOwnership,
      and(eq(accountOwnership.accountId, events.accountId), eq(accountOwnership.userId, actor.userId)),
    )
    .where(and(eq(accessGrants.userId, actor.userId), isNull(accountOwnership.userId)))
    .orderBy(asc(events.startsAt));
  return rows.filter((r) => r.event.status !== "archived").map((r) => ({ ...r.event, accountName: r.accountName }));
}

export const VisibleEventsInput = z.object({
  accountId: Id,
  status: z.enum(EVENT_STATUSES).optional(),
  /** The last event of the previous page, as `nextCursor` gave it. */
  cursor: z
    .string()
    .max(200)
    .regex(/^\d{1,12}\.[A-Za-z0-9_]{1,64}$/, "Use the nextCursor of the previous page")
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/**
 * One page of the events of an account that the actor may see (all of them for an owner, the events of their grants
 * otherwise; a key's events only, for a key), soonest first, by keyset: `nextCursor` names the last row. One query.
 */
export async function listVisibleEvents({
  ctx,
  input,
}: { ctx: Ctx; input: z.input<typeof VisibleEventsInput> }): Promise<{ events: EventRow[]; nextCursor: string | null }> {
  const data = parseInput(VisibleEventsInput, input);
  const actor = requireActor(ctx);
  const key = actor.key;
  if (key && (!key.permissions.has("event.view") || key.accountId !== data.accountId)) {
    if (key.accountId !== data.accountId) throw notFound("Account not found");
    throw forbidden("This key's scopes do not include events:read");
  }
  const [afterStart, afterId] = data.cursor ? data.cursor.split(".") : [null, null];
  const keyEvents = key?.eventIds ? sql`AND e.id IN (SELECT value FROM json_each(${JSON.stringify(key.eventIds)}))` : sql``;
  const [rows, keyRows] = await readBatch(ctx, [
    sql`SELECT e.* FROM events e
        WHERE e.account_id = ${data.accountId} AND e.status <> 'deleting'
          AND (EXISTS (SELECT 1 FROM account_ownership o WHERE o.account_id = e.account_id AND o.user_id = ${actor.userId})
               OR EXISTS (SELECT 1 FROM access_grants g JOIN users u ON u.id = g.user_id
                          WHERE g.event_id = e.id AND g.user_id = ${actor.userId} AND u.email_verified_at IS NOT NULL))
          ${keyEvents} AND ${keyStillValid(actor)}
          AND (${data.status ?? null} IS NULL OR e.status = ${data.status ?? null})
          AND (${afterStart === null ? null : Number(afterStart)} IS NULL
               OR e.starts_at > ${Number(afterStart)} OR (e.starts_at = ${Number(afterStart)} AND e.id > ${afterId}))
        ORDER BY e.starts_at, e.id LIMIT ${data.limit + 1}`,
    // In the same round trip: whether the key (when there is one) still stands for its secret, so a key revoked
    // since its authentication was cached gets unauthenticated, not an empty list.
    sql`SELECT ${keyStillValid(actor)} AS valid`,
  ]);
  if (key && !(keyRows?.[0] as { valid?: number } | undefined)?.valid) throw unauthenticated("Unknown or revoked API key");
  const page = (rows ?? []).slice(0, data.limit).map((r) => tableRow(events, r as Record<string, unknown>));
  const last = page.at(-1);
  const nextCursor = (rows?.length ?? 0) > data.limit && last ? `${unixSeconds(last.startsAt)}.${last.id}` : null;
  return { events: page, nextCursor };
}
