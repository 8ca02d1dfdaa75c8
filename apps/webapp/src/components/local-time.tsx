"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * An event's time range in the viewer's own time zone (the browser's). Rendered on the server, and without
 * JavaScript, in the event's zone, and it says which zone it shows.
 */
export function LocalTimeRange({ start, end, eventZone }: { start: string; end: string; eventZone: string }) {
  const browserZone = useSyncExternalStore(
    noSubscription,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => null,
  );
  const zone = browserZone ?? eventZone;
  const format = new Intl.DateTimeFormat("en-GB", { timeZone: zone, dateStyle: "medium", timeStyle: "short" });
  const text = format.formatRange(new Date(start), new Date(end));
  return (
    <span>
      <time dateTime={start}>{text}</time>{" "}
      <span className="text-slate-500">
        {browserZone ? `(your time, ${zone})` : `(the event's time zone, ${zone})`}
      </span>
    </span>
  );
}
