import { listOutbox } from "@greenroom/domain/mail";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { appConfig } from "@/server/config";
import { requestContext } from "@/server/context";
import { requestIsLoopback } from "@/server/origin";
import { orNotFound } from "@/server/transport";

// Mails hold invitation links: never index this page, and never pass its address on.
export const metadata: Metadata = { title: "Outbox", robots: { index: false, follow: false }, referrer: "same-origin" };

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** The mail body as text, with its web addresses as links. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never reorder
          <a key={i} href={part} className="break-all font-medium text-brand-700 underline">
            {part}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never reorder
          <span key={i}>{part}</span>
        ),
      )}
    </>
  );
}

/**
 * Local development only: the mails the app "sent" while MAIL_TRANSPORT is "local", and only to a request addressed
 * to a loopback host (localhost, 127.x, [::1]); a 404 anywhere else.
 */
export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string | string[] }> }) {
  const { to: rawTo } = await searchParams;
  const to = typeof rawTo === "string" ? rawTo : undefined;
  const config = await appConfig();
  if (config.mail.transport !== "local" || !(await requestIsLoopback())) notFound();
  const { ctx } = await requestContext();
  const mails = await orNotFound(() => listOutbox({ ctx, input: { mailTransport: config.mail.transport, to } }));

  return (
    <section className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">Outbox</h1>
        <p className="text-slate-600">
          Mail is not sent in local development; it lands here instead. The newest 50 are shown.
        </p>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <label htmlFor="outbox-to" className="block text-sm font-medium text-slate-800">
            To
          </label>
          <input
            id="outbox-to"
            name="to"
            type="email"
            defaultValue={to ?? ""}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm"
          />
        </div>
        <button
          type="submit"
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 hover:bg-slate-50"
        >
          Filter
        </button>
      </form>
      {mails.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          {to ? `No mail to ${to} yet.` : "No mail yet. Invite someone to an event and the invitation shows up here."}
        </p>
      ) : (
        <ul aria-label="Mails" className="space-y-3">
          {mails.map((mail) => (
            <li key={mail.id} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
              <h2 className="font-semibold">{mail.subject}</h2>
              <p className="text-sm text-slate-600">
                To <span className="font-medium text-slate-900">{mail.to}</span> · {dateFormat.format(mail.createdAt)} UTC
              </p>
              <p className="whitespace-pre-line break-words text-sm">
                <Linkified text={mail.text} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
