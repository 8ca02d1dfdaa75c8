import type { Retailer } from "@greenroom/db/webapp/values";
import { isDomainError } from "@greenroom/domain/errors";
import { ORDER_CAPS } from "@greenroom/domain/orders";
import { ordersPage } from "@greenroom/domain/pages";
import type { Metadata } from "next";
import Link from "next/link";
import { FilterActions } from "@/components/filter-actions";
import { SelectField } from "@/components/form";
import { requestContext } from "@/server/context";
import { publicBaseUrl } from "@/server/origin";
import { orNotFound, requestInput } from "@/server/transport";
import { ConnectionForm, CsvImport, EventbriteEventForm, ManualOrderForm, MapSkuForm, RemoveConnectionForm } from "./orders-forms";
import { SalesChart } from "./sales-chart";

export const metadata: Metadata = { title: "Orders" };

type SearchParams = Record<string, string | string[] | undefined>;
const FILTER_KEYS = ["retailer", "status", "ticketTypeId", "needsMapping"] as const;
const RETAILER_LABELS: Record<Retailer, string> = { stripe: "Stripe", shopify: "Shopify", eventbrite: "Eventbrite", manual: "Manual" };
/** A stored retailer's label; a value not in the list (none should be) shows as stored. */
const retailerLabel = (retailer: string): string => RETAILER_LABELS[retailer as Retailer] ?? retailer;

function filtersFrom(search: SearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const raw = search[key];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value) out[key] = value;
  }
  return out;
}
const withQuery = (path: string, params: Record<string, string>) => {
  const query = new URLSearchParams(params).toString();
  return query ? `${path}?${query}` : path;
};

async function load(eventId: string, filters: Record<string, string>, after: string | undefined) {
  const { ctx } = await requestContext();
  try {
    // Session check, then one batch: authorization and every read of the page.
    return { kind: "ok" as const, data: await ordersPage({ ctx, input: requestInput({ eventId, ...filters, after }) }) };
  } catch (error) {
    if (isDomainError(error) && error.code === "invalid") return { kind: "invalid" as const };
    throw error;
  }
}

