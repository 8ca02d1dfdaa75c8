import { checkInPage } from "@greenroom/domain/ticket-pages";
import type { Metadata } from "next";
import Link from "next/link";
import { signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import { CheckInForm } from "./check-in-form";

export const metadata: Metadata = { title: "Check-in" };

export default async function CheckInPage({
  params,
  searchParams,
}: {
  params: Promise<{ eventId: string }>;
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const { eventId } = await params;
  const raw = (await searchParams).q;
  // A search shorter than two characters is no search.
  const q = typeof raw === "string" && raw.trim().length >= 2 ? raw.trim().slice(0, 80) : undefined;
  const { ctx } = await signedInContext();
  // Session check, then one batch: authorization, the event, the counts, the last check-ins and the name search.
  const { event, valid, checkedIn, recent, matches } = await orNotFound(() => checkInPage({ ctx, input: { eventId, q } }));
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: event.timeZone, timeStyle: "short" });
  return (
    <section className="mx-auto max-w-xl space-y-6">
      <div className="space-y-1">
        <Link href={`/events/${event.id}`} className="text-sm text-slate-600 underline">
          ← {event.name}
        </Link>
        <h1 className="text-2xl font-bold">Check-in</h1>
        <p className="text-slate-600">
          <span data-testid="check-in-count">
            {checkedIn} of {valid}
          </span>{" "}
          tickets checked in.
        </p>
      </div>
      {event.status === "archived" ? (
        <p className="rounded-md border border-slate-300 bg-slate-100 px-3 py-2">This event is archived: check-in is closed.</p>
      ) : (
        <>
          <CheckInForm eventId={event.id} timeZone={event.timeZone} matches={matches} />
          <form method="get" aria-label="Find a ticket by name" className="flex flex-wrap items-end gap-2">
            <div className="min-w-0 flex-1 space-y-1">
              <label htmlFor="find-name" className="block font-medium">
                Find by name
              </label>
              <input
                id="find-name"
                name="q"
                defaultValue={q ?? ""}
                autoComplete="off"
                className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
              />
            </div>
            <button
              type="submit"
              className="rounded-md border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 hover:bg-slate-50"
            >
              Find
            </button>
          </form>
        </>
      )}
      <section aria-labelledby="recent-heading" className="space-y-2">
        <h2 id="recent-heading" className="text-lg font-semibold">
          Latest check-ins
        </h2>
        {recent.length === 0 ? (
          <p className="text-slate-600">Nobody is checked in yet. Type a ticket code or short code above, scan its QR code, or find the guest by name.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {recent.map((r) => (
              <li key={`${r.holderName}-${r.at.getTime()}`} className="flex justify-between gap-2 p-3 text-sm">
                <span>
                  <span className="font-medium">{r.holderName}</span> · {r.ticketTypeName}
                </span>
                <span className="text-slate-600">
                  {time.format(r.at)}
                  {r.byName ? ` by ${r.byName}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
