import { TZDate } from "@date-fns/tz";

/** True when the runtime knows this IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Turns a wall-clock "YYYY-MM-DDTHH:mm" in `zone` into the instant it names. A wall time skipped by a
 * daylight-saving jump resolves the way @date-fns/tz does (forward, into the new offset).
 */
export function zonedWallTimeToDate(local: string, zone: string): Date | null {
  const match = WALL_TIME.exec(local);
  if (!match || !isTimeZone(zone)) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const date = new TZDate(y, mo - 1, d, h, mi, s, zone);
  const time = date.getTime();
  // Reject dates that roll over (2026-02-31 is not a day).
  if (Number.isNaN(time) || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return new Date(time);
}

/** The reverse: the instant as "YYYY-MM-DDTHH:mm" on the wall clock of `zone`, for form defaults. */
export function dateToZonedWallTime(date: Date, zone: string): string {
  const z = new TZDate(date.getTime(), zone);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(z.getFullYear(), 4)}-${pad(z.getMonth() + 1)}-${pad(z.getDate())}T${pad(z.getHours())}:${pad(z.getMinutes())}`;
}
