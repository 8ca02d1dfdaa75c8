import { createId } from "@paralleldrive/cuid2";
import { z } from "zod";

/** A row id as verbs accept it (CUID2 or a seeded id such as `role_speaker`). */
export const Id = z.string().trim().min(1).max(64);

/** An optional id as forms send it: "" means none (e.g. "Whole event" in a room picker). */
export const OptionalId = z.preprocess((v) => (v === "" || v === null ? undefined : v), Id.optional());

/**
 * A new id minted by us (CUID2: lowercase letters and digits, 24 characters). Ids that name something outside D1 (an
 * operation is also a Workflow instance id, `<id>-r<n>` for its retries) are always minted, never taken from a caller:
 * a minted id has no `-`, so no caller can make it collide with another operation's retry instance.
 */
export const newId = (): string => createId();

/**
 * The id of a row that a caller's idempotency key names (a stage change's `requestId`): a hash of the key with the
 * account and the scope it was sent for, so the same key retried finds its row, and no tenant can pick a key that
 * lands on another tenant's row in a shared database. 32 lowercase hex characters, so it looks like a minted id.
 */
export async function keyedId(accountId: string, scope: string, key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${accountId}\n${scope}\n${key}`));
  return [...new Uint8Array(digest).slice(0, 16)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** What a minted id looks like; anything else (a legacy row) is not echoed into a URL or a header as it is. */
export const MINTED_ID = /^[a-z0-9]{1,64}$/;

/**
 * A caller's idempotency key (a form's `requestId`, an `Idempotency-Key` header): only a lookup value, stored in its
 * own column, never used as an id. Visible ASCII and spaces, so it can never break a header or a log line.
 */
export const RequestKey = z
  .string()
  .trim()
  .min(1, "The idempotency key is empty")
  .max(128, "Use an idempotency key of at most 128 characters")
  .regex(/^[\x20-\x7e]+$/, "Use visible ASCII characters only in an idempotency key (no line breaks)");
