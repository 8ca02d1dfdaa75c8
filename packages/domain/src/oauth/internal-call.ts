/**
 * The webapp's calls to the API Worker's internal OAuth paths (`/internal/oauth/*`, never forwarded from outside):
 * signed with an HMAC under the Worker secret both share (AUTH_SECRET), over the path, a timestamp and the body. The
 * API Worker refuses a missing, wrong or stale signature, so only the webapp can complete an authorization for a
 * user.
 */
export const INTERNAL_SIGNATURE_HEADER = "x-greenroom-internal";
const MAX_SKEW_SECONDS = 60;

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(`greenroom-internal-oauth:${secret}`), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The header value for a call to `path` with `body`, at `now` (unix seconds). */
export async function signInternalCall(secret: string, path: string, body: string, now = Math.floor(Date.now() / 1000)): Promise<string> {
  return `${now}.${await hmacHex(secret, `${path}\n${now}\n${body}`)}`;
}

/** Whether `header` signs this call: the right HMAC, made within the last minute. Constant-time comparison. */
export async function internalCallSigned(secret: string, path: string, body: string, header: string | null, now = Math.floor(Date.now() / 1000)) {
  const match = /^(\d{1,12})\.([0-9a-f]{64})$/.exec(header ?? "");
  if (!match) return false;
  const at = Number(match[1]);
  if (Math.abs(now - at) > MAX_SKEW_SECONDS) return false;
  const expected = await hmacHex(secret, `${path}\n${at}\n${body}`);
  const given = match[2] as string;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return diff === 0;
}
