import { users } from "@greenroom/db/webapp/schema";
import { type SQL, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { conditionalAuditEntry } from "../access";
import { AuditCursor, type AuditPage, type AuditRow, auditPage, auditQuery } from "../audit/query";
import { batchStatements } from "../batch";
import { type Actor, type Ctx, requireActor, unixSeconds } from "../context";
import { conflict, invalid, notFound, parseInput } from "../errors";

const PAGE = 50;
const LIST_LIMIT = 100;

/**
 * The actor, if they are an enabled platform admin (`users.platform_role`, which no organizer can grant).
 * Re-reads their row on every call; anyone else gets not_found, so the admin area does not reveal itself.
 */
export async function requirePlatformAdmin(ctx: Ctx): Promise<Actor> {
  const actor = requireActor(ctx);
  const [row] = await ctx.db
    .select({ platformRole: users.platformRole, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, actor.userId))
    .limit(1);
  if (!row || row.disabledAt || row.platformRole !== "admin") throw notFound();
  return actor;
}

const Search = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z.string().trim().max(100, "Use at most 100 characters").optional(),
);
const likeAny = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const AdminListUsersInput = z.object({
  q: Search,
  after: z.string().trim().toLowerCase().max(254).optional(),
});
export type AdminListUsersInput = z.infer<typeof AdminListUsersInput>;

export const AdminSearchInput = z.object({ q: Search });
export type AdminSearchInput = z.infer<typeof AdminSearchInput>;

export const AdminListAuditInput = z.object({ after: AuditCursor.optional() });
export type AdminListAuditInput = z.infer<typeof AdminListAuditInput>;

export const AdminUserIdInput = z.object({ userId: z.string().min(1).max(64) });
export type AdminUserIdInput = z.infer<typeof AdminUserIdInput>;

export type AdminUser = {
  id: string;
  email: string;
  name: string;
  platformRole: "user" | "admin";
  disabledAt: Date | null;
  createdAt: Date;
  accountCount: number;
};

export type AdminAccount = {
  id: string;
  name: string;
  kind: "personal" | "organization";
  createdAt: Date;
  ownerEmails: string[];
  eventCount: number;
};

export type AdminEvent = {
  id: string;
  name: string;
  slug: string;
  status: "draft" | "active" | "archived";
  startsAt: Date;
  timeZone: string;
  accountId: string;
  accountName: string;
  roomCount: number;
};

export type AdminStats = { users: number; disabledUsers: number; accounts: number; events: number; activeEvents: number };

const date = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000));

async function all<Row>(ctx: Ctx, query: SQL): Promise<Row[]> {
  return ctx.db.all<Row>(query);
}

/** Totals for the dashboard's first screen. */
export async function adminStats({ ctx }: { ctx: Ctx; input?: undefined }): Promise<AdminStats> {
  await requirePlatformAdmin(ctx);
  const [row] = await all<{ users: number; disabled: number; accounts: number; events: number; active: number }>(
    ctx,
    sql`SELECT (SELECT COUNT(*) FROM users) AS users,
               (SELECT COUNT(*) FROM users WHERE disabled_at IS NOT NULL) AS disabled,
               (SELECT COUNT(*) FROM accounts) AS accounts,
               (SELECT COUNT(*) FROM events) AS events,
               (SELECT COUNT(*) FROM events WHERE status = 'active') AS active`,
  );
  return {
    users: row?.users ?? 0,
    disabledUsers: row?.disabled ?? 0,
    accounts: row?.accounts ?? 0,
    events: row?.events ?? 0,
    activeEvents: row?.active ?? 0,
  };
}

/** Users by email (matching email or name), 50 at a time after the `after` email. */
export async function adminListUsers({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: unknown;
}): Promise<{ users: AdminUser[]; nextAfter: string | null }> {
  await requirePlatformAdmin(ctx);
  const { q, after } = parseInput(AdminListUsersInput, input ?? {});
  const rows = await all<{
    id: string;
    email: string;
    name: string;
    platform_role: "user" | "admin";
    disabled_at: number | null;
    created_at: number;
    account_count: number;
  }>(
    ctx,
    sql`SELECT u.id, u.email, u.name, u.platform_role, u.disabled_at, u.created_at,
               (SELECT COUNT(*) FROM account_ownership o WHERE o.user_id = u.id) AS account_count
        FROM users u
        WHERE ${q ? sql`(u.email LIKE ${likeAny(q)} ESCAPE '\\' OR u.name LIKE ${likeAny(q)} ESCAPE '\\')` : sql`1 = 1`}
          ${after ? sql`AND u.email > ${after}` : sql``}
        ORDER BY u.email
        LIMIT ${PAGE + 1}`,
  );
  const page = rows.slice(0, PAGE);
  return {
    users: page.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      platformRole: r.platform_role,
      disabledAt: date(r.disabled_at),
      createdAt: new Date(r.created_at * 1000),
      accountCount: r.account_count,
    })),
    nextAfter: rows.length > PAGE ? (page[page.length - 1]?.email ?? null) : null,
  };
}

