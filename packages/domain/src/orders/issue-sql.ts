import { type SQL, sql } from "drizzle-orm";
import { grantsForTickets, revokeTicketGrants } from "../tickets/access-sql";
import { MAX_LINE_QUANTITY } from "./schemas";

/**
 * The statements that bring the orders `which` selects (a condition on `o`, the orders table) to the state their
 * rows describe, for one batch. Each is conditional and idempotent, so running them again, or twenty times at once,
 * changes nothing more:
 *
 * 1. order lines from the body's `lines`, resolved through the event's SKU mappings (manual orders also by ticket
 *    type id or name), one per line number;
 * 2. `needs_mapping` while a line has no ticket type;
 * 3. for a placed order, one ticket per unit of each resolved line (unique line and seq), held by the buyer's
 *    address and by the user with that address, if any;
 * 4. the rooms each ticket opens (`room_access_tickets`, from the type's rooms in the same event);
 * 5. for a refunded or cancelled order, its tickets revoked and the grants they gave removed (unless another valid
 *    ticket still opens the room; grants from invitations or organizers are never ticket grants);
 * 6. grants for the valid tickets to holders with a verified address;
 * 7. each touched ticket type's `issued` recounted from its valid tickets (no capacity refusal: the retailer sold it).
 */
export function orderStateStatements(which: SQL, at: number): SQL[] {
  const selected = sql`SELECT o.id FROM orders o WHERE ${which}`;
  const lineSku = sql`(j.value ->> '$.externalSku')`;
  return [
    sql`
      INSERT INTO order_lines (id, order_id, account_id, event_id, line_no, external_sku, title, quantity, ticket_type_id)
      SELECT lower(hex(randomblob(16))), o.id, o.account_id, o.event_id, CAST(j.key AS INTEGER), ${lineSku},
             j.value ->> '$.title', CAST(j.value ->> '$.quantity' AS INTEGER),
             coalesce(
               (SELECT m.ticket_type_id FROM external_sku_mappings m
                WHERE m.event_id = o.event_id AND m.retailer = o.retailer AND m.external_sku = ${lineSku}),
               CASE WHEN o.retailer = 'manual' THEN (
                 SELECT tt.id FROM ticket_types tt
                 WHERE tt.event_id = o.event_id AND (tt.id = ${lineSku} OR lower(tt.name) = lower(${lineSku}))
                 ORDER BY tt.status = 'active' DESC, tt.created_at LIMIT 1) END)
      FROM orders o, json_each(o.body, '$.lines') j
      WHERE ${which} AND o.event_id IS NOT NULL
      ON CONFLICT (order_id, line_no) DO NOTHING`,
    sql`
      UPDATE orders SET needs_mapping = EXISTS (
        SELECT 1 FROM order_lines l WHERE l.order_id = orders.id AND l.ticket_type_id IS NULL)
      WHERE id IN (${selected})
        AND needs_mapping <> EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = orders.id AND l.ticket_type_id IS NULL)`,
    sql`
      WITH RECURSIVE unit(i) AS (
        SELECT 0
        UNION ALL
        SELECT i + 1 FROM unit
        WHERE i + 1 < min(${MAX_LINE_QUANTITY}, (
          SELECT coalesce(max(l.quantity), 0) FROM order_lines l WHERE l.order_id IN (${selected})))
      )
      INSERT INTO tickets (id, account_id, event_id, ticket_type_id, source, order_id, order_line_id, seq,
                           holder_email, holder_name, holder_user_id, status, created_at)
      SELECT lower(hex(randomblob(16))), l.account_id, l.event_id, l.ticket_type_id, 'order', o.id, l.id, unit.i,
             o.buyer_email, coalesce(o.body ->> '$.buyerName', ''),
             (SELECT u.id FROM users u WHERE u.email = o.buyer_email), 'valid', ${at}
      FROM orders o
      JOIN order_lines l ON l.order_id = o.id
      JOIN unit ON unit.i < l.quantity
      WHERE ${which} AND o.status = 'placed' AND l.ticket_type_id IS NOT NULL AND o.buyer_email IS NOT NULL
      ON CONFLICT (order_line_id, seq) DO NOTHING`,
    sql`
      INSERT INTO room_access_tickets (ticket_id, room_id, event_id)
      SELECT t.id, r.room_id, t.event_id
      FROM orders o
      JOIN tickets t ON t.order_id = o.id
      JOIN ticket_type_rooms r ON r.ticket_type_id = t.ticket_type_id
      JOIN rooms rm ON rm.id = r.room_id AND rm.event_id = t.event_id
      WHERE ${which}
      ON CONFLICT DO NOTHING`,
    sql`
      UPDATE tickets SET status = 'revoked', revoked_at = ${at}
      WHERE status = 'valid' AND order_id IN (SELECT o.id FROM orders o WHERE ${which} AND o.status <> 'placed')`,
    revokeTicketGrants(sql`t.status = 'revoked' AND t.order_id IN (${selected})`),
    grantsForTickets(sql`t.order_id IN (${selected})`, at),
    sql`
      UPDATE ticket_types SET issued = (
        SELECT count(*) FROM tickets t
        WHERE t.event_id = ticket_types.event_id AND t.ticket_type_id = ticket_types.id AND t.status = 'valid')
      WHERE id IN (SELECT l.ticket_type_id FROM order_lines l WHERE l.order_id IN (${selected}))
        AND issued <> (
          SELECT count(*) FROM tickets t
          WHERE t.event_id = ticket_types.event_id AND t.ticket_type_id = ticket_types.id AND t.status = 'valid')`,
  ];
}

/** The one order an account has under a retailer's order id (a condition on `o`). */
export const orderKey = (accountId: string, retailer: string, externalOrderId: string): SQL =>
  sql`o.account_id = ${accountId} AND o.retailer = ${retailer} AND o.external_order_id = ${externalOrderId}`;
