import { type SQL, sql } from "drizzle-orm";
import { type Ctx, unixSeconds } from "../context";
import { GRANT_SOURCE_PRECEDENCE, ticketClaim } from "../tickets/access-sql";

/**
 * Statements for the batch that verifies an address (sign-up through an invitation link, or the first mailed link
 * the user follows) that turn the user's pending profiles (of pending, unexpired invitations)
 * into grants, mark those invitations accepted by the user, audit each, and drop the profiles; and claim the
 * tickets held by the address (their rooms become grants). They must run in
 * the same batch as, and after, the user insert (through `batchStatements`: they are raw SQL).
 */
export function pendingProfileConversion(ctx: Ctx, user: { id: string; email: string }, when: SQL = sql`1`): SQL[] {
  const now = unixSeconds(ctx.now());
  // Only a verified address receives what was meant for it; `when` adds the caller's own condition.
  const verified = sql`EXISTS (SELECT 1 FROM users WHERE id = ${user.id} AND email = ${user.email} AND email_verified_at IS NOT NULL) AND ${when}`;
  const open = sql`p.email = ${user.email} AND i.status = 'pending' AND i.expires_at > ${now} AND ${verified}`;
  return [
    // The pending profile becomes the grant and keeps its id, so the participants list keeps its entry.
    sql`
      INSERT INTO access_grants (id, account_id, user_id, event_id, room_id, role_id, source, granted_by, created_at)
      SELECT p.id, p.account_id, ${user.id}, p.event_id, p.room_id, p.role_id, 'invitation', i.invited_by, ${now}
      FROM pending_profiles p JOIN invitations i ON i.id = p.invitation_id
      WHERE ${open}
      ${GRANT_SOURCE_PRECEDENCE}`,
    // One audit row per invitation; their number is known only inside SQL, hence ids from randomblob.
    sql`
      INSERT INTO audit_log (id, account_id, actor_id, action, target_type, target_id, before, after, created_at)
      SELECT lower(hex(randomblob(16))), i.account_id, ${user.id}, 'invitation.accept', 'invitation', i.id,
             json_object('status', 'pending'),
             json_object('status', 'accepted', 'acceptedBy', ${user.id}, 'via', 'sign_up',
                         'grant', json_object('eventId', p.event_id, 'roomId', p.room_id, 'roleId', p.role_id)),
             ${now}
      FROM pending_profiles p JOIN invitations i ON i.id = p.invitation_id
      WHERE ${open}`,
    sql`
      UPDATE invitations SET status = 'accepted', accepted_by = ${user.id}, accepted_at = ${now}
      WHERE status = 'pending' AND expires_at > ${now} AND ${verified}
        AND id IN (SELECT invitation_id FROM pending_profiles WHERE email = ${user.email})`,
    sql`
      DELETE FROM pending_profiles
      WHERE email = ${user.email}
        AND invitation_id IN (SELECT id FROM invitations WHERE status = 'accepted' AND accepted_by = ${user.id})`,
    // Tickets bought or registered with this address open their rooms now.
    ...ticketClaim(user, verified, now),
  ];
}
