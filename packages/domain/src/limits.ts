import { type SQL, sql } from "drizzle-orm";
import { batchStatements } from "./batch";
import { type Ctx, unixSeconds } from "./context";
import { DomainError } from "./errors";

export * from "./caps";

/**
 * Every abuse limit outside the sign-in throttle (`auth/throttle.ts`) lives here: how many, per how long, and the
 * message a user sees on hitting it. Counting uses `auth_throttle` rows, one conditional upsert per key.
 */
export const LIMITS = {
  /** Accounts created from one IP. */
  signUpsPerIp: { max: 10, windowSeconds: 60 * 60, message: "Too many sign-ups from this network. Try again in an hour." },
  /** Invitations sent from one account (resends included). */
  invitationsPerAccount: {
    max: 200,
    windowSeconds: 24 * 60 * 60,
    message: "This account has sent its 200 invitations for today. Try again tomorrow.",
  },
  /** Verification, sign-in and "someone tried to sign up" mails to one address. */
  authMailsPerAddress: {
    max: 5,
    windowSeconds: 15 * 60,
    message: "Too many mails to this address. Wait 15 minutes and try again.",
  },
  /** The same mails requested from one IP, over all addresses. */
  authMailsPerIp: {
    max: 30,
    windowSeconds: 15 * 60,
    message: "Too many mails requested from this network. Wait 15 minutes and try again.",
  },
  /** Free registrations from one IP, over all events (the public page's form). */
  registrationsPerIp: {
    max: 20,
    windowSeconds: 60 * 60,
    message: "Too many registrations from this network. Try again in an hour.",
  },
  /** Every webhook request to one retailer connection (an account's), proven or not: far above any real on-sale. */
  webhookRequestsPerConnection: {
    max: 6000,
    windowSeconds: 60,
    message: "Too many webhook requests for this connection this minute. Retry later.",
  },
  /**
   * Webhook requests to one connection that its retailer has not proven yet: bad signatures, and every Eventbrite
   * notification (each costs a call on the organizer's Eventbrite API quota, 2,000 an hour, before it is proven).
   */
  unprovenWebhooksPerConnection: {
    max: 1000,
    windowSeconds: 60 * 60,
    message: "Too many unproven webhook requests for this connection this hour. Retry later.",
  },
  /**
   * Tickets issued by one account's manual orders and CSV imports in an hour (units, not orders). Far above any real
   * import; it keeps one tenant from filling the shared database.
   */
  ticketsPerAccount: {
    max: 10_000,
    windowSeconds: 60 * 60,
    message: "This account has issued 10,000 tickets in the last hour, the most allowed. Try again in an hour.",
  },
  /** Registration and order mails to one address, over all events. */
  ticketMailsPerAddress: {
    max: 10,
    windowSeconds: 24 * 60 * 60,
    message: "This address has had 10 ticket mails today; no more are sent to it until tomorrow.",
  },
  /** Registration and order mails about one event, to all addresses. */
  ticketMailsPerEvent: {
    max: 5_000,
    windowSeconds: 24 * 60 * 60,
    message: "This event has sent its 5,000 ticket mails for today; no more are sent until tomorrow.",
  },
  /** Redemption code attempts for one account, right or wrong: enough for a real person, too few to guess with. */
  redemptionsPerAccount: {
    max: 20,
    windowSeconds: 60 * 60,
    message: "Too many codes tried for this account. Try again in an hour.",
  },
  /** Redemption code attempts from one IP, over all accounts. */
  redemptionsPerIp: {
    max: 60,
    windowSeconds: 60 * 60,
    message: "Too many codes tried from this network. Try again in an hour.",
  },
} as const;

/** How often one invitation may be sent in all (the first mail and its resends). */
export const MAX_SENDS_PER_INVITATION = 5;
export const RESEND_CAP_MESSAGE = `This invitation was already sent ${MAX_SENDS_PER_INVITATION} times. Revoke it and invite again if needed.`;

type Limit = (typeof LIMITS)[keyof typeof LIMITS];

/** The error for a limit that was hit. */
export const rateLimited = (limit: Limit) => new DomainError("rate_limited", limit.message);

/**
 * The statement behind `takeLimitSlot`, for a batch: takes a slot for the key that `keySql` selects (a SELECT
 * returning one `key` column, which may carry its own WHERE so that only an allowed request counts). It changes
 * one row when a slot was taken and none when the limit is reached.
 */
export function limitSlotStatement(keySql: SQL, limit: Limit, now: number): SQL {
  const expired = now - limit.windowSeconds;
  return sql`
    INSERT INTO auth_throttle (key, window_started_at, failures)
    SELECT key, ${now}, 1 FROM (${keySql}) WHERE true
    ON CONFLICT(key) DO UPDATE SET
      failures = CASE WHEN window_started_at <= ${expired} THEN 1 ELSE failures + 1 END,
      window_started_at = CASE WHEN window_started_at <= ${expired} THEN ${now} ELSE window_started_at END
    WHERE window_started_at <= ${expired} OR failures < ${limit.max}`;
}

/**
 * Takes one slot under `max` for `key` in one conditional upsert: a new or expired window starts at 1, an open
 * one counts up only while below the limit, so concurrent requests cannot get past it.
 */
