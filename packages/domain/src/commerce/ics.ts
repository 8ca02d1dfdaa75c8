// RFC 5545 calendar files for "Add to calendar" and the confirmation mail: one VCALENDAR with one VEVENT, times in
// UTC, TEXT values escaped (backslash, semicolon, comma, newline), lines folded at 75 octets without splitting a UTF-8
// character, every line ended by CRLF.

export type IcsEvent = {
  /** Globally unique and stable for this event (and ticket), e.g. `ticket-<id>@greenroom`: a re-import updates. */
  uid: string;
  /** When the file is made: the Worker's clock, passed in. */
  dtstamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  /** The event's page (online events have no street address): written as both LOCATION and URL. */
  url?: string;
};

const PRODID = "-//Greenroom//Tickets//EN";
const MAX_LINE_OCTETS = 75;
const encoder = new TextEncoder();

/** `20261202T090500Z`. */
function utcDateTime(date: Date, field: string): string {
  if (Number.isNaN(date.getTime())) throw new RangeError(`${field} is not a valid date`);
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

/** TEXT value escaping (RFC 5545 3.3.11); control characters other than tab cannot appear in TEXT and are dropped. */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, "\\n")
    .replace(/(?!\t)\p{Cc}/gu, "");
}

/**
 * Folds one content line (RFC 5545 3.1): no physical line longer than 75 octets; continuation lines start with a
 * space, which counts toward their 75. Splits only between code points, never inside a UTF-8 sequence.
 */
export function foldIcsLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).byteLength;
    const limit = out.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RangeError("url is not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new RangeError("url must be http or https");
  return url.href;
}

/** The `.ics` text (UTF-8, CRLF line endings) for one event. Throws RangeError for bad dates or an end before start. */
export function buildIcs(event: IcsEvent): string {
  if (!event.uid.trim()) throw new RangeError("uid is required");
  const start = utcDateTime(event.start, "start");
  const end = utcDateTime(event.end, "end");
  if (event.end.getTime() < event.start.getTime()) throw new RangeError("end is before start");
  const url = event.url === undefined ? undefined : httpUrl(event.url);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${PRODID}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${escapeIcsText(event.uid)}`,
    `DTSTAMP:${utcDateTime(event.dtstamp, "dtstamp")}`,
    `DTSTART:${start}`,
    `DTEND:${end}`,
    `SUMMARY:${escapeIcsText(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${escapeIcsText(event.description)}`] : []),
    ...(url ? [`LOCATION:${escapeIcsText(url)}`, `URL:${url}`] : []),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(foldIcsLine).join("\r\n")}\r\n`;
}
