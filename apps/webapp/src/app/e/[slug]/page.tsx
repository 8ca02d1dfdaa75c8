import { getEvent, getPublicEvent } from "@greenroom/domain/events";
import type { Ctx } from "@greenroom/domain/context";
import { isDomainError } from "@greenroom/domain/errors";
import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { requestContext } from "@/server/context";
import { publicBaseUrl } from "@/server/origin";
import { orNotFound } from "@/server/transport";
import { formatEventRange } from "../../events/ui";

/** The public event, read once per request and shared by `generateMetadata` and the page. */
const loadPublicEvent = cache(async (slug: string) => {
  const { ctx } = await requestContext();
  return { ctx, ...(await orNotFound(() => getPublicEvent({ ctx, input: { slug } }))) };
});

/** Plain text of at most `max` characters, for a meta description. */
function summary(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  const { event } = await loadPublicEvent(slug);
  const description = summary(event.description) || formatEventRange(event);
  // Open Graph wants an absolute URL: APP_URL where configured, else this request's own origin.
  const url = new URL(`/e/${event.slug}`, await publicBaseUrl()).toString();
  return {
    title: event.name,
    description,
    openGraph: { type: "website", title: event.name, description, url, siteName: "Greenroom" },
    twitter: { card: "summary", title: event.name, description },
  };
}

/** Whether the signed-in visitor may open the event's own page (owners and invited people may). */
async function canOpen(ctx: Ctx, eventId: string): Promise<boolean> {
  if (!ctx.actor) return false;
  try {
    await getEvent({ ctx, input: { eventId } });
    return true;
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}

export default async function PublicEventPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, event, rooms } = await loadPublicEvent(slug);
  const here = encodeURIComponent(`/e/${slug}`);
  const member = await canOpen(ctx, event.id);
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
      <section aria-labelledby="join-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="join-heading" className="text-lg font-semibold">
          Joining this event
        </h2>
        {member ? (
          <p>
            <Link href={`/events/${event.id}`} className="font-semibold text-brand-700 underline">
              Open {event.name}
            </Link>
          </p>
        ) : (
          <>
            <p className="text-slate-700">
              Greenroom does not sell tickets for this event yet. Speakers, hosts and staff join through the invitation
              the organizer emails them: open the link in that mail.
            </p>
            {ctx.actor ? (
              <p className="text-sm text-slate-600">
                You are signed in, but this account has no access to the event. If you were invited, use the
                invitation link, or sign in with the address it was sent to.
              </p>
            ) : (
              <p className="text-sm text-slate-600">
                Already invited and accepted?{" "}
                <Link href={`/signin?next=${here}`} className="font-semibold text-brand-700 underline">
                  Sign in
                </Link>{" "}
                and come back here, or{" "}
                <Link href={`/signup?next=${here}`} className="font-semibold text-brand-700 underline">
                  create an account
                </Link>{" "}
                to be ready when an invitation arrives.
              </p>
            )}
          </>
        )}
      </section>
    </article>
  );
}
