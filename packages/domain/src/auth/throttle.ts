import { sql } from "drizzle-orm";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { ipKeyPart, takeLimitSlot } from "../limits";
import { ticketsClaimedOnSignIn } from "../tickets/access-sql";

// Every sign-in limit lives here. An attempt is counted (reserved) before the password is hashed, so a burst of
// concurrent guesses cannot slip past a limit while earlier guesses are still being checked.
export const THROTTLE_WINDOW_SECONDS = 15 * 60;
/** Attempts for one email from one IP: the lockout a single stranger can cause, and only for themselves. */
export const MAX_ATTEMPTS_PER_EMAIL_AND_IP = 5;
/** Attempts for one email from anywhere: a higher ceiling against guessing spread over many addresses. */
export const MAX_ATTEMPTS_PER_EMAIL = 50;
/** Attempts from one IP over all emails: slows password spraying without locking out a shared office network. */
export const MAX_ATTEMPTS_PER_IP = 100;

/**
 * The client's IP as Cloudflare reports it. Only `cf-connecting-ip` counts: the edge sets it and overwrites any
 * value a client sends, whereas `X-Forwarded-For` is whatever the client wrote.
 */
export function clientIpFrom(headers: Headers | undefined): string | undefined {
  const ip = headers?.get("cf-connecting-ip")?.trim();
  return ip ? ip.slice(0, 64) : undefined;
}

export function throttleKeys(email: string, ip: string | undefined) {
  // An IPv6 client counts by its /64 (see `ipKeyPart`).
  const where = ip ? ipKeyPart(ip) : "unknown";
  return {
    emailAndIp: `email-ip:${email}|${where}`,
    email: `email:${email}`,
    ip: `ip:${where}`,
  };
}

/**
 * Takes one slot under `limit` for `key` in a single conditional upsert: a new or expired window starts at 1, an
 * open one counts up only while below the limit. SQLite runs the statement atomically, so however many requests
 * race, at most `limit` of them see a change.
 */
function takeSlot(ctx: Ctx, key: string, limit: number): Promise<boolean> {
  return takeLimitSlot(ctx, key, limit, THROTTLE_WINDOW_SECONDS);
}
/**
 * Reserves one sign-in attempt, narrowest key first, and stops at the first key that is full. A refused attempt
 * therefore never counts against the wider keys: a stranger who has used up their own email+IP slots cannot push
 * the owner's per-email ceiling any further.
 */
export async function reserveSignInAttempt(ctx: Ctx, email: string, ip: string | undefined): Promise<boolean> {
  const keys = throttleKeys(email, ip);
  return (
    (await takeSlot(ctx, keys.emailAndIp, MAX_ATTEMPTS_PER_EMAIL_AND_IP)) &&
    (await takeSlot(ctx, keys.email, MAX_ATTEMPTS_PER_EMAIL)) &&
    (await takeSlot(ctx, keys.ip, MAX_ATTEMPTS_PER_IP))
  );
}

/**
 * After a successful sign-in: the email+IP pair starts over, and the wider keys get their slot back; the
 * address's tickets count as claimed by their holder (`ticketsClaimedOnSignIn`).
 */
export async function releaseSignInAttempt(ctx: Ctx, email: string, ip: string | undefined): Promise<void> {
  const keys = throttleKeys(email, ip);
  await batchStatements(ctx, [
    ticketsClaimedOnSignIn(email, unixSeconds(ctx.now())),
    sql`DELETE FROM auth_throttle WHERE key = ${keys.emailAndIp}`,
    sql`UPDATE auth_throttle SET failures = max(failures - 1, 0) WHERE key IN (${keys.email}, ${keys.ip})`,
  ]);
}
