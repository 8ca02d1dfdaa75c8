// The webapp Worker's entry (wrangler.jsonc `main`): the live room's WebSocket path, then the HTTP edge's checks,
// then OpenNext's worker for everything else. Outside Next's tsconfig, since OpenNext writes .open-next/worker.js
// only after `next build`; the logic is in src/server/live-upgrade.ts and src/server/edge-guard.ts, type-checked
// and tested. It imports nothing heavy: it is bundled apart from the Next server, so each of its dependencies is
// copied into the deploy once more.
import openNext from "./.open-next/worker.js";
import { guardRequest } from "./src/server/edge-guard";
import { handleLiveUpgrade, isLivePath } from "./src/server/live-upgrade";

// Durable Object classes and anything else OpenNext's worker exports.
export * from "./.open-next/worker.js";

/** Malformed paths, headers and oversized bodies get their 4xx here, before OpenNext parses or buffers anything. */
async function guardedOpenNext(request: Request, env: CloudflareEnv, ctx: ExecutionContext): Promise<Response> {
  const checked = await guardRequest(request);
  if (checked instanceof Response) return checked;
  return openNext.fetch(checked, env, ctx);
}

/** Paths the API Worker serves (apps/api): programs reach it on this host, over the API service binding. */
const isApiPath = (pathname: string) => pathname === "/api/v1" || pathname.startsWith("/api/v1/") || pathname === "/mcp";
/** OAuth for /mcp (apps/api/src/oauth): metadata, registration and tokens. Not /oauth/authorize (the consent page). */
const isOAuthPath = (pathname: string) =>
  pathname.startsWith("/.well-known/oauth-") || pathname === "/oauth/token" || pathname === "/oauth/register";

/**
 * The machine endpoints the pages, retailers and the benchmark call (webhooks, CSV exports, the JSON stage,
 * recording, operations): served by the API Worker too, after this edge's checks (malformed paths, body ceilings).
 * Next has no route handler left (docs/decisions/0022-machine-endpoints-in-the-api-worker.md).
 */
const isMachinePath = (pathname: string) => pathname === "/api" || pathname.startsWith("/api/");

// The participants page's export link of old: the same CSV under the page's own address.
const PARTICIPANTS_EXPORT = /^\/events\/([^/]+)\/participants\/export\.csv$/;

async function guardedMachine(request: Request, env: CloudflareEnv): Promise<Response> {
  const checked = await guardRequest(request);
  if (checked instanceof Response) return checked;
  return env.API.fetch(checked);
}

function participantsExport(request: Request, eventId: string): Request {
  const url = new URL(request.url);
  url.pathname = `/api/events/${eventId}/participants.csv`;
  return new Request(url, request);
}

export default {
  fetch(request: Request, env: CloudflareEnv & { AUTH_SECRET?: string }, ctx: ExecutionContext): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (isLivePath(pathname)) return handleLiveUpgrade(request, env);
    if (isApiPath(pathname) || isOAuthPath(pathname)) return env.API.fetch(request);
    if (isMachinePath(pathname)) return guardedMachine(request, env);
    const exported = PARTICIPANTS_EXPORT.exec(pathname);
    if (exported?.[1]) return guardedMachine(participantsExport(request, exported[1]), env);
    return guardedOpenNext(request, env, ctx);
  },
};
