// Signed ticket codes for QR codes and for typing at the door.
//
//   code   "<ticketId>.<mac>"  e.g. "tz4a98xxat96iws9zmbrgj3a.8d3ck2j9v0q4m7x1b5n6t2r8wz"
//   mac    the first 16 bytes (128 bits) of HMAC-SHA256(secret, "ticket:" + ticketId), in Crockford base32,
//          lower case: 26 characters from 0-9 a-z without i, l, o, u.
//
// Ticket ids are lower-case CUID2s (letters, digits, `_`), so the whole code is case-insensitive. Typed input is
// normalized: case folded, spaces and dashes dropped, and in the mac o→0 and i/l→1. The dot may be left out: the mac
// is then the last 26 characters. formatTicketCode() groups the mac in fours for printing next to the QR.
import { bytesEqual, hmacSha256 } from "./crypto";

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";
const MAC_BYTES = 16;
const MAC_CHARS = Math.ceil((MAC_BYTES * 8) / 5); // 26
const TICKET_ID = /^[a-z0-9_]{1,64}$/;
const MAC_TEXT = new RegExp(`^[${CROCKFORD}]{${MAC_CHARS}}$`);
const MAX_INPUT_CHARS = 200;
const MIN_SECRET_CHARS = 32;

export type TicketCodeResult = { ok: true; ticketId: string } | { ok: false; reason: "malformed" | "forged" };

function encodeCrockford(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD[(buffer << (5 - bits)) & 31];
  return out;
}

function checkSecret(secret: string) {
  if (secret.length < MIN_SECRET_CHARS) throw new Error(`A ticket code secret needs at least ${MIN_SECRET_CHARS} characters`);
}

async function macFor(ticketId: string, secret: string): Promise<string> {
  checkSecret(secret);
  const digest = await hmacSha256(secret, `ticket:${ticketId}`);
  return encodeCrockford(digest.subarray(0, MAC_BYTES));
}

/** The signed code of a ticket. Throws for an id that is not lower-case letters, digits and `_` (1 to 64). */
export async function signTicketCode(ticketId: string, secret: string): Promise<string> {
  if (!TICKET_ID.test(ticketId)) throw new RangeError("A ticket id must be 1-64 lower-case letters, digits or _");
  return `${ticketId}.${await macFor(ticketId, secret)}`;
}

/**
 * Normalizes what a scanner read or a person typed into `{ ticketId, mac }`, or null when it cannot be a ticket
 * code. Does not check the mac.
 */
export function parseTicketCode(input: string): { ticketId: string; mac: string } | null {
  if (input.length > MAX_INPUT_CHARS) return null;
  const compact = input.toLowerCase().replace(/[\s\u2010-\u2015-]+/g, "");
  const dot = compact.lastIndexOf(".");
  const ticketId = dot >= 0 ? compact.slice(0, dot) : compact.slice(0, -MAC_CHARS);
  const mac = (dot >= 0 ? compact.slice(dot + 1) : compact.slice(-MAC_CHARS)).replace(/o/g, "0").replace(/[il]/g, "1");
  if (!TICKET_ID.test(ticketId) || !MAC_TEXT.test(mac)) return null;
  return { ticketId, mac };
}

/**
 * Verifies a scanned or typed code against the current secret and any older ones still accepted (rotation), in
 * constant time. `malformed`: not shaped like a code; `forged`: well-formed but no secret signed it. A valid code
 * says nothing about the ticket's state: the caller still checks that the ticket exists and is not refunded.
 */
export async function verifyTicketCode(input: string, secrets: string | readonly string[]): Promise<TicketCodeResult> {
  const list = typeof secrets === "string" ? [secrets] : secrets;
  if (list.length === 0) throw new Error("verifyTicketCode needs at least one secret");
  for (const secret of list) checkSecret(secret);
  const parsed = parseTicketCode(input);
  if (!parsed) return { ok: false, reason: "malformed" };
  const given = new TextEncoder().encode(parsed.mac);
  let matched = false;
  for (const secret of list) {
    matched = bytesEqual(new TextEncoder().encode(await macFor(parsed.ticketId, secret)), given) || matched;
  }
  return matched ? { ok: true, ticketId: parsed.ticketId } : { ok: false, reason: "forged" };
}

/** The code as printed for typing: "<ticketId>.<mac in groups of four, joined by dashes>". */
export function formatTicketCode(code: string): string {
  const parsed = parseTicketCode(code);
  if (!parsed) throw new RangeError("Not a ticket code");
  return `${parsed.ticketId}.${parsed.mac.match(/.{1,4}/g)?.join("-") ?? parsed.mac}`;
}
