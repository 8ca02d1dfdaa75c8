import { checkInPage } from "@greenroom/domain/ticket-pages";
import type { Metadata } from "next";
import Link from "next/link";
import { signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import { CheckInForm } from "./check-in-form";

export const metadata: Metadata = { title: "Check-in" };

export default async function CheckInPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { ctx } = await signedInContext();
  // Session check, then one batch: authorization, the event, the counts and the last check-ins.
  const { event, valid, checkedIn, recent } = await orNotFound(() => checkInPage({ ctx, input: { eventId } }));
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
        <CheckInForm eventId={event.id} timeZone={event.timeZone} />
      )}
      <section aria-labelledby="recent-heading" className="space-y-2">
        <h2 id="recent-heading" className="text-lg font-semibold">
          Latest check-ins
        </h2>
        {recent.length === 0 ? (
          <p className="text-slate-600">Nobody is checked in yet. Type a ticket code above or scan its QR code.</p>
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
