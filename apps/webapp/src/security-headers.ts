/**
 * The security headers of every page and route response, in one place. The middleware (`middleware.ts`) sets them per
 * request because the Content-Security-Policy carries a fresh nonce each time. The build's static files (hashed
 * JS and CSS, served by the assets binding without running the Worker) get no `_headers` rules: see
 * docs/architecture.md, HTTP edges.
 */

/** Pages whose address holds a secret token: it must not leave the site in a Referer header. */
const TOKEN_PAGES = [/^\/invite\/[^/]+\/?$/, /^\/signin\/link\/[^/]+\/?$/, /^\/verify\/[^/]+\/?$/];

export function isTokenPage(pathname: string): boolean {
  return TOKEN_PAGES.some((pattern) => pattern.test(pathname));
}

export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Scripts run only with this request's nonce ('strict-dynamic' lets Next's own loader add its chunks); React's
 * development build needs 'unsafe-eval', which production never gets. Styles allow inline attributes because
 * React writes `style=` for some components; they cannot run code.
 */
export function contentSecurityPolicy(
  nonce: string,
  { development, formTarget }: { development: boolean; formTarget?: string | null },
): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${formTarget ? ` ${formTarget}` : ""}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(pathname: string, csp: string): Record<string, string> {
  return {
    "Content-Security-Policy": csp,
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    // Same-origin keeps a token page's address inside the site but still sends an Origin on its form posts
    // (`no-referrer` made Chromium send `Origin: null`, which Next refuses for a server action).
    "Referrer-Policy": isTokenPage(pathname) ? "same-origin" : "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
}

/**
 * The OAuth consent page (/oauth/authorize) answers Allow and Deny with a redirect to the app's redirect_uri, and
 * Chromium applies form-action to a form post's redirects: on that page only, the redirect_uri's origin (or, for an
 * app's own scheme, the scheme) is allowed too. The OAuth provider still refuses a redirect_uri the app did not
 * register, so nothing is ever sent there unless it is the app's.
 */
export function consentFormTarget(pathname: string, search: URLSearchParams): string | null {
  if (pathname !== "/oauth/authorize") return null;
  let url: URL;
  try {
    url = new URL(search.get("redirect_uri") ?? "");
  } catch {
    return null;
  }
  if (url.protocol === "http:" || url.protocol === "https:") return /^[a-z0-9.:[\]-]+$/i.test(url.host) ? url.origin : null;
  // An app's own scheme (cursor:, vscode:); never one that runs or embeds content.
  if (["javascript:", "data:", "blob:", "file:", "vbscript:", "filesystem:"].includes(url.protocol.toLowerCase())) return null;
  return /^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) ? url.protocol : null;
}
