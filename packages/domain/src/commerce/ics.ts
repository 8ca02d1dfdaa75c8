// RFC 5545 calendar files for "Add to calendar" and the ticket mails, written by `ical-generator` (a maintained
// library: escaping, folding at 75 octets and CRLF line ends are its job). One VCALENDAR, METHOD:PUBLISH (a
// published entry to add, not a meeting request), one VEVENT with times in UTC.
import ical, { ICalCalendarMethod, ICalEventClass } from "ical-generator";

export type IcsEvent = {
  /** Stable for the holder and the event (`calendarUid`): adding the file again updates the entry, not a copy. */
  uid: string;
  /** When the file is made: the Worker's clock, passed in. */
  dtstamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  /** A page the holder can use (the event's public page): written as both LOCATION and URL. */
  url?: string;
};

const PRODID = { company: "Greenroom", product: "Tickets", language: "EN" };

function validDate(date: Date, field: string): Date {
  if (Number.isNaN(date.getTime())) throw new RangeError(`${field} is not a valid date`);
  return date;
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

/**
 * One UID per ticket holder and event, in every calendar file Greenroom sends (the mail after registering, the
 * order confirmation, My events, the public page): `<hex>@greenroom`, the first 128 bits of
 * SHA-256("greenroom calendar v1\n" + event id + "\n" + lower-cased address). The address is not readable from it.
 */
export async function calendarUid(eventId: string, holderEmail: string): Promise<string> {
  const input = new TextEncoder().encode(`greenroom calendar v1\n${eventId}\n${holderEmail.trim().toLowerCase()}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", input));
  let hex = "";
  for (const byte of digest.subarray(0, 16)) hex += byte.toString(16).padStart(2, "0");
  return `${hex}@greenroom`;
}

/** The `.ics` text (UTF-8, CRLF line endings) for one event. Throws RangeError for bad dates or an end before start. */
export function buildIcs(event: IcsEvent): string {
  if (!event.uid.trim()) throw new RangeError("uid is required");
  const start = validDate(event.start, "start");
  const end = validDate(event.end, "end");
  const stamp = validDate(event.dtstamp, "dtstamp");
  if (end.getTime() < start.getTime()) throw new RangeError("end is before start");
  const url = event.url === undefined ? undefined : httpUrl(event.url);
  const calendar = ical({ prodId: PRODID, method: ICalCalendarMethod.PUBLISH });
  calendar.createEvent({
    id: event.uid,
    stamp,
    start,
    end,
    summary: event.summary,
    description: event.description ?? null,
    location: url ?? null,
    url: url ?? null,
    class: ICalEventClass.PUBLIC,
  });
  // Every content line ends with CRLF, the last one too (RFC 5545 3.1).
  const text = calendar.toString();
  return text.endsWith("\r\n") ? text : `${text}\r\n`;
}
