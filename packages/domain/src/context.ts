import type { WebappDb } from "@greenroom/db/webapp/client";
import type { StageApi } from "@greenroom/stage/contract";
import { unauthenticated } from "./errors";
import type { Mailer } from "./mail/types";

/**
 * Who a verb acts for. A person in the browser is just their user id. A program holding an API key (or an OAuth
 * token) acts as the user who made it, narrowed by `key`: authorization intersects the user's permissions with the
 * key's, and only resources of the key's account (and events, when limited) exist for it.
 */
export type Actor = { userId: string; key?: KeyLimits };

export type KeyLimits = {
  /** The key's id (or the OAuth grant's), for audit rows and limits. */
  id: string;
  /** An API key (the default) or an OAuth grant (`oauth_grants`): which row `keyStillValid` checks. */
  kind?: "api_key" | "oauth";
  accountId: string;
  /** The permissions the key's scopes allow; the user's own still decide (see `access/authorize.ts`). */
  permissions: ReadonlySet<string>;
  /** The events the key is limited to; null: every event of the account. */
  eventIds: readonly string[] | null;
  /**
   * The keyed hash of the secret the caller presented, and the request's time (unix seconds): every authorization
   * re-checks in SQL that this secret is still valid then (not revoked, not expired, not rolled past its grace, its
   * user still active), so a caller may cache the authentication itself and a revocation still holds at once.
   * An OAuth grant has no secret of its own here (its tokens live in the provider's KV): empty, and unused.
   */
  secretHash: string;
  asOf: number;
};

/** Everything a verb may touch: the request's webapp D1 handle, the workers app, mail, the actor and the clock. */
export type Ctx = {
  db: WebappDb;
  stage: StageApi;
  mail: Mailer;
  actor: Actor | null;
  now: () => Date;
  /** Key material for signed ticket codes (the webapp passes its AUTH_SECRET; `tickets/codes.ts` derives the key). */
  ticketCodeKey?: string;
  /** The Worker secret API key hashes are keyed with (AUTH_SECRET; `api-keys/key-format.ts` derives the HMAC key). */
  apiKeyHashSecret?: string;
  /** The Worker secret redemption codes are derived and hashed with (AUTH_SECRET; `credits/code-format.ts` derives the keys). */
  creditCodeSecret?: string;
};

/** The keys a context derives from the Worker secret (AUTH_SECRET): every Worker that builds a Ctx sets them alike. */
export function secretKeys(authSecret: string): Pick<Ctx, "ticketCodeKey" | "apiKeyHashSecret" | "creditCodeSecret"> {
  return { ticketCodeKey: authSecret, apiKeyHashSecret: authSecret, creditCodeSecret: authSecret };
}

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
}

export const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
