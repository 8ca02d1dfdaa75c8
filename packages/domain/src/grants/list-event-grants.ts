import type { z } from "zod";

import { type SQL, sql } from "drizzle-orm";
import { authorizeAndRead } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { ListEventGrantsInput } from "./schemas";

export type EventGrant = {
  id: string;
  userId: string;
  email: string;
  name: string;
  roleId: string;
  roleName: string;
  roomId: string | null;
  roomName: string | null;
  source: "manual" | "invitation" | "ticket";
  createdAt: Date;
};

export type EventGrantRow = {
  id: string;
  user_id: string;
  email: string;
  name: string;
  role_id: string;
  role_name: string;
  room_id: string | null;
  room_name: string | null;
  source: EventGrant["source"];
  created_at: number;
};

export const EVENT_GRANTS_LIMIT = 200;

/** The event's grants made by hand or by invitation, newest first (raw rows for `toEventGrant`), for one batch. */
export function eventGrantsQuery(eventId: string): SQL {
  return sql`SELECT g.id, g.user_id, u.email, u.name, g.role_id, r.name AS role_name, g.room_id, rm.name AS room_name,
                    g.source, g.created_at
             FROM access_grants g
             JOIN users u ON u.id = g.user_id
             JOIN roles r ON r.id = g.role_id
             LEFT JOIN rooms rm ON rm.id = g.room_id
             WHERE g.event_id = ${eventId} AND g.source IN ('manual', 'invitation')
             ORDER BY g.created_at DESC, g.id DESC
             LIMIT ${EVENT_GRANTS_LIMIT}`;
}

export const toEventGrant = (r: EventGrantRow): EventGrant => ({
  id: r.id,
  userId: r.user_id,
  email: r.email,
  name: r.name,
  roleId: r.role_id,
  roleName: r.role_name,
  roomId: r.room_id,
  roomName: r.room_name,
  source: r.source,
  createdAt: new Date(r.created_at * 1000),
});

/**
 * The people given a role on the event by hand or by invitation, newest first (at most 200). Ticket holders are
 * left out: there can be thousands, and the participants list pages through them.
 */
export async function listEventGrants({ ctx, input }: { ctx: Ctx; input: z.input<typeof ListEventGrantsInput> }): Promise<EventGrant[]> {
  const { eventId } = parseInput(ListEventGrantsInput, input);
  const [, rows] = await authorizeAndRead<EventGrantRow>(
    ctx,
    "access.manage",
    { kind: "event", eventId },
    eventGrantsQuery(eventId),
  );
  return rows.map(toEventGrant);
}
