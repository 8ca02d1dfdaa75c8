import { initOpenNextCloudflareForDev } from "@opennextjs/cloudflare";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  transpilePackages: ["@greenroom/db", "@greenroom/domain", "@greenroom/stage", "@greenroom/config"],
  poweredByHeader: false,
  // `forbidden()` renders app/forbidden.tsx with a 403, for pages the visitor may see but not use.
  // Server-action bodies: the Worker entry refuses each path's bodies above its own ceiling (src/server/edge-guard.ts,
  // at most 6 MiB, the CSV import page); Next's limit sits at that largest ceiling, so it never answers a 500 first.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "6mb" } },
  // No route handlers: the machine endpoints (/api/*, and the old participants export URL) are the API Worker's,
  // forwarded by worker.ts (docs/decisions/0022-machine-endpoints-in-the-api-worker.md). Under `next dev` there is no
  // worker.ts: `pnpm dev:watch` (scripts/dev-watch.sh) names the API Worker's local address, and these forward to it.
  async rewrites() {
    // The OAuth consent page is a view of the API keys page module (src/app/account/api-keys/consent.tsx), so it
    // adds no page of its own to the Worker; the OAuth request's query is passed along.
    const consent = { source: "/oauth/authorize", destination: "/account/api-keys?gr_view=authorize" };
    // "My events" is a view of the /events page module (app/events/my-events.tsx); the address stays /my.
    const myEvents = { source: "/my", destination: "/events?view=my" };
    const api = process.env.NODE_ENV === "development" ? process.env.GREENROOM_DEV_API : undefined;
    if (!api) return [consent, myEvents];
    return [
      consent,
      myEvents,
      { source: "/api/:path*", destination: `${api}/api/:path*` },
      { source: "/mcp", destination: `${api}/mcp` },
      { source: "/.well-known/:path(oauth-.*)", destination: `${api}/.well-known/:path` },
      { source: "/oauth/:path(token|register)", destination: `${api}/oauth/:path` },
      { source: "/events/:eventId/participants/export.csv", destination: `${api}/api/events/:eventId/participants.csv` },
    ];
  },
  // Security headers (with the CSP nonce) are set per request in src/middleware.ts; see src/security-headers.ts.
};

export default nextConfig;

// `next dev` reaches the same local D1 files that wrangler uses.
if (process.env.NODE_ENV === "development") {
  void initOpenNextCloudflareForDev({ configPath: "../../wrangler.jsonc", persist: { path: "../../.wrangler/state/v3" } });
}
