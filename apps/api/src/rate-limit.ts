import type { RateLimiterBinding } from "@greenroom/config/env";
import { LIMITS } from "@greenroom/domain/limits";

/**
 * The local stand-in for a Workers Rate Limiting binding: a fixed one-minute window per key, counted in this
 * isolate's memory, as the binding itself counts per location. `wrangler dev` removes rate-limit bindings from every
 * Worker but the first config's, so the API Worker uses this locally; deploys bind the real ones (wrangler.jsonc).
 */
export function localRateLimiter(max: number, windowSeconds: number, now: () => number = Date.now): RateLimiterBinding {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return {
    async limit({ key }) {
      const at = now();
      const window = windows.get(key);
      if (!window || at - window.startedAt >= windowSeconds * 1000) {
        if (windows.size > 10_000) windows.clear();
        windows.set(key, { startedAt: at, count: 1 });
        return { success: true };
      }
      window.count += 1;
      return { success: window.count <= max };
    },
  };
}

let local: { perKey: RateLimiterBinding; perAccount: RateLimiterBinding } | null = null;

/** This isolate's local limiters, with the limits of `LIMITS` (the same numbers as the bindings in wrangler.jsonc). */
export function localRateLimits() {
  local ??= {
    perKey: localRateLimiter(LIMITS.apiCallsPerKey.max, LIMITS.apiCallsPerKey.windowSeconds),
    perAccount: localRateLimiter(LIMITS.apiCallsPerAccount.max, LIMITS.apiCallsPerAccount.windowSeconds),
  };
  return local;
}
