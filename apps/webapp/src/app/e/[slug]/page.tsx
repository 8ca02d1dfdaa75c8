import { getPublicEvent } from "@greenroom/domain/events";
import type { Metadata } from "next";
import Link from "next/link";
import { requestContext } from "@/server/context";
import { orNotFound } from "@/server/transport";
import { formatEventRange } from "../../events/ui";

export const metadata: Metadata = { title: "Event" };

export default async function PublicEventPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx } = await requestContext();
  const { event, rooms } = await orNotFound(() => getPublicEvent({ ctx, input: { slug } }));
  return (
    <article className="mx-auto max-w-2xl space-y-6">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold">{event.name}</h1>
        <p className="text-slate-600">{formatEventRange(event)}</p>
      </header>
      {event.description ? <p className="whitespace-pre-line text-lg">{event.description}</p> : null}
      {rooms.length > 0 ? (
        <section aria-labelledby="rooms-heading" className="space-y-2">
          <h2 id="rooms-heading" className="text-lg font-semibold">
            Rooms
          </h2>
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {rooms.map((room) => (
              <li key={room.id} className="p-3">
                <span className="font-medium">{room.name}</span>{" "}
                <span className="text-sm capitalize text-slate-600">· {room.kind}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="text-slate-700">
        Have a ticket or an invitation?{" "}
        <Link href={`/signin?next=/events/${event.id}`} className="font-semibold text-brand-700 underline">
          Sign in to join
        </Link>
      </p>
    </article>
  );
}
