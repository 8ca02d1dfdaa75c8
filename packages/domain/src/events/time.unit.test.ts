import { describe, expect, it } from "vitest";
import { dateToZonedWallTime, isTimeZone, zonedWallTimeToDate } from "./time";

describe("zoned wall time", () => {
  it("converts across daylight saving time", () => {
    expect(zonedWallTimeToDate("2026-07-01T12:00", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(zonedWallTimeToDate("2026-01-15T12:00", "Europe/Berlin")?.toISOString()).toBe("2026-01-15T11:00:00.000Z");
    expect(zonedWallTimeToDate("2026-03-08T09:30", "America/New_York")?.toISOString()).toBe("2026-03-08T13:30:00.000Z");
  });

  it("round-trips to the wall clock", () => {
    const at = new Date("2026-10-25T00:30:00Z");
    expect(dateToZonedWallTime(at, "Asia/Kolkata")).toBe("2026-10-25T06:00");
  });

  it("rejects malformed input and unknown zones", () => {
    expect(zonedWallTimeToDate("tomorrow", "UTC")).toBeNull();
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("Europe/Lisbon")).toBe(true);
  });
});
