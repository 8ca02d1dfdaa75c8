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
