import { adminListEvents } from "@greenroom/domain/admin";
import type { Metadata } from "next";
import { requestContext } from "@/server/context";
import { orNotFound } from "@/server/transport";
import { param, SearchForm } from "../search-form";

export const metadata: Metadata = { title: "Events · Admin" };

const STATUS = { draft: "Draft", active: "Published", archived: "Archived", deleting: "Deleting…" } as const;

export default async function AdminEventsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const q = param((await searchParams).q);
  const { ctx } = await requestContext();
  const events = await orNotFound(() => adminListEvents({ ctx, input: { q } }));
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Events</h1>
      <SearchForm action="/admin/events" label="Search by event name, slug or account name" q={q} />
      {events.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          {q ? `No events match “${q}”. Try the account's name.` : "No events yet."}
        </p>
      ) : (
        <>
          <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <caption className="sr-only">Events, latest start first</caption>
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">Event</th>
                  <th scope="col" className="px-3 py-2">Account</th>
                  <th scope="col" className="px-3 py-2">Status</th>
                  <th scope="col" className="px-3 py-2">Starts</th>
                  <th scope="col" className="px-3 py-2">Rooms</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 align-top">
                {events.map((event) => (
                  <tr key={event.id}>
                    <td className="px-3 py-2">
                      <span className="block font-medium">{event.name}</span>
                      <span className="block font-mono text-xs text-slate-500">{event.slug}</span>
                    </td>
                    <td className="px-3 py-2">{event.accountName}</td>
                    <td className="px-3 py-2">{STATUS[event.status]}</td>
                    <td className="whitespace-nowrap px-3 py-2">
                      {new Intl.DateTimeFormat("en-GB", {
                        dateStyle: "medium",
                        timeStyle: "short",
                        timeZone: event.timeZone,
                      }).format(event.startsAt)}{" "}
                      <span className="text-xs text-slate-500">{event.timeZone}</span>
                    </td>
                    <td className="px-3 py-2 tabular-nums">{event.roomCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {events.length >= 100 ? <p className="text-sm text-slate-600">Showing 100. Search to narrow down.</p> : null}
        </>
      )}
    </section>
  );
}
