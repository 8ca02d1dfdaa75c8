import { describe, expect, it } from "vitest";
import { bytesEqual } from "./crypto";

// In Node (the unit project, and the webapp under `next dev`) Web Crypto has no timingSafeEqual: the fallback decides.
describe("bytesEqual outside workerd", () => {
  it("runs without workerd's timingSafeEqual", () => {
    expect("timingSafeEqual" in crypto.subtle).toBe(false);
  });

  it("is true only for the same bytes", () => {
    const a = new Uint8Array([1, 2, 3, 4]);
    expect(bytesEqual(a, new Uint8Array([1, 2, 3, 4]))).toBe(true);
    expect(bytesEqual(a, new Uint8Array([1, 2, 3, 5]))).toBe(false);
    expect(bytesEqual(a, new Uint8Array([0, 2, 3, 4]))).toBe(false);
    expect(bytesEqual(a, new Uint8Array([1, 2, 3]))).toBe(false);
    expect(bytesEqual(new Uint8Array(), new Uint8Array())).toBe(true);
  });
});
