import { dateToZonedWallTime } from "@greenroom/domain/events";
import Link from "next/link";
import { notFound } from "next/navigation";
import { zoneOptions } from "../../zones";
import { eventTitle, loadEventPage } from "../load";
import { createId } from "@paralleldrive/cuid2";
import { DeleteEventButton } from "./delete-event";
import { EditEventForm } from "./edit-event-form";

export const generateMetadata = eventTitle("Edit");

export default async function EditEventPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { event, access } = await loadEventPage(eventId);
  if (!access.permissions.has("event.update")) notFound();
  return (
    <section className="mx-auto max-w-xl space-y-6">
      <Link href={`/events/${event.id}`} className="text-sm text-slate-600 underline">
        ← {event.name}
      </Link>
      <h1 className="text-2xl font-bold">Edit event</h1>
      {event.status === "archived" ? (
        <p className="rounded-md border border-slate-300 bg-slate-100 px-3 py-2 text-sm">
          This event is archived and read-only. Unarchive it on the{" "}
          <Link href={`/events/${event.id}`} className="font-medium underline">
            event page
          </Link>{" "}
          to edit it.
        </p>
      ) : (
        <EditEventForm
          zones={zoneOptions()}
          event={{
            id: event.id,
            name: event.name,
            description: event.description,
            slug: event.slug,
            timeZone: event.timeZone,
            startsAt: dateToZonedWallTime(event.startsAt, event.timeZone),
            endsAt: dateToZonedWallTime(event.endsAt, event.timeZone),
          }}
        />
      )}
      {access.isOwner ? (
        <section aria-labelledby="danger-heading" className="space-y-3 rounded-lg border border-red-200 bg-white p-4">
          <h2 id="danger-heading" className="text-lg font-semibold text-red-800">
            Delete this event
          </h2>
          <DeleteEventButton eventId={event.id} eventName={event.name} requestId={createId()} />
        </section>
      ) : null}
    </section>
  );
}
