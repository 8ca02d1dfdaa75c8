import { webappConfig } from "@greenroom/config/env";
import { headers } from "next/headers";
import { cloudflareEnv } from "./config";

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

/** This request's origin (scheme and host), for links that leave the site, such as invitation mails. */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || (LOOPBACK_HOST.test(host) ? "http" : "https");
  return `${proto}://${host}`;
}

/** Whether this request was addressed to a loopback host (every host header it carries is one). */
export async function requestIsLoopback(): Promise<boolean> {
  const h = await headers();
  const hosts = [h.get("host"), h.get("x-forwarded-host")].filter((v): v is string => v !== null);
  return hosts.length > 0 && hosts.every((host) => LOOPBACK_HOST.test(host.trim()));
}

/**
 * The origin for links in outgoing mail: APP_URL. Only local mail (which never leaves the machine) may go without it
 * and use the request's own origin, since a Host header can be forged to point links elsewhere. The configuration
 * already refuses http mail without APP_URL, so this never guesses in a deploy.
 */
export async function publicBaseUrl(env?: CloudflareEnv): Promise<string> {
  const config = webappConfig(env ?? (await cloudflareEnv()));
  if (config.appUrl) return config.appUrl;
  return requestOrigin();
}
