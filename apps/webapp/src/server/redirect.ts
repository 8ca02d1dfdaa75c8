import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "@greenroom/domain/next-path";

export { DEFAULT_AFTER_SIGN_IN, safeNextPath };

/** The request header the middleware sets to the path being requested, so pages can send a visitor back to it. */
export const REQUEST_PATH_HEADER = "x-greenroom-path";

/** The sign-in page, with a way back to `path` when it is a safe one. */
export function signInPathFor(path: string | null | undefined): string {
  const next = safeNextPath(path, "");
  return next && next !== "/signin" ? `/signin?next=${encodeURIComponent(next)}` : "/signin";
}
