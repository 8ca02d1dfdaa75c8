import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";

export type AuditEntryView = {
  id: string;
  accountId: string | null;
  accountName: string | null;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string;
  /** A readable name for the target (an email, a role or event name) while it still exists. */
  targetLabel: string | null;
  before: unknown;
  after: unknown;
  createdAt: Date;
};

export type AuditPage = { entries: AuditEntryView[]; nextCursor: string | null };

/** Keyset position in the log: "<created_at seconds>.<id>" of the last entry shown. */
export const AuditCursor = z.string().regex(/^\d{1,12}\.[a-z0-9]{1,64}$/, "That page link is not valid");

export type AuditRow = {
  id: string;
  account_id: string | null;
  account_name: string | null;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string;
  target_label: string | null;
  before: string | null;
  after: string | null;
  created_at: number;
};

/** Newest first by (created_at, id), starting after `cursor`; one row more than `limit` tells if there is more. */
export function auditQuery(scope: SQL, cursor: string | undefined, limit: number): SQL {
  const [at, id] = cursor ? cursor.split(".") : [];
  const after = at && id ? sql`AND (a.created_at < ${Number(at)} OR (a.created_at = ${Number(at)} AND a.id < ${id}))` : sql``;
  return sql`
    SELECT a.id, a.account_id, acc.name AS account_name, a.actor_id, u.email AS actor_email, a.action,
           a.target_type, a.target_id,
           CASE a.target_type
             WHEN 'user' THEN (SELECT email FROM users WHERE id = a.target_id)
             WHEN 'role' THEN (SELECT name FROM roles WHERE id = a.target_id)
             WHEN 'account' THEN (SELECT name FROM accounts WHERE id = a.target_id)
             WHEN 'event' THEN (SELECT name FROM events WHERE id = a.target_id)
             WHEN 'room' THEN (SELECT name FROM rooms WHERE id = a.target_id)
             WHEN 'invitation' THEN (SELECT email FROM invitations WHERE id = a.target_id)
             WHEN 'access_grant' THEN (SELECT gu.email FROM access_grants g JOIN users gu ON gu.id = g.user_id
                                       WHERE g.id = a.target_id)
           END AS target_label,
           a.before, a.after, a.created_at
    FROM audit_log a
    LEFT JOIN users u ON u.id = a.actor_id
    LEFT JOIN accounts acc ON acc.id = a.account_id
    WHERE ${scope} ${after}
    ORDER BY a.created_at DESC, a.id DESC
    LIMIT ${limit + 1}`;
}

const parseJson = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export function auditPage(rows: AuditRow[], limit: number): AuditPage {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({
      id: r.id,
      accountId: r.account_id,
      accountName: r.account_name,
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      targetLabel: r.target_label,
      before: parseJson(r.before),
      after: parseJson(r.after),
      createdAt: new Date(r.created_at * 1000),
    })),
    nextCursor: rows.length > limit && last ? `${last.created_at}.${last.id}` : null,
  };
}
