import slugify from "@sindresorhus/slugify";
import striptags from "striptags";

/**
 * A URL-safe slug of free text: markup stripped first, accents transliterated ("Résumé" → "resume"), lowercase
 * words joined by "-", at most `maxLength` characters; `fallback` when nothing is left.
 */
export function slugOf(text: string, fallback: string, maxLength = 48): string {
  const slug = slugify(striptags(text), { decamelize: false })
    .slice(0, maxLength)
    .replace(/-+$/, "");
  return slug || fallback;
}

const SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * The random part that makes an event's public slug unique: 10 characters from the crypto RNG (about 51 bits), so
 * two events with the same name never meet on the unique slug index. (A 6-character CUID2 prefix, used before, is a
 * random letter and five characters of a hash, and did collide in a 475-event test run.)
 */
export function slugSuffix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  // 256 = 7 × 36 + 4: the first 252 byte values map evenly; redraw the few above.
  return Array.from(bytes, (b) => {
    let value = b;
    while (value >= 252) value = crypto.getRandomValues(new Uint8Array(1))[0] ?? 0;
    return SUFFIX_ALPHABET[value % 36];
  }).join("");
}
