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

  it("handles the hours a daylight-saving change skips or repeats", () => {
    // 02:30 does not exist in Berlin on 2026-03-29 (clocks jump from 02:00 to 03:00).
    expect(zonedWallTimeToDate("2026-03-29T02:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(zonedWallTimeToDate("2026-03-29T03:00", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:00:00.000Z");
    // 02:30 happens twice on 2026-10-25; both readings name a real instant an hour apart at most.
    const repeated = zonedWallTimeToDate("2026-10-25T02:30", "Europe/Berlin")?.toISOString();
    expect(["2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z"]).toContain(repeated);
    expect(dateToZonedWallTime(new Date("2026-10-25T00:30:00Z"), "Europe/Berlin")).toBe("2026-10-25T02:30");
    expect(dateToZonedWallTime(new Date("2026-10-25T01:30:00Z"), "Europe/Berlin")).toBe("2026-10-25T02:30");
  });

  it("keeps seconds and zones with a half-hour offset", () => {
    expect(zonedWallTimeToDate("2026-06-01T09:15:30", "Asia/Kolkata")?.toISOString()).toBe("2026-06-01T03:45:30.000Z");
    expect(dateToZonedWallTime(new Date("2026-06-01T03:45:30Z"), "Asia/Kolkata")).toBe("2026-06-01T09:15");
  });

  it("rejects malformed input and unknown zones", () => {
    expect(zonedWallTimeToDate("tomorrow", "UTC")).toBeNull();
    expect(zonedWallTimeToDate("2026-02-31T10:00", "UTC")).toBeNull();
    expect(zonedWallTimeToDate("2026-13-01T10:00", "UTC")).toBeNull();
    expect(zonedWallTimeToDate("2026-01-01T10:00", "Mars/Olympus")).toBeNull();
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("Europe/Lisbon")).toBe(true);
  });
});
