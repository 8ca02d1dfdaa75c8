import { type SQL, sql } from "drizzle-orm";

/**
 * How tickets become access, as SQL for a batch. A valid ticket opens its rooms (`room_access_tickets`) with the
 * attendee role for the user who holds it, once that user has verified the ticket's address. Grants made this way
 * have source `ticket`; a grant from an invitation or an organizer for the same scope and role takes precedence
 * (see `GRANT_SOURCE_PRECEDENCE`), so revoking a ticket never removes access that came from elsewhere.
 */
export const TICKET_ROLE_ID = "role_attendee";

/**
 * Grants for the valid tickets that `which` selects (a condition on `t`, the tickets table), to their holders with
 * a verified address. Idempotent: an existing grant for the same user, room and role is kept as it is.
 */
export function grantsForTickets(which: SQL, now: number): SQL {
  return sql`
    INSERT INTO access_grants (id, account_id, user_id, event_id, room_id, role_id, source, granted_by, created_at)
    SELECT lower(hex(randomblob(16))), t.account_id, t.holder_user_id, rat.event_id, rat.room_id, ${TICKET_ROLE_ID},
           'ticket', NULL, ${now}
    FROM tickets t
    JOIN room_access_tickets rat ON rat.ticket_id = t.id
    JOIN users u ON u.id = t.holder_user_id AND u.email_verified_at IS NOT NULL AND u.email = t.holder_email
    WHERE t.status = 'valid' AND (${which})
    GROUP BY t.holder_user_id, rat.event_id, rat.room_id
    ON CONFLICT DO NOTHING`;
}

/**
 * After tickets were revoked: removes the `ticket` grants of their holders for their rooms, unless another valid
 * ticket of the same holder still opens that room. `which` selects the revoked tickets (a condition on `t`).
 */
export function revokeTicketGrants(which: SQL): SQL {
  return sql`
    DELETE FROM access_grants
    WHERE source = 'ticket' AND role_id = ${TICKET_ROLE_ID}
      AND EXISTS (
        SELECT 1 FROM tickets t JOIN room_access_tickets rat ON rat.ticket_id = t.id
        WHERE (${which}) AND t.holder_user_id = access_grants.user_id AND rat.room_id = access_grants.room_id)
      AND NOT EXISTS (
        SELECT 1 FROM tickets o JOIN room_access_tickets r ON r.ticket_id = o.id
        WHERE o.status = 'valid' AND o.holder_user_id = access_grants.user_id AND r.room_id = access_grants.room_id)`;
}

/**
 * Statements for the batch that verifies `user`'s address: the tickets held by that address become theirs, and
 * their rooms become grants. `verified` is the batch's condition that the address is now verified.
 */
export function ticketClaim(user: { id: string; email: string }, verified: SQL, now: number): SQL[] {
  return [
    // The holder has signed in with the verified address: the ticket is claimed (see `ticketsClaimedOnSignIn`).
    sql`
      UPDATE tickets SET holder_user_id = ${user.id}, claimed_at = coalesce(claimed_at, ${now})
      WHERE holder_email = ${user.email} AND (holder_user_id IS NULL OR holder_user_id <> ${user.id} OR claimed_at IS NULL)
        AND ${verified}`,
    grantsForTickets(sql`t.holder_user_id = ${user.id} AND ${verified}`, now),
  ];
}

/**
 * The conflict clause for inserting a grant that does not come from a ticket: when the same user already has the
 * same scope and role from a ticket, the grant takes the new source, so a later refund leaves it in place.
 */
export const GRANT_SOURCE_PRECEDENCE = sql.raw(
  "ON CONFLICT (user_id, event_id, room_scope, role_id) DO UPDATE SET source = excluded.source, granted_by = excluded.granted_by WHERE access_grants.source = 'ticket'",
);

/**
 * After a sign-in with a verified address: that address's tickets count as claimed from now on. Until a ticket is
 * claimed, organizers see its holder only as the order or registration named them (the participants list and an
 * order's grants leave out ticket grants of unclaimed tickets), so creating an order for an address never tells
 * them whether it has an account, or its profile name.
 */
export function ticketsClaimedOnSignIn(email: string, now: number): SQL {
  return sql`
    UPDATE tickets SET claimed_at = ${now}
    WHERE holder_email = ${email} AND claimed_at IS NULL
      AND holder_user_id = (SELECT id FROM users WHERE email = ${email} AND email_verified_at IS NOT NULL)`;
}
