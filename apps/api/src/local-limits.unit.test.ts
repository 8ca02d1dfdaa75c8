import { describe, expect, it } from "vitest";
import { memoryRateLimit, withLocalRateLimits } from "./local-limits";

describe("local rate limits (wrangler dev drops the API Worker's bindings)", () => {
  it("refuse the call past the limit within a minute, per key, and allow it again in the next minute", async () => {
    let t = 0;
    const limiter = memoryRateLimit(2, () => t);
    expect((await limiter.limit({ key: "a" })).success).toBe(true);
    expect((await limiter.limit({ key: "a" })).success).toBe(true);
    expect((await limiter.limit({ key: "a" })).success).toBe(false);
    expect((await limiter.limit({ key: "b" })).success).toBe(true);
    t = 60_000;
    expect((await limiter.limit({ key: "a" })).success).toBe(true);
  });

  it("fill in missing limiters only when .dev.vars asks for memory ones; a deploy's env is left as it is", () => {
    const deployed = { AUTH_SECRET: "x" };
    expect(withLocalRateLimits(deployed)).toBe(deployed);
    const local = { AUTH_SECRET: "x", GREENROOM_LOCAL_RATE_LIMITS: "memory" };
    const filled = withLocalRateLimits(local) as Record<string, unknown>;
    expect(typeof (filled.API_KEY_LIMIT as { limit?: unknown }).limit).toBe("function");
    expect(typeof (filled.API_ACCOUNT_LIMIT as { limit?: unknown }).limit).toBe("function");
    expect(withLocalRateLimits(local)).toBe(filled);
    const bound = { GREENROOM_LOCAL_RATE_LIMITS: "memory", API_KEY_LIMIT: {}, API_ACCOUNT_LIMIT: {} };
    expect(withLocalRateLimits(bound)).toBe(bound);
  });
});
