import { authThrottle } from "@greenroom/db/webapp/schema";
import { and, gt, gte, inArray, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { unixSeconds } from "../context";

export const THROTTLE_WINDOW_SECONDS = 15 * 60;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;

export function throttleKeys(email: string, ip: string | undefined) {
  return { email: `email:${email}`, ip: ip ? `ip:${ip}` : undefined };
}

/** True when either the email or the IP has used up its failures in the current window. */
export async function isThrottled(ctx: Ctx, email: string, ip: string | undefined): Promise<boolean> {
  const keys = throttleKeys(email, ip);
  const since = unixSeconds(ctx.now()) - THROTTLE_WINDOW_SECONDS;
  const rows = await ctx.db
    .select({ key: authThrottle.key, failures: authThrottle.failures })
    .from(authThrottle)
    .where(
      and(
        inArray(authThrottle.key, [keys.email, ...(keys.ip ? [keys.ip] : [])]),
        gt(authThrottle.windowStartedAt, new Date(since * 1000)),
        gte(authThrottle.failures, MAX_FAILURES_PER_EMAIL),
      ),
    );
  return rows.some((row) =>
    row.key === keys.email ? row.failures >= MAX_FAILURES_PER_EMAIL : row.failures >= MAX_FAILURES_PER_IP,
  );
}

/** Counts one failure per key in a single upsert each; a window older than the limit restarts at 1. */
export async function recordFailure(ctx: Ctx, email: string, ip: string | undefined): Promise<void> {
  const keys = throttleKeys(email, ip);
  const now = unixSeconds(ctx.now());
  const expired = now - THROTTLE_WINDOW_SECONDS;
  const upsert = (key: string) =>
    ctx.db.run(sql`
      INSERT INTO auth_throttle (key, window_started_at, failures) VALUES (${key}, ${now}, 1)
      ON CONFLICT(key) DO UPDATE SET
        failures = CASE WHEN window_started_at <= ${expired} THEN 1 ELSE failures + 1 END,
        window_started_at = CASE WHEN window_started_at <= ${expired} THEN ${now} ELSE window_started_at END`);
  await Promise.all([upsert(keys.email), ...(keys.ip ? [upsert(keys.ip)] : [])]);
}

export async function clearFailures(ctx: Ctx, email: string): Promise<void> {
  await ctx.db.delete(authThrottle).where(inArray(authThrottle.key, [throttleKeys(email, undefined).email]));
}
