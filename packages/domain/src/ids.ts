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
