import type { EventRow } from "@greenroom/domain/events";

const STATUS_STYLES: Record<EventRow["status"], string> = {
  draft: "bg-amber-100 text-amber-900",
  active: "bg-emerald-100 text-emerald-900",
  archived: "bg-slate-200 text-slate-700",
  deleting: "bg-rose-100 text-rose-900",
};
const STATUS_LABELS: Record<EventRow["status"], string> = { draft: "Draft", active: "Published", archived: "Archived", deleting: "Deleting…" };

export function StatusBadge({ status }: { status: EventRow["status"] }) {
  return (
    <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${STATUS_STYLES[status]}`}>
      {STATUS_LABELS[status]}
    </span>
  );
}

export function formatEventRange(event: Pick<EventRow, "startsAt" | "endsAt" | "timeZone">): string {
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone: event.timeZone,
    dateStyle: "medium",
    timeStyle: "short",
  });
  return `${format.formatRange(event.startsAt, event.endsAt)} (${event.timeZone})`;
}