/** Accounts (matching name or an owner's email), newest first, with their owners and event counts. */
export async function adminListAccounts({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<AdminAccount[]> {
  await requirePlatformAdmin(ctx);
  const { q } = parseInput(AdminSearchInput, input ?? {});
  const rows = await all<{
    id: string;
    name: string;
    kind: "personal" | "organization";
    created_at: number;
    owner_emails: string;
    event_count: number;
  }>(
    ctx,
    sql`SELECT a.id, a.name, a.kind, a.created_at,
               (SELECT json_group_array(u.email) FROM account_ownership o JOIN users u ON u.id = o.user_id
                WHERE o.account_id = a.id) AS owner_emails,
               (SELECT COUNT(*) FROM events e WHERE e.account_id = a.id) AS event_count
        FROM accounts a
        WHERE ${
          q
            ? sql`(a.name LIKE ${likeAny(q)} ESCAPE '\\' OR EXISTS (
                  SELECT 1 FROM account_ownership o JOIN users u ON u.id = o.user_id
                  WHERE o.account_id = a.id AND u.email LIKE ${likeAny(q)} ESCAPE '\\'))`
            : sql`1 = 1`
        }
        ORDER BY a.created_at DESC, a.id DESC
        LIMIT ${LIST_LIMIT}`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    createdAt: new Date(r.created_at * 1000),
    ownerEmails: (JSON.parse(r.owner_emails) as string[]).sort(),
    eventCount: r.event_count,
  }));
}

/** Events of every account (matching event name, slug or account name), latest start first. */
export async function adminListEvents({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<AdminEvent[]> {
  await requirePlatformAdmin(ctx);
  const { q } = parseInput(AdminSearchInput, input ?? {});
  const rows = await all<{
    id: string;
    name: string;
    slug: string;
    status: "draft" | "active" | "archived";
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

/** The whole platform's audit log, newest first, including platform-level actions (no account). */
export async function adminListAudit({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<AuditPage> {
  await requirePlatformAdmin(ctx);
  const { after } = parseInput(AdminListAuditInput, input ?? {});
  return auditPage(await all<AuditRow>(ctx, auditQuery(sql`1 = 1`, after, PAGE)), PAGE);
}

/**
 * Disables or re-enables a user. Both bump `session_version`, so every session of theirs ends at once. The acting
 * admin's standing is checked inside the UPDATE too, so two admins cannot disable each other at the same moment.
 */
async function setDisabled(ctx: Ctx, input: unknown, disable: boolean): Promise<void> {
  const admin = await requirePlatformAdmin(ctx);
  const { userId } = parseInput(AdminUserIdInput, input);
  if (disable && userId === admin.userId) {
    throw invalid("You cannot disable yourself", { userId: ["Ask another platform admin to do that"] });
  }
  const now = ctx.now();
  const [updated] = await batchStatements(ctx, [
    sql`UPDATE users
        SET disabled_at = ${disable ? unixSeconds(now) : null}, session_version = session_version + 1
        WHERE id = ${userId} AND id <> ${admin.userId}
          AND disabled_at IS ${disable ? sql`NULL` : sql`NOT NULL`}
          AND EXISTS (SELECT 1 FROM users me
                      WHERE me.id = ${admin.userId} AND me.platform_role = 'admin' AND me.disabled_at IS NULL)`,
    conditionalAuditEntry(ctx, {
      accountId: null,
      action: disable ? "user.disabled" : "user.enabled",
      targetType: "user",
      targetId: userId,
      before: { disabled: !disable },
      after: disable ? { disabled: true, disabledAt: now.toISOString() } : { disabled: false },
    }),
  ]);
  if (updated?.meta.changes) return;
  const [user] = await ctx.db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw notFound("User not found");
  await requirePlatformAdmin(ctx);
  throw conflict(disable ? "This user is already disabled" : "This user is not disabled");
}

export async function disableUser({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<void> {
  return setDisabled(ctx, input, true);
}

export async function enableUser({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<void> {
  return setDisabled(ctx, input, false);
}
