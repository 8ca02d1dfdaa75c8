import { headers } from "next/headers";

/** This request's origin (scheme and host), for links that leave the site, such as invitation mails. */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || (local ? "http" : "https");
  return `${proto}://${host}`;
}

/**
 * The origin for links in outgoing mail. A deploy sets APP_URL; without it, only local mail (which never leaves
 * the machine) may use the request's own origin, since a Host header can be forged to point links elsewhere.
 */
export async function publicBaseUrl(env: { APP_URL?: string; MAIL_TRANSPORT?: string }): Promise<string> {
  if (env.APP_URL) return env.APP_URL;
  if (env.MAIL_TRANSPORT === "local") return requestOrigin();
  throw new Error("APP_URL is not configured");
}
