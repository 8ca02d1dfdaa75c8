import { accountPage } from "@greenroom/domain/pages";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { chosenAccountId, signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import { AddCoOwnerForm, NewOrganizationAccountForm, RemoveOwnerButton, SetPasswordForm } from "./account-forms";
import { RedeemCodeForm } from "./credit-forms";
import { signOutEverywhereAction } from "./actions";
import { DeleteOwnAccount } from "./delete-account";

export const metadata: Metadata = { title: "Account" };

const since = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export default async function AccountPage() {
  const { ctx } = await signedInContext();
  // Session check, then one batch: the actor's accounts and the chosen account's owners.
  const accountId = await chosenAccountId();
  const { accounts, account, owners, credits } = await orNotFound(() => accountPage({ ctx, input: { accountId } }));
  // Owning no account (an invited speaker) is no reason to sign in again: their shared events are on /events.
  if (!account) redirect("/events");
  const me = ctx.actor?.userId;
  const onlyOwner = owners.length <= 1;
  return (
    <section className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{account.name}</h1>
        <p className="text-sm text-slate-600">
          {account.kind === "personal" ? "Personal account" : "Organization account"}
          {accounts.length > 1 ? (
            <>
              {" · "}
              <Link href="/events" className="underline">
                switch accounts on the Events page
              </Link>
            </>
          ) : null}
        </p>
        <nav aria-label="Account settings" className="flex flex-wrap gap-3 pt-2 text-sm font-medium">
          <Link href="/account/roles" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
            Roles
          </Link>
          <Link href="/account/audit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
            Audit log
          </Link>
          <Link href="/account/webhooks" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
            Webhooks
          </Link>
          <Link href="/account/api-keys" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
            API keys
          </Link>
        </nav>
      </div>

      <section aria-labelledby="owners-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <div>
          <h2 id="owners-heading" className="text-lg font-semibold">
            Owners
          </h2>
          <p className="text-sm text-slate-600">Owners can do everything in this account: events, roles and access.</p>
        </div>
        <ul className="divide-y divide-slate-100">
          {owners.map((owner) => (
            <li key={owner.userId} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div className="min-w-0">
                <p className="font-medium">
                  {owner.name}
                  {owner.userId === me ? <span className="ml-2 text-xs font-normal text-slate-500">(you)</span> : null}
                </p>
                <p className="break-all text-sm text-slate-600">{owner.email}</p>
                <p className="text-xs text-slate-500">Owner since {since.format(owner.since)}</p>
              </div>
              {onlyOwner ? null : (
                <RemoveOwnerButton accountId={account.id} userId={owner.userId} email={owner.email} self={owner.userId === me} />
              )}
            </li>
          ))}
        </ul>
        {onlyOwner ? (
          <p className="text-sm text-slate-600">
            You are the only owner. An account always needs one, so add a co-owner before you can leave.
          </p>
        ) : null}
        <div className="border-t border-slate-100 pt-4">
          <h3 className="mb-2 font-semibold">Add a co-owner</h3>
          <AddCoOwnerForm accountId={account.id} />
        </div>
      </section>

      <section aria-labelledby="credit-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <div>
          <h2 id="credit-heading" className="text-lg font-semibold">
            Recording credit
          </h2>
          <p className="text-sm text-slate-600">Recording a stage uses one minute of credit per minute recorded.</p>
        </div>
        {credits.unavailable ? (
          <p role="status" className="text-sm text-amber-800">
            The balance cannot be read right now. Reload the page in a minute; nothing is lost.
          </p>
        ) : (
          <p className="text-3xl font-bold" data-testid="credit-balance">
            {credits.balance} <span className="text-base font-normal text-slate-600">minutes</span>
          </p>
        )}
        {credits.pending.length > 0 ? (
          <ul className="space-y-1 text-sm text-amber-800">
            {credits.pending.map((p) => (
              <li key={p.claimId}>
                {p.minutes} minutes from a code are pending (
                <a className="underline" href={`/operations/${p.operationId}`}>
                  status
                </a>
                ); they are added shortly.
              </li>
            ))}
          </ul>
        ) : null}
        {credits.unavailable ? null : credits.entries.length > 0 ? (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Recent credit entries</caption>
            <thead className="text-slate-600">
              <tr>
                <th className="py-1 font-medium">When</th>
                <th className="py-1 font-medium">What</th>
                <th className="py-1 text-right font-medium">Minutes</th>
                <th className="py-1 text-right font-medium">Balance</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {credits.entries.map((e) => (
                <tr key={e.id}>
                  <td className="py-1">{since.format(e.atMs)}</td>
                  <td className="py-1">{e.memo || e.kind.replace("_", " ")}</td>
                  <td className="py-1 text-right tabular-nums">{e.amount > 0 ? `+${e.amount}` : e.amount}</td>
                  <td className="py-1 text-right tabular-nums">{e.balance}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm text-slate-600">No credit yet. Redeem a code below to add minutes.</p>
        )}
        <div className="border-t border-slate-100 pt-4">
          <h3 className="mb-2 font-semibold">Redeem a code</h3>
          <RedeemCodeForm accountId={account.id} />
        </div>
      </section>

      <section aria-labelledby="password-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="password-heading" className="text-lg font-semibold">
          Password
        </h2>
        <p className="text-sm text-slate-600">A password is optional: without one you sign in with a link mailed to your address.</p>
        <SetPasswordForm />
      </section>
      <section aria-labelledby="sessions-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Sessions
        </h2>
        <p className="text-sm text-slate-600">
          Signed in on a shared or lost device? This ends every session of yours at once, on this browser and all
          others. You sign in again afterwards.
        </p>
        <form action={signOutEverywhereAction}>
          <button
            type="submit"
            className="rounded-md border border-red-300 bg-white px-4 py-2 text-sm font-semibold text-red-700 shadow-sm hover:bg-red-50"
          >
            Sign out everywhere
          </button>
        </form>
      </section>

      <section aria-labelledby="delete-account-heading" className="space-y-3 rounded-lg border border-red-200 bg-white p-4">
        <h2 id="delete-account-heading" className="text-lg font-semibold text-red-800">
          Delete your account
        </h2>
        <DeleteOwnAccount />
      </section>

      <section aria-labelledby="new-account-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="new-account-heading" className="text-lg font-semibold">
          New organization account
        </h2>
        <p className="text-sm text-slate-600">
          Run events for a team or company in an account of its own, with several owners.
        </p>
        <NewOrganizationAccountForm />
      </section>
    </section>
  );
}
