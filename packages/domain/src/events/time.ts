/** True when the runtime knows this IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function offsetMs(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** Turns a wall-clock "YYYY-MM-DDTHH:mm" in `zone` into the instant it names. */
export function zonedWallTimeToDate(local: string, zone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(wall)) return null;
  let guess = wall - offsetMs(zone, wall);
  guess = wall - offsetMs(zone, guess);
  return new Date(guess);
}

/** The reverse: the instant as "YYYY-MM-DDTHH:mm" on the wall clock of `zone`, for form defaults. */
export function dateToZonedWallTime(date: Date, zone: string): string {
  const shifted = new Date(date.getTime() + offsetMs(zone, date.getTime()));
  return shifted.toISOString().slice(0, 16);
}
