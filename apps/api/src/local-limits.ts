/**
 * Stand-ins for the API Worker's Workers Rate Limiting bindings in local development only. `wrangler dev` with
 * several configs (scripts/lib.sh runs the webapp, the workers app and the API in one process) drops the
 * `ratelimits` of every Worker but the first, so the API would find its limiters missing and refuse every call.
 * Only `.dev.vars` (local, never deployed) sets GREENROOM_LOCAL_RATE_LIMITS=memory; a deploy without the bindings
 * still fails on its configuration as before.
 */

/** The limits of apps/api/wrangler.jsonc's `ratelimits`, calls per 60 seconds. */
export const LOCAL_LIMITS = { API_KEY_LIMIT: 600, API_ACCOUNT_LIMIT: 3000 } as const;

/** A fixed one-minute window per key, in this isolate's memory. */
export function memoryRateLimit(limit: number, now: () => number = Date.now): RateLimit {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async limit({ key }) {
      const t = now();
      const window = windows.get(key);
      if (!window || t - window.start >= 60_000) {
        windows.set(key, { start: t, count: 1 });
        return { success: true };
      }
      window.count += 1;
      return { success: window.count <= limit };
    },
  };
}

const local = {
  API_KEY_LIMIT: memoryRateLimit(LOCAL_LIMITS.API_KEY_LIMIT),
  API_ACCOUNT_LIMIT: memoryRateLimit(LOCAL_LIMITS.API_ACCOUNT_LIMIT),
};
const withLocal = new WeakMap<object, Env>();

/** The env, with in-memory limiters for the bindings local multi-Worker dev dropped, when `.dev.vars` asks. */
export function withLocalRateLimits<E extends object>(env: E): E {
  const vars = env as Record<string, unknown>;
  if (vars.GREENROOM_LOCAL_RATE_LIMITS !== "memory" || (vars.API_KEY_LIMIT && vars.API_ACCOUNT_LIMIT)) return env;
  const cached = withLocal.get(env);
  if (cached) return cached as unknown as E;
  const filled = { ...env, API_KEY_LIMIT: vars.API_KEY_LIMIT ?? local.API_KEY_LIMIT, API_ACCOUNT_LIMIT: vars.API_ACCOUNT_LIMIT ?? local.API_ACCOUNT_LIMIT };
  withLocal.set(env, filled as unknown as Env);
  return filled;
}