export async function takeLimitSlot(ctx: Ctx, key: string, max: number, windowSeconds: number): Promise<boolean> {
  const now = unixSeconds(ctx.now());
  const expired = now - windowSeconds;
  const result = await ctx.db.run(sql`
    INSERT INTO auth_throttle (key, window_started_at, failures) VALUES (${key}, ${now}, 1)
    ON CONFLICT(key) DO UPDATE SET
      failures = CASE WHEN window_started_at <= ${expired} THEN 1 ELSE failures + 1 END,
      window_started_at = CASE WHEN window_started_at <= ${expired} THEN ${now} ELSE window_started_at END
    WHERE window_started_at <= ${expired} OR failures < ${max}`);
  return result.meta.changes > 0;
}

/** Counts one use against `limit` for `key`, or throws `rate_limited` with the limit's message. */
export async function enforceLimit(ctx: Ctx, limit: Limit, key: string): Promise<void> {
  if (!(await takeLimitSlot(ctx, key, limit.max, limit.windowSeconds))) {
    throw rateLimited(limit);
  }
}

/**
 * The key for a per-IP limit, or null when there is no client IP to count: none was reported, or it is loopback,
 * which only local development sees (`wrangler dev` reports 127.0.0.1; the edge never does).
 */
export function ipLimitKey(prefix: string, ip: string | undefined): string | null {
  if (!ip || /^(127\.|::1$|::ffff:127\.)/i.test(ip)) return null;
  return `${prefix}:${ipKeyPart(ip)}`;
}

/**
 * What a per-IP limit counts for an address: an IPv4 address as it is (an IPv4-mapped IPv6 address as its IPv4),
 * and an IPv6 address by its /64 prefix, since one subscriber usually holds a whole /64 and could otherwise pick a
 * fresh address for every request. Text that is not an address is counted as it is.
 */
export function ipKeyPart(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/%.*$/, "");
  if (!address.includes(":")) return address;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped?.[1]) return mapped[1];
  const groups = ipv6Groups(address);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : address;
}

/** The eight 16-bit groups of an IPv6 address (no leading zeros), or null when it is not one. */
function ipv6Groups(address: string): string[] | null {
  // An IPv4 tail stands for the last two groups.
  const text = address.replace(/(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, (_, a, b, c, d) =>
    [((Number(a) << 8) | Number(b)).toString(16), ((Number(c) << 8) | Number(d)).toString(16)].join(":"),
  );
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const split = (part: string | undefined) => (part ? part.split(":") : []);
  const head = split(halves[0]);
  const tail = split(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array.from({ length: halves.length === 2 ? missing : 0 }, () => "0"), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => Number.parseInt(g, 16).toString(16));
}

/** Counts against a per-IP limit, if there is an IP to count (see `ipLimitKey`). */
export async function enforceIpLimit(ctx: Ctx, limit: Limit, prefix: string, ip: string | undefined): Promise<void> {
  const key = ipLimitKey(prefix, ip);
  if (key) await enforceLimit(ctx, limit, key);
}

/** One mail about signing in or verifying to `email`, requested from `ip`: both keys must have room. */
export async function enforceAuthMailLimits(ctx: Ctx, email: string, ip: string | undefined): Promise<void> {
  await enforceLimit(ctx, LIMITS.authMailsPerAddress, `mail:${email}`);
  await enforceIpLimit(ctx, LIMITS.authMailsPerIp, "mail-ip", ip);
}

/**
 * Takes the daily mail budget for each mail about tickets (registration and order mails): one slot of the address
 * (`LIMITS.ticketMailsPerAddress`) and one of the event (`LIMITS.ticketMailsPerEvent`), in ONE conditional upsert
 * per mail, all in one batch. A mail may go only when both slots were taken (the statement changed two rows); a
 * mail refused by one budget still uses a slot of the other, which errs on the side of sending less.
 */
export async function takeTicketMailBudget(ctx: Ctx, mails: readonly { to: string; eventId: string }[]): Promise<boolean[]> {
  if (mails.length === 0) return [];
  const now = unixSeconds(ctx.now());
  const results = await batchStatements(
    ctx,
    mails.map((mail) => ticketMailBudgetStatement(mail, now)),
  );
  return results.map((result) => result.meta.changes === 2);
}

/**
 * The statement behind `takeTicketMailBudget` for one mail, for another batch (a webhook's ingestion): it changed
 * two rows when the mail may go. `when`, if given, is a further SQL condition (e.g. that this delivery placed the
 * order), so nothing is counted otherwise.
 */
export function ticketMailBudgetStatement(mail: { to: string; eventId: string }, now: number, when?: SQL): SQL {
  const { ticketMailsPerAddress: perAddress, ticketMailsPerEvent: perEvent } = LIMITS;
  // Both budgets are daily, so one window expiry serves both keys.
  const expired = now - perAddress.windowSeconds;
  return sql`
    INSERT INTO auth_throttle (key, window_started_at, failures)
    SELECT j.value, ${now}, 1 FROM json_each(${JSON.stringify([`ticket-mail:${mail.to}`, `ticket-mail-event:${mail.eventId}`])}) j
    WHERE ${when ?? sql`true`}
    ON CONFLICT(key) DO UPDATE SET
      failures = CASE WHEN window_started_at <= ${expired} THEN 1 ELSE failures + 1 END,
      window_started_at = CASE WHEN window_started_at <= ${expired} THEN ${now} ELSE window_started_at END
    WHERE window_started_at <= ${expired}
      OR failures < CASE WHEN key LIKE 'ticket-mail-event:%' THEN ${perEvent.max} ELSE ${perAddress.max} END`;
}
