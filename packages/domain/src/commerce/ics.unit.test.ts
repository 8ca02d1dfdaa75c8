import { describe, expect, it } from "vitest";
import { buildIcs, escapeIcsText, foldIcsLine } from "./ics";

const base = {
  uid: "ticket-tz4a98xxat96iws9zmbrgj3a@greenroom",
  dtstamp: new Date("2026-12-02T07:30:00.000Z"),
  start: new Date("2027-03-14T17:00:00.000Z"),
  end: new Date("2027-03-14T19:30:00.000Z"),
  summary: "Greenroom Live",
};
const octets = (s: string) => new TextEncoder().encode(s).byteLength;
/** Undoes folding as a calendar client does: CRLF followed by one space disappears. */
const unfold = (ics: string) => ics.replace(/\r\n /g, "");

describe("buildIcs", () => {
  it("writes one VEVENT with UTC times and CRLF line endings only", () => {
    const ics = buildIcs({ ...base, description: "Doors at 6", url: "https://greenroom.example/e/live" });
    expect(ics.split("\r\n")).toEqual([
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Greenroom//Tickets//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "BEGIN:VEVENT",
      "UID:ticket-tz4a98xxat96iws9zmbrgj3a@greenroom",
      "DTSTAMP:20261202T073000Z",
      "DTSTART:20270314T170000Z",
      "DTEND:20270314T193000Z",
      "SUMMARY:Greenroom Live",
      "DESCRIPTION:Doors at 6",
      "LOCATION:https://greenroom.example/e/live",
      "URL:https://greenroom.example/e/live",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ]);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("escapes backslash, semicolon, comma and newlines in TEXT values", () => {
    const ics = buildIcs({ ...base, summary: "Q&A; panels, talks \\ more", description: "Line 1\nLine 2\r\nLine 3\rEnd" });
    expect(ics).toContain("SUMMARY:Q&A\\; panels\\, talks \\\\ more\r\n");
    expect(ics).toContain("DESCRIPTION:Line 1\\nLine 2\\nLine 3\\nEnd\r\n");
    expect(escapeIcsText("a\u0000b\tc\u001bd")).toBe("ab\tcd");
  });

  it("leaves the URL property unescaped but escapes the same text in LOCATION", () => {
    const ics = buildIcs({ ...base, url: "https://greenroom.example/e/a,b;c" });
    expect(ics).toContain("URL:https://greenroom.example/e/a,b;c\r\n");
    expect(ics).toContain("LOCATION:https://greenroom.example/e/a\\,b\\;c\r\n");
  });

  it("folds a long multibyte name at 75 octets without splitting a character", () => {
    const summary = `Große Bühne: Café-Gespräche über Zürich, 東京 und 🎟️ — ${"äöü€".repeat(20)}`;
    const ics = buildIcs({ ...base, summary });
    const physical = ics.split("\r\n");
    for (const line of physical) expect(octets(line)).toBeLessThanOrEqual(75);
    const summaryLines = physical.slice(physical.findIndex((l) => l.startsWith("SUMMARY:")));
    expect(summaryLines[1]?.startsWith(" ")).toBe(true);
    // Every physical line is valid UTF-8 on its own (no character was cut in half)...
    for (const line of physical) {
      const bytes = new TextEncoder().encode(line);
      expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).not.toThrow();
    }
    // ...and unfolding gives back the escaped value exactly.
    expect(unfold(ics)).toContain(`SUMMARY:${escapeIcsText(summary)}\r\n`);
  });

  it("fills each folded line as far as the octet limit allows", () => {
    const folded = foldIcsLine(`SUMMARY:${"a".repeat(200)}`).split("\r\n");
    // 208 octets: 75, then a space and 74, then a space and the last 59.
    expect(folded.map(octets)).toEqual([75, 75, 60]);
    expect(foldIcsLine("short")).toBe("short");
    // A 4-octet character that would cross the limit moves to the next line whole.
    const emoji = foldIcsLine(`${"x".repeat(73)}🎫`).split("\r\n");
    expect(emoji).toEqual(["x".repeat(73), " 🎫"]);
  });

  it("refuses bad input", () => {
    expect(() => buildIcs({ ...base, end: new Date("2027-03-14T16:00:00Z") })).toThrow(/end is before start/);
    expect(() => buildIcs({ ...base, start: new Date("nope") })).toThrow(/start is not a valid date/);
    expect(() => buildIcs({ ...base, uid: " " })).toThrow(/uid/);
    expect(() => buildIcs({ ...base, url: "javascript:alert(1)" })).toThrow(/http/);
    expect(() => buildIcs({ ...base, url: "not a url" })).toThrow(/valid URL/);
  });
});