export default async function OrdersPage({ params, searchParams }: { params: Promise<{ eventId: string }>; searchParams: Promise<SearchParams> }) {
  const { eventId } = await params;
  const search = await searchParams;
  const filters = filtersFrom(search);
  const after = typeof search.after === "string" && search.after ? search.after : undefined;
  const mapped = typeof search.mapped === "string" && /^\d{1,6}$/.test(search.mapped) ? Number(search.mapped) : null;
  const result = await orNotFound(() => load(eventId, filters, after));
  const path = `/events/${eventId}/orders`;
  if (result.kind !== "ok") {
    return (
      <section className="space-y-4">
        <h1 className="text-2xl font-bold">Orders</h1>
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
          This page link is not valid.{" "}
          <Link href={path} className="font-semibold underline">
            Start from the first page
          </Link>
        </p>
      </section>
    );
  }
  const { data } = result;
  const { event, summary } = data;
  const base = await publicBaseUrl();
  // Connections are account-wide: only the account's owners set or remove them (an event admin sees the state only).
  const mayConnect = data.access.permissions.has("retailers.manage");
  const typeOptions = data.ticketTypes.map((t) => ({ value: t.id, label: t.name }));
  const filtered = Object.keys(filters).length > 0;
  const when = new Intl.DateTimeFormat("en-GB", { timeZone: event.timeZone, dateStyle: "medium", timeStyle: "short" });

  return (
    <section className="min-w-0 space-y-8">
      <div className="space-y-1">
        <Link href={`/events/${event.id}`} className="text-sm text-slate-600 underline">
          ← {event.name}
        </Link>
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h1 className="text-2xl font-bold">Orders</h1>
          <a
            href={withQuery(`/api/events/${event.id}/orders.csv`, filters)}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
          >
            Export CSV
          </a>
        </div>
        <p className="text-sm text-slate-600">Orders from Stripe, Shopify, Eventbrite and manual entry, newest first.</p>
        {mapped !== null ? (
          <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            {mapped > 0
              ? `Mapped. Tickets were issued for ${mapped} waiting order${mapped === 1 ? "" : "s"}.`
              : "Mapped. New orders with this product get tickets of this type."}
          </p>
        ) : null}
      </div>

      <section aria-labelledby="summary-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="summary-heading" className="text-lg font-semibold">
          Sales
        </h2>
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-slate-500">Orders</dt>
            <dd className="text-xl font-semibold">{summary.placed}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Valid tickets</dt>
            <dd className="text-xl font-semibold">{summary.validTickets}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Refunded or cancelled</dt>
            <dd className="text-xl font-semibold">{summary.refunded + summary.cancelled}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Revenue</dt>
            <dd className="text-xl font-semibold">
              {summary.revenue.length === 0 ? "—" : summary.revenue.map((r) => r.text).join(" + ")}
            </dd>
          </div>
        </dl>
        {data.ticketTypes.length > 0 ? (
          <ul className="flex flex-wrap gap-2 text-sm">
            {data.ticketTypes.map((t) => (
              <li key={t.id} className="rounded-full bg-slate-100 px-3 py-1">
                {t.name}: {t.issued}
                {t.capacity !== null ? ` of ${t.capacity}` : ""} issued
              </li>
            ))}
          </ul>
        ) : null}
        {data.days.length > 0 ? <SalesChart days={data.days} /> : <p className="text-sm text-slate-600">No sales yet: the chart appears with the first order.</p>}
      </section>

      {data.unmapped.length > 0 ? (
        <section aria-labelledby="unmapped-heading" className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <h2 id="unmapped-heading" className="text-lg font-semibold">
            Products without a ticket type
          </h2>
          <p className="text-sm text-amber-950">
            These orders are stored but issued no tickets. Map each product to a ticket type and their tickets are issued at once.
          </p>
          {typeOptions.length === 0 ? (
            <p className="text-sm">This event has no ticket types yet. Create one first, then map the products here.</p>
          ) : null}
          <ul className="space-y-4">
            {data.unmapped.map((u) => (
              <li key={`${u.retailer}-${u.externalSku}`} className="space-y-2 rounded-md border border-amber-200 bg-white p-3">
                <p className="text-sm">
                  <span className="font-semibold">{retailerLabel(u.retailer)}</span> product{" "}
                  <code className="rounded bg-slate-100 px-1">{u.externalSku}</code>
                  {u.title ? ` (${u.title})` : ""}: {u.orders} order{u.orders === 1 ? "" : "s"}, {u.units} ticket{u.units === 1 ? "" : "s"} waiting
                </p>
                {typeOptions.length > 0 ? <MapSkuForm eventId={event.id} retailer={u.retailer} sku={u.externalSku} types={typeOptions} /> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="list-heading" className="space-y-3">
        <h2 id="list-heading" className="text-lg font-semibold">
          All orders
        </h2>
        <search aria-label="Filter orders">
          <form method="get" action={path} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
            <SelectField
              label="Retailer"
              name="retailer"
              state={null}
              defaultValue={filters.retailer ?? ""}
              options={[{ value: "", label: "All retailers" }, ...Object.entries(RETAILER_LABELS).map(([value, label]) => ({ value, label }))]}
            />
            <SelectField
              label="Status"
              name="status"
              state={null}
              defaultValue={filters.status ?? ""}
              options={[
                { value: "", label: "Any status" },
                { value: "placed", label: "Placed" },
                { value: "refunded", label: "Refunded" },
                { value: "cancelled", label: "Cancelled" },
              ]}
            />
            <SelectField
              label="Ticket type"
              name="ticketTypeId"
              state={null}
              defaultValue={filters.ticketTypeId ?? ""}
              options={[{ value: "", label: "Any ticket type" }, ...typeOptions]}
            />
            <div className="flex items-center gap-2 self-center pt-5">
              <input id="needsMapping" type="checkbox" name="needsMapping" value="1" defaultChecked={filters.needsMapping === "1"} className="h-4 w-4" />
              <label htmlFor="needsMapping" className="text-sm font-medium text-slate-800">
                Needs mapping only
              </label>
            </div>
            <FilterActions path={path} filtered={filtered} />
          </form>
        </search>

        {data.entries.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
            {filtered || after
              ? "No orders match these filters."
              : "No orders yet. Connect a retailer below and paste its endpoint URL into its webhook settings, add an order by hand, or import a CSV."}
          </p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="min-w-full text-left text-sm">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className="px-3 py-2">Order</th>
                  <th scope="col" className="px-3 py-2">Buyer</th>
                  <th scope="col" className="px-3 py-2">Tickets</th>
                  <th scope="col" className="px-3 py-2">Amount</th>
                  <th scope="col" className="px-3 py-2">Status</th>
                  <th scope="col" className="px-3 py-2">Received</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((o) => (
                  <tr key={o.id} className="border-t border-slate-100 align-top">
                    <td className="px-3 py-2">
                      <Link href={`${path}/${o.id}`} className="font-mono text-xs underline">
                        {o.externalOrderId}
                      </Link>
                      <div className="text-xs text-slate-500">{retailerLabel(o.retailer)}</div>
                    </td>
                    <td className="px-3 py-2">
                      <div>{o.buyerName ?? "—"}</div>
                      <div className="text-xs text-slate-500">{o.buyerEmail ?? "no email"}</div>
                    </td>
                    <td className="px-3 py-2">
                      {o.tickets} {o.ticketTypes ? <span className="text-xs text-slate-500">({o.ticketTypes})</span> : null}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">{o.amountText ?? "—"}</td>
                    <td className="px-3 py-2">
                      <span>{o.status === "placed" ? "Placed" : o.status === "refunded" ? "Refunded" : "Cancelled"}</span>
                      {o.needsMapping ? <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">Needs mapping</span> : null}
                      {o.held ? (
                        <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-900">Held: amount paid differs from the prices</span>
                      ) : null}
                      {o.status === "placed" && o.refundedUnits > 0 ? (
                        <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800">
                          {o.refundedUnits} ticket{o.refundedUnits === 1 ? "" : "s"} refunded
                        </span>
                      ) : null}
                    </td>
                    <td className="px-3 py-2 text-xs text-slate-600">{when.format(o.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav aria-label="Pages" className="flex gap-4 text-sm">
          {after ? (
            <Link href={withQuery(path, filters)} className="underline">
              First page
            </Link>
          ) : null}
          {data.nextCursor ? (
            <Link href={withQuery(path, { ...filters, after: data.nextCursor })} className="underline">
              Next page
            </Link>
          ) : null}
        </nav>
      </section>

      <section aria-labelledby="manual-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="manual-heading" className="text-lg font-semibold">
          Add an order by hand
        </h2>
        {typeOptions.length === 0 ? (
          <p className="text-sm text-slate-600">Create a ticket type for this event first; manual orders issue tickets of a type.</p>
        ) : (
          <ManualOrderForm eventId={event.id} types={typeOptions} maxQuantity={ORDER_CAPS.unitsPerLine} />
        )}
      </section>

      <section aria-labelledby="import-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="import-heading" className="text-lg font-semibold">
          Import orders from a CSV file
        </h2>
        <CsvImport eventId={event.id} />
      </section>

      <section aria-labelledby="connections-heading" className="space-y-3">
        <h2 id="connections-heading" className="text-lg font-semibold">
          Retailer connections
        </h2>
        <p className="text-sm text-slate-600">
          Each retailer sends its orders to this event's endpoint URL. Secrets are stored encrypted and never shown again.
          {mayConnect ? null : " A connection serves every event of the account, so only the account's owners set or remove it."}
        </p>
        <div className="grid gap-4 lg:grid-cols-3">
          {data.connections.map((c) => (
            <div key={c.retailer} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
              <h3 className="font-semibold">{RETAILER_LABELS[c.retailer]}</h3>
              <p className="text-sm" data-testid={`connection-${c.retailer}`}>
                {c.hasSecret || c.hasApiToken ? "Connected." : "Not connected yet."}{" "}
                {c.lastDeliveryAt
                  ? `Last delivery ${when.format(c.lastDeliveryAt)}: ${c.lastDeliveryStatus}${c.lastDeliveryNote ? ` (${c.lastDeliveryNote})` : ""}.`
                  : "No delivery yet."}
              </p>
              {mayConnect ? (
                <>
                  <ConnectionForm eventId={event.id} retailer={c.retailer} label={RETAILER_LABELS[c.retailer] ?? c.retailer} endpoint={`${base}/api/hooks/${c.retailer}/${event.id}`} />
                  {c.hasSecret || c.hasApiToken ? (
                    <RemoveConnectionForm eventId={event.id} retailer={c.retailer} label={RETAILER_LABELS[c.retailer] ?? c.retailer} />
                  ) : null}
                </>
              ) : (
                <p className="text-sm text-slate-600">
                  Endpoint URL: <code className="font-mono text-xs">{`${base}/api/hooks/${c.retailer}/${event.id}`}</code>
                </p>
              )}
              {c.retailer === "eventbrite" && mayConnect ? <EventbriteEventForm eventId={event.id} current={data.eventbriteEventId} /> : null}
              {c.retailer === "eventbrite" && !mayConnect ? (
                <p className="text-sm text-slate-600">
                  Eventbrite event: {data.eventbriteEventId ?? "not set (orders of an Eventbrite event are taken in once its id is set here)"}
                </p>
              ) : null}
            </div>
          ))}
        </div>
      </section>
    </section>
  );
}
