import { WEBHOOK_OUT_EVENT_TYPES, webhooksPage } from "@greenroom/domain/webhooks-out";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { chosenAccountId, signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import { CreateSubscriptionForm, RedeliverButton, SubscriptionButtons } from "./webhook-forms";

export const metadata: Metadata = { title: "Webhooks" };

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<{ subscription?: string }> }) {
  const { subscription } = await searchParams;
  const { ctx } = await signedInContext();
  // Session check, then one batch: the chosen account, its subscriptions and events; the delivery log comes from the
  // workers app.
  const preferred = await chosenAccountId();
  const page = await orNotFound(() =>
    webhooksPage({ ctx, input: { accountId: preferred, subscriptionId: typeof subscription === "string" ? subscription : undefined } }),
  );
  if (!page.account) redirect("/events");
  const accountId = page.account.id;
  return (
    <section className="space-y-6">
      <div className="space-y-1">
        <Link href="/account" className="text-sm text-slate-600 underline">
          ← {page.account.name}
        </Link>
        <h1 className="text-2xl font-bold">Webhooks</h1>
        <p className="text-slate-600">
          Greenroom POSTs each event to your URL, signed as the Standard Webhooks specification says, and retries for up to
          three days. A receiver answering 410 Gone is disabled.
        </p>
      </div>
      {page.subscriptions.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          <p>No subscriptions yet. Subscribe a URL below to receive orders, check-ins and clips as they happen.</p>
        </div>
      ) : (
        <ul className="space-y-4" aria-label="Subscriptions">
          {page.subscriptions.map((s) => (
            <li key={s.id} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
              <div className="space-y-1">
                <p className="break-all font-mono text-sm font-medium">{s.url}</p>
                <p className="text-sm text-slate-600">
                  {s.enabled ? "Enabled" : s.disabledReason === "gone" ? "Disabled: the receiver answered 410 Gone" : "Disabled"}
                  {" · "}
                  {s.eventTypes.join(", ")}
                  {s.eventName ? ` · only ${s.eventName}` : ""}
                </p>
              </div>
              <SubscriptionButtons accountId={accountId} subscriptionId={s.id} enabled={s.enabled} />
              {page.deliveries?.subscriptionId === s.id ? (
                <DeliveryLog accountId={accountId} entries={page.deliveries.entries} />
              ) : (
                <Link href={`/account/webhooks?subscription=${s.id}`} className="text-sm font-medium text-brand-700 underline">
                  Delivery log
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
      <CreateSubscriptionForm accountId={accountId} types={[...WEBHOOK_OUT_EVENT_TYPES]} events={page.events} />
    </section>
  );
}

function DeliveryLog({ accountId, entries }: { accountId: string; entries: NonNullable<Awaited<ReturnType<typeof webhooksPage>>["deliveries"]>["entries"] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-600">No deliveries yet.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Delivery log, newest first</caption>
      <thead>
        <tr className="text-slate-600">
          <th scope="col" className="py-1">Event</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last response</th>
          <th scope="col">Time (UTC)</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {entries.map((d) => (
          <tr key={d.id}>
            <td className="py-2 font-mono text-xs">{d.type}</td>
            <td>{d.status}</td>
            <td>{d.attempts}</td>
            <td>{d.lastResponseStatus ?? d.lastError ?? "—"}</td>
            <td>{when.format(new Date(d.updatedAtMs))}</td>
            <td>
              <RedeliverButton accountId={accountId} deliveryId={d.id} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
