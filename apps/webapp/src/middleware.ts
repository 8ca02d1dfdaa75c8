import { type NextRequest, NextResponse } from "next/server";
import { consentFormTarget, contentSecurityPolicy, newNonce, securityHeaders } from "./security-headers";
import { REQUEST_PATH_HEADER } from "./server/redirect";

/**
 * Next 16 calls this file convention "proxy", but its proxy.ts always runs on Node.js, which OpenNext's Cloudflare
 * adapter (1.20) refuses to build; middleware.ts still runs on the edge runtime, which it supports.
 *
 * Runs before every page and route: gives the response its security headers with a per-request CSP nonce (Next
 * reads the nonce from the request's Content-Security-Policy header and puts it on its own scripts), and tells
 * pages which path was asked for, so a signed-out visitor can be sent back there after signing in.
 */
export function middleware(request: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, {
    development: process.env.NODE_ENV === "development",
    formTarget: consentFormTarget(request.nextUrl.pathname, request.nextUrl.searchParams),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  // "My events" (/my) is rewritten to a view of the /events page module in next.config.ts, not here: OpenNext serves a
  // middleware rewrite by fetching the new URL over the network, which locally now and then loses the connection.
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(securityHeaders(request.nextUrl.pathname, csp))) {
    response.headers.set(name, value);
  }
  return response;
}

export const config = {
  // Everything except the build's static files, which the assets binding serves without running the Worker.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|icon.svg).*)" }],
};
