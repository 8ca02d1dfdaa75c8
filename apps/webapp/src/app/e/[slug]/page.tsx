import { getEvent } from "@greenroom/domain/events";
import { formatShortCode, type PublicRegistration, publicEventPage, type PublicTicketType } from "@greenroom/domain/ticket-pages";
import type { Ctx } from "@greenroom/domain/context";
import { isDomainError } from "@greenroom/domain/errors";
import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { currentSession } from "@/auth";
import { requestContext } from "@/server/context";
import { publicBaseUrl } from "@/server/origin";
import { orNotFound } from "@/server/transport";
import { formatEventRange } from "../../events/ui";
import { RegistrationForm } from "./registration-form";

/** The public event, read once per request and shared by `generateMetadata` and the page. */
const loadPublicEvent = cache(async (slug: string) => {
  const { ctx } = await requestContext();
  const baseUrl = await publicBaseUrl();
  return { ctx, ...(await orNotFound(() => publicEventPage({ ctx, input: { slug, baseUrl } }))) };
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

/** Why a ticket type cannot be taken now, said before the form. */
function unavailableReason(type: PublicTicketType, timeZone: string): string | null {
  const at = (date: Date | null) =>
    date ? new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(date) : "";
  switch (type.availability) {
    case "sold_out":
      return "Sold out";
    case "not_yet":
      return `Registration opens ${at(type.salesStartAt)} (${timeZone})`;
    case "closed":
      return "Registration closed";
    default:
      return null;
  }
}

/** What a visitor who already holds a ticket sees instead of the form: where the ticket is, and the calendar file. */
function Registered({ registration, slug }: { registration: PublicRegistration; slug: string }) {
  return (
    <section aria-labelledby="registered-heading" className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <h2 id="registered-heading" className="text-lg font-semibold text-emerald-900">
        You're registered:{" "}
        <Link href="/my" className="text-brand-700 underline">
          view your ticket
        </Link>
      </h2>
      <ul className="text-sm text-slate-700">
        {registration.tickets.map((t) => (
          <li key={t.id}>
            {t.typeName}
            {t.shortCode ? (
              <>
                {" "}· short code <span className="font-mono font-semibold">{formatShortCode(t.shortCode)}</span>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <p>
        <a
          href={`data:text/calendar;charset=utf-8,${encodeURIComponent(registration.ics)}`}
          download={`${slug}.ics`}
          className="inline-block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-slate-800 hover:bg-slate-100"
        >
          Add to calendar
        </a>
      </p>
    </section>
  );
}

function Tickets({ types, timeZone, email }: { types: PublicTicketType[]; timeZone: string; email?: string }) {
  const open = types.filter((t) => t.availability === "open");
  return (
    <section aria-labelledby="tickets-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="tickets-heading" className="text-lg font-semibold">
        Tickets
      </h2>
      <ul aria-label="Ticket types" className="divide-y divide-slate-200">
        {types.map((type) => {
          const reason = type.free ? unavailableReason(type, timeZone) : null;
          return (
            <li key={type.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <span className="font-medium">{type.name}</span>{" "}
                <span className="text-sm text-slate-600">· {type.priceLabel || (type.free ? "Free" : "")}</span>
              </span>
              {reason ? (
                <span className="rounded-full bg-slate-200 px-2.5 py-0.5 text-xs font-semibold text-slate-800">{reason}</span>
              ) : type.free ? (
                <span className="text-sm text-emerald-800">{type.left !== null ? `${type.left} left` : "Open"}</span>
              ) : (
                <span className="text-sm text-slate-600">Sold by the organizer</span>
              )}
            </li>
          );
        })}
      </ul>
      {types.some((t) => t.free) ? (
        // Mounted even when nothing is open, so the message of a registration that took the last seat stays.
        <RegistrationForm
          types={open.map((t) => ({ id: t.id, name: t.name, priceLabel: t.priceLabel, left: t.left }))}
          email={email}
        />
      ) : null}
    </section>
  );
}

export default async function PublicEventPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, event, rooms, ticketTypes, registration } = await loadPublicEvent(slug);
  const email = (await currentSession())?.user?.email ?? undefined;
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
      {registration ? (
        <Registered registration={registration} slug={event.slug} />
      ) : ticketTypes.length > 0 ? (
        <Tickets types={ticketTypes} timeZone={event.timeZone} email={email} />
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
              {ticketTypes.some((t) => t.free)
                ? "Attendees register for a ticket above. "
                : "Greenroom does not sell tickets for this event yet. "}
              Speakers, hosts and staff join through the invitation the organizer emails them: open the link in that
              mail.
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
