"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { FormState } from "@/server/transport";
import type { ZoneOption } from "./zones";

const HOUR_MS = 60 * 60 * 1000;

/** A `datetime-local` value ("2026-12-01T18:00") as a number, reading the wall time as if it were UTC. */
function wallMs(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = Date.parse(`${value.slice(0, 16)}:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

const wallText = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/** The wall time now in `zone`, in the same format as a `datetime-local` value. */
function nowIn(zone: string): string | null {
  try {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(new Date());
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
  } catch {
    return null;
  }
}

function FieldError({ id, errors }: { id: string; errors: string[] | undefined }) {
  return errors?.length ? (
    <p id={id} className="text-sm text-red-700">
      {errors[0]}
    </p>
  ) : null;
}

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm aria-[invalid]:border-red-600";

/**
 * Start, end and time zone of an event. The zone is a searchable text field over a list of zones with their UTC
 * offsets; a new event defaults to the browser's zone once the page runs in the browser (the server cannot know
 * it, so without JavaScript the default stays UTC). Moving the start moves the end with it, keeping the duration,
 * and a start in the past (in the chosen zone) gets a warning.
 */
export function ScheduleFields({
  state,
  zones,
  initial,
  detectZone,
}: {
  state: FormState;
  zones: ZoneOption[];
  initial: { startsAt: string; endsAt: string; timeZone: string };
  detectZone: boolean;
}) {
  const id = useId();
  const echoed = state?.values;
  const [startsAt, setStartsAt] = useState(echoed?.startsAt ?? initial.startsAt);
  const [endsAt, setEndsAt] = useState(echoed?.endsAt ?? initial.endsAt);
  const [timeZone, setTimeZone] = useState(echoed?.timeZone ?? initial.timeZone);
  const [now, setNow] = useState<string | null>(null);
  const detected = useRef(false);

  useEffect(() => {
    // Runs only in the browser (the server render cannot know the visitor's zone), and only once.
    if (!detectZone || detected.current) return;
    detected.current = true;
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (browserZone && zones.some((z) => z.value === browserZone)) setTimeZone(browserZone);
  }, [detectZone, zones]);

  useEffect(() => {
    setNow(nowIn(timeZone));
  }, [timeZone]);

  const onStart = (value: string) => {
    const start = wallMs(value);
    const oldStart = wallMs(startsAt);
    const oldEnd = wallMs(endsAt);
    setStartsAt(value);
    if (start === null) return;
    const duration = oldStart !== null && oldEnd !== null && oldEnd > oldStart ? oldEnd - oldStart : HOUR_MS;
    setEndsAt(wallText(start + duration));
  };

  const errors = state?.fieldErrors ?? {};
  const offset = zones.find((z) => z.value === timeZone)?.offset;
  const inPast = now !== null && wallMs(startsAt) !== null && startsAt.slice(0, 16) < now;
  const listId = `${id}-zones`;
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="field-startsAt" className="block text-sm font-medium text-slate-800">
            Starts
          </label>
          <input
            id="field-startsAt"
            name="startsAt"
            type="datetime-local"
            required
            value={startsAt}
            onChange={(e) => onStart(e.currentTarget.value)}
            aria-invalid={errors.startsAt ? true : undefined}
            aria-describedby={[errors.startsAt ? "field-startsAt-error" : null, inPast ? `${id}-past` : null].filter(Boolean).join(" ") || undefined}
            className={inputClass}
          />
          <FieldError id="field-startsAt-error" errors={errors.startsAt} />
        </div>
        <div className="space-y-1">
          <label htmlFor="field-endsAt" className="block text-sm font-medium text-slate-800">
            Ends
          </label>
          <input
            id="field-endsAt"
            name="endsAt"
            type="datetime-local"
            required
            value={endsAt}
            onChange={(e) => setEndsAt(e.currentTarget.value)}
            aria-invalid={errors.endsAt ? true : undefined}
            aria-describedby={errors.endsAt ? "field-endsAt-error" : undefined}
            className={inputClass}
          />
          <FieldError id="field-endsAt-error" errors={errors.endsAt} />
        </div>
      </div>
      {inPast ? (
        <p id={`${id}-past`} role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          This start time is already in the past in {timeZone}. Check the date before saving.
        </p>
      ) : null}
      <div className="space-y-1">
        <label htmlFor="field-timeZone" className="block text-sm font-medium text-slate-800">
          Time zone
        </label>
        <input
          id="field-timeZone"
          name="timeZone"
          list={listId}
          required
          autoComplete="off"
          spellCheck={false}
          value={timeZone}
          onChange={(e) => setTimeZone(e.currentTarget.value)}
          aria-invalid={errors.timeZone ? true : undefined}
          aria-describedby={`${id}-zone-hint${errors.timeZone ? " field-timeZone-error" : ""}`}
          className={inputClass}
        />
        <datalist id={listId}>
          {zones.map((z) => (
            <option key={z.value} value={z.value}>
              {`${z.offset} · ${z.value.replaceAll("_", " ")}`}
            </option>
          ))}
        </datalist>
        <p id={`${id}-zone-hint`} className="text-xs text-slate-500">
          {offset ? `${offset} now. ` : ""}Type a city or region to search, for example “New York” or “Berlin”.
        </p>
        <FieldError id="field-timeZone-error" errors={errors.timeZone} />
      </div>
    </div>
  );
}
