/** A time zone for the picker: its IANA name and its current UTC offset ("UTC−05:00"). */
export type ZoneOption = { value: string; offset: string };

/** Every zone the runtime knows, UTC first, each labelled with its offset at `now`. */
export function zoneOptions(now: Date = new Date()): ZoneOption[] {
  const names = Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC");
  return ["UTC", ...names].map((zone) => ({ value: zone, offset: utcOffset(zone, now) }));
}

export function utcOffset(zone: string, now: Date): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(now)
    .find((p) => p.type === "timeZoneName")?.value;
  // "GMT-05:00" → "UTC−05:00"; "GMT" alone is UTC itself.
  if (!part || part === "GMT") return "UTC±00:00";
  return part.replace("GMT", "UTC").replace("-", "−");
}
