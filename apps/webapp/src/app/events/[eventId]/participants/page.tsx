import { isDomainError } from "@greenroom/domain/errors";
import type { ParticipantEntry } from "@greenroom/domain/participants";
import { participantsPage } from "@greenroom/domain/pages";
import type { Metadata } from "next";
import Link from "next/link";
import { FilterActions } from "@/components/filter-actions";
import { Field, SelectField } from "@/components/form";
import { requestContext } from "@/server/context";
import { orNotFound, requestInput } from "@/server/transport";
import { filtersFrom, type UrlFilters, withFilters } from "./filters";

export const metadata: Metadata = { title: "Participants" };

type SearchParams = Record<string, string | string[] | undefined>;

/** The page's two reads; an invalid request is a state of the page, a denied one a 403, a missing one a 404. */
async function load(eventId: string, filters: UrlFilters, after: string | undefined) {
  const { ctx } = await requestContext();
  try {
    // Session check, then one batch: authorization, the page of participants and the filter options.
    const { page, options } = await participantsPage({ ctx, input: requestInput({ eventId, ...filters, after }) });
    return { kind: "ok" as const, page, options };
  } catch (error) {
    if (isDomainError(error) && error.code === "invalid") {
      const message = Object.values(error.fieldErrors ?? {})[0]?.[0] ?? "This page link is not valid";
      return { kind: "invalid" as const, message };
    }
    throw error;
  }
}

export default async function ParticipantsPage({
  params,
  searchParams,
}: {
  params: Promise<{ eventId: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { eventId } = await params;
  const search = await searchParams;
  const filters = filtersFrom(search);
  const after = typeof search.after === "string" && search.after ? search.after : undefined;
  const result = await orNotFound(() => load(eventId, filters, after));
  const path = `/events/${eventId}/participants`;

  if (result.kind !== "ok") {
    return (
      <section className="space-y-4">
        <Link href={`/events/${eventId}`} className="text-sm text-slate-600 underline">
          ← Back to the event
        </Link>
        <h1 className="text-2xl font-bold">Participants</h1>
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
          {result.message}.{" "}
          <Link href={path} className="font-semibold underline">
            Start from the first page
          </Link>
        </p>
      </section>
    );
  }

  const { page, options } = result;
  const { event } = options;
  const filtered = Object.keys(filters).length > 0;
  const canExport = page.access.permissions.has("participants.export");
  const added = new Intl.DateTimeFormat("en-GB", { timeZone: event.timeZone, dateStyle: "medium" });

  return (
    <section className="min-w-0 space-y-6">
      <div className="space-y-1">
        <Link href={`/events/${event.id}`} className="text-sm text-slate-600 underline">
          ← {event.name}
        </Link>
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h1 className="text-2xl font-bold">Participants</h1>
          {canExport ? (
            <a
              href={withFilters(`/api/events/${eventId}/participants.csv`, filters)}
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
            >
              Export CSV
            </a>
          ) : null}
        </div>
        <p className="text-sm text-slate-600">Members and pending invitations, newest first.</p>
      </div>

      <search aria-label="Filter participants">
        <form
          method="get"
          action={path}
          className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1fr_auto] lg:items-end"
        >
          <Field
            label="Search name or email"
            name="q"
            type="search"
            state={null}
            defaultValue={filters.q ?? ""}
            maxLength={100}
            autoComplete="off"
          />
          <SelectField
            label="Role"
            name="roleId"
            state={null}
            defaultValue={filters.roleId ?? ""}
            options={[{ value: "", label: "All roles" }, ...options.roles.map((r) => ({ value: r.id, label: r.name }))]}
          />
          <SelectField
            label="Room"
            name="roomId"
            state={null}
            defaultValue={filters.roomId ?? ""}
            options={[
              { value: "", label: "Any room" },
              { value: "event", label: "Whole event only" },
              ...options.rooms.map((r) => ({ value: r.id, label: r.archived ? `${r.name} (archived)` : r.name })),
            ]}
          />
          <SelectField
            label="Status"
            name="status"
            state={null}
            defaultValue={filters.status ?? ""}
            options={[
              { value: "", label: "Everyone" },
              { value: "member", label: "Members" },
              { value: "pending", label: "Pending" },
            ]}
          />
          <FilterActions path={path} filtered={filtered} />
        </form>
      </search>

      {page.entries.length === 0 ? (
        <EmptyState eventId={event.id} filtered={filtered} paged={after !== undefined} firstPage={withFilters(path, filters)} />
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption className="sr-only">
              Participants of {event.name}
              {filtered ? ", filtered" : ""}, newest first
            </caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
              <tr>
                {["Name", "Email", "Status", "Role", "Room", "Added"].map((heading) => (
                  <th key={heading} scope="col" className="px-4 py-2 font-semibold">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.entries.map((entry) => (
                <tr key={entry.entryId}>
                  <th scope="row" className="px-4 py-2 font-medium">
                    {entry.name ?? (
                      <span className="text-slate-500">
                        <span aria-hidden="true">—</span>
                        <span className="sr-only">No name yet</span>
                      </span>
                    )}
                  </th>
                  <td className="break-all px-4 py-2">{entry.email}</td>
                  <td className="px-4 py-2">
                    <ParticipantStatus status={entry.status} />
                  </td>
                  <td className="px-4 py-2">{entry.roleName}</td>
                  <td className="px-4 py-2">{entry.roomName ?? "All rooms"}</td>
                  <td className="whitespace-nowrap px-4 py-2">
                    <time dateTime={entry.createdAt.toISOString()}>{added.format(entry.createdAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {after || page.nextCursor ? (
        <nav aria-label="Pages" className="flex flex-wrap gap-3">
          {after ? (
            <Link href={withFilters(path, filters)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm">
              First page
            </Link>
          ) : null}
          {page.nextCursor ? (
            <Link
              href={withFilters(path, filters, { after: page.nextCursor })}
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm"
            >
              Next page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

function ParticipantStatus({ status }: { status: ParticipantEntry["status"] }) {
  return status === "member" ? (
    <span className="rounded-full bg-emerald-100 px-2.5 py-0.5 text-xs font-semibold text-emerald-900">Member</span>
  ) : (
    <span className="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-semibold text-amber-900">Pending</span>
  );
}

function EmptyState({
  eventId,
  filtered,
  paged,
  firstPage,
}: {
  eventId: string;
  filtered: boolean;
  paged: boolean;
  firstPage: string;
}) {
  if (paged) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
        No more participants.{" "}
        <Link href={firstPage} className="font-semibold text-brand-700 underline">
          Back to the first page
        </Link>
      </p>
    );
  }
  if (filtered) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
        <p>No participants match these filters.</p>
        <Link href={`/events/${eventId}/participants`} className="mt-2 inline-block font-semibold text-brand-700 underline">
          Clear the filters
        </Link>
      </div>
    );
  }
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
      <h2 className="text-lg font-semibold">No participants yet</h2>
      <p className="mt-1 text-slate-600">
        Invite people from{" "}
        <Link href={`/events/${eventId}/access`} className="font-semibold text-brand-700 underline">
          People &amp; access
        </Link>
        .
      </p>
    </div>
  );
}
