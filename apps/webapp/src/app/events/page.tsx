import { eventsOverview } from "@greenroom/domain/pages";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { chosenAccountId, signedInContext } from "@/server/session";
import { switchAccountAction } from "./actions";
import { MyEventsView } from "./my-events";
import { StatusBadge, formatEventRange } from "./ui";

type Search = { view?: string | string[] };

export async function generateMetadata({ searchParams }: { searchParams: Promise<Search> }): Promise<Metadata> {
  return { title: (await searchParams).view === "my" ? "My events" : "Events" };
}

export default async function EventsPage({ searchParams }: { searchParams: Promise<Search> }) {
  if ((await searchParams).view === "my") return <MyEventsView />;
  const { ctx } = await signedInContext();
  // Session check, then one batch: accounts, the chosen account's events, shared events.
  const { accounts, account, events, shared, ticketCount } = await eventsOverview({
    ctx,
    input: { accountId: await chosenAccountId() },
  });
  // Attendees and speakers who organize nothing land on their tickets and invitations, not on "create your first event".
  if (!account || (events.length === 0 && (shared.length > 0 || ticketCount > 0))) redirect("/my");
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Events</h1>
          <p className="text-sm text-slate-600">in {account.name}</p>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          {accounts.length > 1 ? (
            <form action={switchAccountAction} className="flex items-end gap-2">
              <div>
                <label htmlFor="account-switcher" className="block text-xs font-medium text-slate-600">
                  Account
                </label>
                <select
                  id="account-switcher"
                  name="accountId"
                  defaultValue={account.id}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
                >
                  {accounts.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm">
                Switch
              </button>
            </form>
          ) : null}
          <Link
            href="/events/new"
            className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800"
          >
            New event
          </Link>
        </div>
      </div>
      {events.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <h2 className="text-lg font-semibold">No events yet</h2>
          <p className="mt-1 text-slate-600">Create your first event, give it a room, and open its stage.</p>
          <Link href="/events/new" className="mt-4 inline-block font-semibold text-brand-700 underline">
            Create an event
          </Link>
        </div>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {events.map((event) => (
            <li key={event.id} className="flex flex-wrap items-center justify-between gap-2 p-4">
              <div>
                <Link href={`/events/${event.id}`} className="font-semibold text-slate-900 underline-offset-2 hover:underline">
                  {event.name}
                </Link>
                <p className="text-sm text-slate-600">{formatEventRange(event)}</p>
              </div>
              <StatusBadge status={event.status} />
            </li>
          ))}
        </ul>
      )}
      {shared.length > 0 ? (
        <section aria-labelledby="shared-heading" className="space-y-3">
          <h2 id="shared-heading" className="text-lg font-semibold">
            Shared with me
          </h2>
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {shared.map((event) => (
              <li key={event.id} className="flex flex-wrap items-center justify-between gap-2 p-4">
                <div>
                  <Link href={`/events/${event.id}`} className="font-semibold underline-offset-2 hover:underline">
                    {event.name}
                  </Link>
                  <p className="text-sm text-slate-600">
                    {event.accountName} · {formatEventRange(event)}
                  </p>
                </div>
                <StatusBadge status={event.status} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
