import { dateToZonedWallTime } from "@greenroom/domain/events";
import { eventPage } from "@greenroom/domain/pages";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import { EditEventForm } from "./edit-event-form";

export const metadata: Metadata = { title: "Edit event" };

export default async function EditEventPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { ctx } = await signedInContext();
  const { event, access } = await orNotFound(() => eventPage({ ctx, input: { eventId } }));
  if (!access.permissions.has("event.update")) notFound();
  return (
    <section className="mx-auto max-w-xl space-y-6">
      <Link href={`/events/${event.id}`} className="text-sm text-slate-600 underline">
        ← {event.name}
      </Link>
      <h1 className="text-2xl font-bold">Edit event</h1>
      <EditEventForm
        zones={Intl.supportedValuesOf("timeZone")}
        event={{
          id: event.id,
          name: event.name,
          description: event.description,
          timeZone: event.timeZone,
          startsAt: dateToZonedWallTime(event.startsAt, event.timeZone),
          endsAt: dateToZonedWallTime(event.endsAt, event.timeZone),
        }}
      />
    </section>
  );
}
