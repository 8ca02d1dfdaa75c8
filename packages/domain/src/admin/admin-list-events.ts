import type { EventStatus } from "@greenroom/db/webapp/values";
import type { z } from "zod";

import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { AdminSearchInput } from "./schemas";
import { type AdminEvent, LIST_LIMIT, adminRead, parseAdminInput, likeAny } from "./platform-admin";

/** Events of every account (matching event name, slug or account name), latest start first. */
export async function adminListEvents({ ctx, input }: { ctx: Ctx; input: z.input<typeof AdminSearchInput> }): Promise<AdminEvent[]> {
  const { q } = await parseAdminInput(ctx, AdminSearchInput, input ?? {});
  const rows = await adminRead<{
    id: string;
    name: string;
    slug: string;
    status: Exclude<EventStatus, "deleting">;
    starts_at: number;
    time_zone: string;
    account_id: string;
    account_name: string;
    room_count: number;
  }>(
    ctx,
    sql`SELECT e.id, e.name, e.slug, e.status, e.starts_at, e.time_zone, e.account_id, a.name AS account_name,
               (SELECT COUNT(*) FROM rooms r WHERE r.event_id = e.id AND r.status = 'active') AS room_count
        FROM events e JOIN accounts a ON a.id = e.account_id
        WHERE ${
          q
            ? sql`(e.name LIKE ${likeAny(q)} ESCAPE '\\' OR e.slug LIKE ${likeAny(q)} ESCAPE '\\'
                   OR a.name LIKE ${likeAny(q)} ESCAPE '\\')`
            : sql`1 = 1`
        }
        ORDER BY e.starts_at DESC, e.id DESC
        LIMIT ${LIST_LIMIT}`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    slug: r.slug,
    status: r.status,
    startsAt: new Date(r.starts_at * 1000),
    timeZone: r.time_zone,
    accountId: r.account_id,
    accountName: r.account_name,
    roomCount: r.room_count,
  }));
}
