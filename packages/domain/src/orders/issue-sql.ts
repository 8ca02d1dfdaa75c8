import { newShortCodeSql } from "../tickets/short-code";
import { type SQL, sql } from "drizzle-orm";
import { grantsForTickets, revokeTicketGrants } from "../tickets/access-sql";
import { orderOutboxStatements } from "../webhooks-out/outbox-sql";
import { MAX_LINE_QUANTITY } from "./schemas";

/**
 * The statements that bring the orders `which` selects (a condition on `o`, the orders table) to the state their
 * rows describe, for one batch. Each is conditional and idempotent, so running them again, or twenty times at once,
 * changes nothing more:
 *
 * 1. order lines from the body's `lines`, resolved through the event's SKU mappings (manual orders also by ticket
 *    type id or name), one per line number;
 * 2. `needs_mapping` while a line has no ticket type;
 * 3. each line's `refunded` units, from the body's `refunds` (each refund once, by its key): the units refunded for
 *    a SKU are given to its lines in line order, never more than a line has;
 * 4. a Stripe hold: once every line is mapped and every mapping has a price, an order whose amount paid is not the
 *    sum of price × quantity (or is in another currency) is held (`body.hold`) and issues nothing until the
 *    organizer releases it (`body.released`);
 * 5. for a placed order that is not held, one ticket per unit of each resolved line that no refund took back
 *    (unique line and seq), held by the buyer's address and by the user with that address, if any;
 * 6. the rooms each ticket opens (`room_access_tickets`, from the type's rooms in the same event);
 * 7. for a refunded or cancelled order, its tickets revoked; for a placed one, the tickets of refunded units (the
 *    highest seqs of the line); and the grants they gave removed (unless another valid ticket still opens the room;
 *    grants from invitations or organizers are never ticket grants);
 * 8. grants for the valid tickets to holders with a verified address;
 * 9. each touched ticket type's `issued` recounted from its valid tickets (no capacity refusal: the retailer sold it);
 * 10. the outgoing webhook outbox rows (order.placed, order.refunded, ticket.issued) for subscribed accounts, each
 *     keyed by its resource, so the change and its events commit together and a rerun adds none.
 */
export function orderStateStatements(which: SQL, at: number): SQL[] {
  const selected = sql`SELECT o.id FROM orders o WHERE ${which}`;
  const lineSku = sql`(j.value ->> '$.externalSku')`;
  // Units refunded for this line's SKU over all of the order's refunds, minus what earlier lines of the SKU took.
  const refundedUnits = sql`min(order_lines.quantity, max(0,
    (SELECT coalesce(sum(CAST(rl.value ->> '$.quantity' AS INTEGER)), 0)
     FROM orders ro, json_each(ro.body, '$.refunds') r, json_each(r.value, '$.lines') rl
     WHERE ro.id = order_lines.order_id AND rl.value ->> '$.externalSku' = order_lines.external_sku)
    - (SELECT coalesce(sum(p.quantity), 0) FROM order_lines p
       WHERE p.order_id = order_lines.order_id AND p.external_sku = order_lines.external_sku AND p.line_no < order_lines.line_no)))`;
  const expected = sql`(SELECT sum(m.unit_amount * l.quantity) FROM order_lines l
    JOIN external_sku_mappings m ON m.event_id = l.event_id AND m.retailer = 'stripe' AND m.external_sku = l.external_sku
    WHERE l.order_id = orders.id)`;
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
      UPDATE order_lines SET refunded = ${refundedUnits}
      WHERE order_id IN (${selected}) AND refunded <> ${refundedUnits}`,
    sql`
      UPDATE orders SET body = json_set(body, '$.hold', json_object('expected', ${expected}, 'currency', body ->> '$.currency'))
      WHERE id IN (${selected}) AND retailer = 'stripe' AND status = 'placed'
        AND body -> '$.placed' IS NOT NULL AND body -> '$.hold' IS NULL AND body -> '$.released' IS NULL
        AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = orders.id)
        AND NOT EXISTS (
          SELECT 1 FROM order_lines l
          LEFT JOIN external_sku_mappings m ON m.event_id = l.event_id AND m.retailer = 'stripe' AND m.external_sku = l.external_sku
          WHERE l.order_id = orders.id AND (l.ticket_type_id IS NULL OR m.unit_amount IS NULL))
        AND (coalesce(body ->> '$.amount', -1) <> ${expected}
             OR EXISTS (
               SELECT 1 FROM order_lines l
               JOIN external_sku_mappings m ON m.event_id = l.event_id AND m.retailer = 'stripe' AND m.external_sku = l.external_sku
               WHERE l.order_id = orders.id AND m.currency IS NOT orders.body ->> '$.currency'))`,
    sql`
      WITH RECURSIVE unit(i) AS (
        SELECT 0
        UNION ALL
        SELECT i + 1 FROM unit
        WHERE i + 1 < min(${MAX_LINE_QUANTITY}, (
          SELECT coalesce(max(l.quantity), 0) FROM order_lines l WHERE l.order_id IN (${selected})))
      )
      INSERT INTO tickets (id, account_id, event_id, ticket_type_id, source, order_id, order_line_id, seq,
                           holder_email, holder_name, holder_user_id, status, short_code, created_at)
      SELECT lower(hex(randomblob(16))), l.account_id, l.event_id, l.ticket_type_id, 'order', o.id, l.id, unit.i,
             o.buyer_email, coalesce(o.body ->> '$.buyerName', ''),
             (SELECT u.id FROM users u WHERE u.email = o.buyer_email), 'valid', ${newShortCodeSql()}, ${at}
      FROM orders o
      JOIN order_lines l ON l.order_id = o.id
      JOIN unit ON unit.i < l.quantity - l.refunded
      WHERE ${which} AND o.status = 'placed' AND o.body -> '$.hold' IS NULL
        AND l.ticket_type_id IS NOT NULL AND o.buyer_email IS NOT NULL
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
      WHERE status = 'valid' AND order_id IN (${selected})
        AND ((SELECT o.status FROM orders o WHERE o.id = tickets.order_id) <> 'placed'
             OR seq >= (SELECT l.quantity - l.refunded FROM order_lines l WHERE l.id = tickets.order_line_id))`,
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
    ...orderOutboxStatements(which, at),
  ];
}

/** The one order an account has under a retailer's order id (a condition on `o`). */
export const orderKey = (accountId: string, retailer: string, externalOrderId: string): SQL =>
  sql`o.account_id = ${accountId} AND o.retailer = ${retailer} AND o.external_order_id = ${externalOrderId}`;
