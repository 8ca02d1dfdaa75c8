import { orderDetailPage } from "@greenroom/domain/pages";
import type { Metadata } from "next";
import Link from "next/link";
import { requestContext } from "@/server/context";
import { orNotFound, requestInput } from "@/server/transport";
import { ReleaseHoldForm } from "../orders-forms";

export const metadata: Metadata = { title: "Order" };

export default async function OrderDetailPage({ params }: { params: Promise<{ eventId: string; orderId: string }> }) {
  const { eventId, orderId } = await params;
  const data = await orNotFound(async () => {
    const { ctx } = await requestContext();
    return orderDetailPage({ ctx, input: requestInput({ eventId, orderId }) });
  });
  const { order, event } = data;
  const when = new Intl.DateTimeFormat("en-GB", { timeZone: event.timeZone, dateStyle: "medium", timeStyle: "short" });
  const body = order.body as Record<string, unknown>;
  return (
    <section className="min-w-0 space-y-6">
      <div className="space-y-1">
        <Link href={`/events/${event.id}/orders`} className="text-sm text-slate-600 underline">
          ← Orders of {event.name}
        </Link>
        <h1 className="break-all text-2xl font-bold">Order {order.externalOrderId}</h1>
        <p className="text-sm text-slate-600">
          {order.retailer} · {order.status} {order.needsMapping ? "· needs mapping" : ""} {data.amountText ? `· ${data.amountText}` : ""} · received {when.format(order.createdAt)}
        </p>
      </div>

      {data.hold ? (
        <section aria-labelledby="hold-heading" className="space-y-2 rounded-lg border border-red-300 bg-red-50 p-4">
          <h2 id="hold-heading" className="text-lg font-semibold text-red-950">
            Held: the amount paid differs from the prices
          </h2>
          <p className="text-sm text-red-950">
            {data.hold.summary} No tickets were issued. Refund the order at the retailer, or issue the tickets anyway.
          </p>
          <ReleaseHoldForm eventId={event.id} orderId={order.id} />
        </section>
      ) : null}

      <section aria-labelledby="refunds-heading" className="space-y-2">
        <h2 id="refunds-heading" className="text-lg font-semibold">
          Refunds
        </h2>
        {data.refunds.length === 0 ? (
          <p className="text-sm text-slate-600">No refund or cancellation.</p>
        ) : (
          <ul aria-label="What each refund did" className="space-y-1 text-sm">
            {data.refunds.map((r) => (
              <li key={r.key}>
                {r.at ? `${when.format(r.at)}: ` : ""}
                {r.summary}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="lines-heading" className="space-y-2">
        <h2 id="lines-heading" className="text-lg font-semibold">
          Lines
        </h2>
        {data.lines.length === 0 ? (
          <p className="text-sm text-slate-600">No lines: the retailer sent only a refund or cancellation so far.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {data.lines.map((l) => (
              <li key={l.lineNo}>
                {l.quantity} × <code className="rounded bg-slate-100 px-1">{l.externalSku}</code> {l.title ? `(${l.title})` : ""} →{" "}
                {l.ticketTypeName ?? <span className="font-semibold text-amber-800">no ticket type yet</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="tickets-heading" className="space-y-2">
        <h2 id="tickets-heading" className="text-lg font-semibold">
          Tickets
        </h2>
        {data.tickets.length === 0 ? (
          <p className="text-sm text-slate-600">No tickets were issued for this order.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {data.tickets.map((t) => (
              <li key={t.id}>
                {t.ticketTypeName} #{t.seq + 1} for {t.holderEmail}: {t.status}
                {t.checkedInAt ? `, checked in ${when.format(t.checkedInAt)}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="grants-heading" className="space-y-2">
        <h2 id="grants-heading" className="text-lg font-semibold">
          Access it produced
        </h2>
        {data.grants.length === 0 ? (
          <p className="text-sm text-slate-600">
            No access right now: the buyer has not verified this address yet, or the order was refunded or cancelled.
          </p>
        ) : (
          <ul className="space-y-1 text-sm">
            {data.grants.map((g) => (
              <li key={g.id}>
                {g.email} may enter {g.roomName ?? "the whole event"} as attendee (since {when.format(g.createdAt)})
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="raw-heading" className="space-y-2">
        <h2 id="raw-heading" className="text-lg font-semibold">
          Raw payload
        </h2>
        <pre className="max-h-96 overflow-auto rounded-lg border border-slate-200 bg-slate-50 p-3 text-xs">
          {JSON.stringify(body, null, 2)}
        </pre>
      </section>
    </section>
  );
}
