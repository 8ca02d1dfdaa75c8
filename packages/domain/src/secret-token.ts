import { encodeBase64urlNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** A fresh single-use secret token (invitations, sign-in links): 32 random bytes, base64url (43 characters). */
export function newSecretToken(): string {
  return encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32)));
}

/** What the database keeps instead of the token: its SHA-256, in hex. */
export async function hashSecretToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return encodeHexLowerCase(new Uint8Array(digest));
}

/** Tokens this module mints look like this; anything else cannot match a stored hash. */
export const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
