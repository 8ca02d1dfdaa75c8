import { type SQL, sql } from "drizzle-orm";

/**
 * The short code of a ticket: 8 characters a person can read out at the door or type on a phone, unique within
 * its event (`tickets_event_short_code_idx`). The alphabet leaves out 0/O, 1/I/L and U (so no word is spelt by
 * accident): 30 symbols, 30^8 ≈ 6.6 × 10^11 codes. It finds a ticket; it is not a credential: the door still
 * checks the ticket's signed code or its holder's name, and rooms still need the holder's verified address.
 */
export const SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
export const SHORT_CODE_LENGTH = 8;

/**
 * A new short code, made by SQLite inside the INSERT that issues the ticket (one per row of an `INSERT … SELECT`):
 * `random()` is drawn afresh at each call. A clash within the event fails that statement's batch on the unique
 * index, so nothing half-issued is left; the registration verb then tries once more.
 */
export function newShortCodeSql(): SQL {
  const pick = `substr('${SHORT_CODE_ALPHABET}', 1 + abs(random() % ${SHORT_CODE_ALPHABET.length}), 1)`;
  return sql.raw(`(${Array.from({ length: SHORT_CODE_LENGTH }, () => pick).join(" || ")})`);
}

/** How a code is printed: two groups of four, `K7QM-4TXR`. */
export function formatShortCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What staff typed, as a short code, or null if it cannot be one: case, spaces and hyphens do not matter. */
export function parseShortCode(input: string): string | null {
  const code = input.replace(/[\s-]+/g, "").toUpperCase();
  if (code.length !== SHORT_CODE_LENGTH) return null;
  for (const char of code) if (!SHORT_CODE_ALPHABET.includes(char)) return null;
  return code;
}
