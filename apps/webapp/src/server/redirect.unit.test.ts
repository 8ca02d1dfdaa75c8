import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath, signInPathFor } from "./redirect";

describe("safeNextPath", () => {
  it.each([
    "/\\evil.test",
    "//evil.test",
    "///evil.test",
    "\\\\evil.test",
    "https://evil.test",
    "http:evil.test",
    "javascript:alert(1)",
    "evil.test",
    "%2F%2Fevil.test",
    "/%2F/evil.test",
    "/%5Cevil.test",
    "/%5cevil.test",
    "%252F%252Fevil.test",
    "/%252F/evil.test",
    "/%255Cevil.test",
    "/\t/evil.test",
    "/\n/evil.test",
    "/.//evil.test",
    "/%2E//evil.test",
    "/%",
    "",
  ])("keeps %j on the app", (target) => {
    const result = safeNextPath(target);
    expect(result).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(new URL(result, "https://app.test").origin).toBe("https://app.test");
  });

  it("rejects anything that is not a string", () => {
    expect(safeNextPath(undefined)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeNextPath(["/events"])).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it("keeps same-origin paths with their query and fragment", () => {
    expect(safeNextPath("/events/abc/rooms/def?tab=stage#top")).toBe("/events/abc/rooms/def?tab=stage#top");
    expect(safeNextPath("/invite/AbC-123_xyz")).toBe("/invite/AbC-123_xyz");
    expect(safeNextPath("/e/launch%20live")).toBe("/e/launch%20live");
  });

  it("builds the sign-in link back to a safe path only", () => {
    expect(signInPathFor("/events/abc")).toBe("/signin?next=%2Fevents%2Fabc");
    expect(signInPathFor("//evil.test")).toBe("/signin");
    expect(signInPathFor(null)).toBe("/signin");
    expect(signInPathFor("/signin")).toBe("/signin");
  });
});
