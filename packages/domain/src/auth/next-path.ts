/** Where a signed-in visitor lands when no (acceptable) destination was given. */
export const DEFAULT_AFTER_SIGN_IN = "/events";

const BASE = "https://greenroom.invalid";

/**
 * Accepts only a path on this site: it must start with a single "/", must not turn into another host however
 * often it is decoded (`//evil.test`, `/\evil.test`, `%2F%2Fevil.test`, `/%5Cevil.test`, tabs or newlines the URL
 * parser drops), and must still be a plain path once normalised (`/.//evil.test` becomes `//evil.test`).
 * Anything else gives `fallback`.
 */
export function safeNextPath(raw: unknown, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) return fallback;
  let decoded = raw;
  for (let i = 0; i < 3; i++) {
    if (!isPlainPath(decoded)) return fallback;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return fallback;
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (!isPlainPath(decoded)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return isPlainPath(path) ? path : fallback;
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function isPlainPath(value: string): boolean {
  return (
    value.startsWith("/") &&
    !value.startsWith("//") &&
    !value.includes("\\") &&
    // Control characters (tab, newline, NUL...) are dropped or mangled by URL parsers: refuse them outright.
    !hasControlCharacter(value)
  );
}
