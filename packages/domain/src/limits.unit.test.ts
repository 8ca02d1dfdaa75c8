import { describe, expect, it } from "vitest";
import { throttleKeys } from "./auth/throttle";
import { ipKeyPart, ipLimitKey, ORDER_CAPS, orderUnitsProblem, UNITS_PER_LINE_MESSAGE, UNITS_PER_ORDER_MESSAGE } from "./limits";

describe("ipLimitKey", () => {
  it("counts public addresses and never loopback or a missing one", () => {
    expect(ipLimitKey("signup-ip", "203.0.113.7")).toBe("signup-ip:203.0.113.7");
    for (const local of [undefined, "", "127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) {
      expect(ipLimitKey("signup-ip", local)).toBeNull();
    }
  });

  it("an IPv6 client is limited by its /64 prefix, whichever address of it is used", () => {
    const key = ipLimitKey("register-ip", "2001:db8:abcd:12::1");
    expect(key).toBe("register-ip:2001:db8:abcd:12::/64");
    for (const other of ["2001:db8:abcd:12:ffff:ffff:ffff:fffe", "2001:0DB8:abcd:0012:1:2:3:4", "2001:db8:abcd:12::7%eth0"]) {
      expect(ipLimitKey("register-ip", other)).toBe(key);
    }
    expect(ipLimitKey("register-ip", "2001:db8:abcd:13::1")).not.toBe(key);
    expect(ipKeyPart("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(ipKeyPart("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
    expect(ipKeyPart("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(ipKeyPart("not-an-ip")).toBe("not-an-ip");
  });

  it("the sign-in throttle keys an IPv6 client by its /64 too", () => {
    expect(throttleKeys("a@b.test", "2001:db8:1:2::9").ip).toBe(throttleKeys("a@b.test", "2001:db8:1:2:aaaa::1").ip);
  });
});

describe("orderUnitsProblem", () => {
  it("refuses a line or an order over its cap, each with its own message", () => {
    expect(orderUnitsProblem([{ quantity: ORDER_CAPS.unitsPerLine }])).toBeNull();
    expect(orderUnitsProblem([{ quantity: ORDER_CAPS.unitsPerLine + 1 }])).toEqual({ field: "quantity", message: UNITS_PER_LINE_MESSAGE });
    const lines = [{ quantity: 500 }, { quantity: 500 }, { quantity: 1 }];
    expect(orderUnitsProblem(lines)).toEqual({ field: "lines", message: UNITS_PER_ORDER_MESSAGE });
  });
});
