import { describe, expect, it } from "vitest";
import { ipLimitKey } from "./limits";

describe("ipLimitKey", () => {
  it("counts public addresses and never loopback or a missing one", () => {
    expect(ipLimitKey("signup-ip", "203.0.113.7")).toBe("signup-ip:203.0.113.7");
    expect(ipLimitKey("signup-ip", "2001:db8::1")).toBe("signup-ip:2001:db8::1");
    for (const local of [undefined, "", "127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) {
      expect(ipLimitKey("signup-ip", local)).toBeNull();
    }
  });
});
