import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { buildIcs, calendarUid } from "./ics";

const base = {
  uid: "5f1c0e7d2a3b4c5d6e7f8091a2b3c4d5@greenroom",
  dtstamp: new Date("2026-12-02T07:30:00.000Z"),
  start: new Date("2027-03-14T17:00:00.000Z"),
  end: new Date("2027-03-14T19:30:00.000Z"),
  summary: "Greenroom Live",
};
const octets = (s: string) => new TextEncoder().encode(s).byteLength;

/** Parses with ical.js (an independent RFC 5545 parser) and returns the calendar and its one VEVENT. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents("vevent");
  expect(events).toHaveLength(1);
  return { calendar, event: events[0] as ICAL.Component };
}

describe("buildIcs", () => {
  it("writes a valid RFC 5545 file: CRLF only, METHOD:PUBLISH, UID, DTSTAMP, UTC times, read back by ical.js", () => {
    const ics = buildIcs({ ...base, description: "Doors at 6", url: "https://greenroom.example/e/live" });
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const { calendar, event } = parse(ics);
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("prodid")).toBe("-//Greenroom//Tickets//EN");
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(event.getFirstPropertyValue("uid")).toBe(base.uid);
    expect(String(event.getFirstPropertyValue("dtstamp"))).toBe("2026-12-02T07:30:00Z");
    const parsed = new ICAL.Event(event);
    expect(parsed.startDate.toJSDate().toISOString()).toBe(base.start.toISOString());
    expect(parsed.endDate.toJSDate().toISOString()).toBe(base.end.toISOString());
    expect(parsed.summary).toBe("Greenroom Live");
    expect(parsed.description).toBe("Doors at 6");
    expect(event.getFirstPropertyValue("url")).toBe("https://greenroom.example/e/live");
  });

  it("escapes TEXT values and folds long multibyte lines at 75 octets; the parser gets the text back exactly", () => {
    const summary = `Große Bühne; Café, Gespräche \\ 東京 und 🎟️ — ${"äöü€".repeat(20)}`;
    const description = "Line 1\nLine 2";
    const ics = buildIcs({ ...base, summary, description });
    const physical = ics.split("\r\n");
    for (const line of physical) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(physical.some((line) => line.startsWith(" "))).toBe(true);
    for (const line of physical) {
      expect(() => new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(line))).not.toThrow();
    }
    expect(ics).toContain("SUMMARY:Große Bühne\\; Café\\, Gespräche \\\\");
    const parsed = new ICAL.Event(parse(ics).event);
    expect(parsed.summary).toBe(summary);
    expect(parsed.description).toBe(description);
  });

  it("refuses bad input", () => {
    expect(() => buildIcs({ ...base, end: new Date("2027-03-14T16:00:00Z") })).toThrow(/end is before start/);
    expect(() => buildIcs({ ...base, start: new Date("nope") })).toThrow(/start is not a valid date/);
    expect(() => buildIcs({ ...base, uid: " " })).toThrow(/uid/);
    expect(() => buildIcs({ ...base, url: "javascript:alert(1)" })).toThrow(/http/);
    expect(() => buildIcs({ ...base, url: "not a url" })).toThrow(/valid URL/);
  });
});

describe("calendarUid", () => {
  it("is one stable UID per holder and event: the same for the same pair, different for another event or holder", async () => {
    const uid = await calendarUid("event-1", "Ada@Example.test");
    expect(uid).toMatch(/^[0-9a-f]{32}@greenroom$/);
    expect(await calendarUid("event-1", " ada@example.test ")).toBe(uid);
    expect(await calendarUid("event-2", "ada@example.test")).not.toBe(uid);
    expect(await calendarUid("event-1", "bob@example.test")).not.toBe(uid);
    expect(uid).not.toContain("ada");
  });
});
