const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** A time on the keys page, the same on the server and in the browser. */
export const inUtc = (iso: string) => `${utc.format(new Date(iso))} UTC`;
