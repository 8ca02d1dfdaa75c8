import { adminListAccounts } from "@greenroom/domain/admin";
import type { Metadata } from "next";
import { requestContext } from "@/server/context";
import { orNotFound } from "@/server/transport";
import { day, param, SearchForm } from "../search-form";

export const metadata: Metadata = { title: "Accounts · Admin" };

export default async function AdminAccountsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const q = param((await searchParams).q);
  const { ctx } = await requestContext();
  const accounts = await orNotFound(() => adminListAccounts({ ctx, input: { q } }));
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Accounts</h1>
      <SearchForm action="/admin/accounts" label="Search by account name or owner email" q={q} />
      {accounts.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          {q ? `No accounts match “${q}”. Try an owner's email.` : "No accounts yet."}
        </p>
      ) : (
        <>
          <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <caption className="sr-only">Accounts, newest first</caption>
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">Account</th>
                  <th scope="col" className="px-3 py-2">Owners</th>
                  <th scope="col" className="px-3 py-2">Events</th>
                  <th scope="col" className="px-3 py-2">Created</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 align-top">
                {accounts.map((account) => (
                  <tr key={account.id}>
                    <td className="px-3 py-2">
                      <span className="block font-medium">{account.name}</span>
                      <span className="block text-xs capitalize text-slate-500">{account.kind}</span>
                    </td>
                    <td className="px-3 py-2">
                      <ul>
                        {account.ownerEmails.map((email) => (
                          <li key={email} className="break-all">
                            {email}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="px-3 py-2 tabular-nums">{account.eventCount}</td>
                    <td className="whitespace-nowrap px-3 py-2">{day.format(account.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {accounts.length >= 100 ? <p className="text-sm text-slate-600">Showing the newest 100. Search to narrow down.</p> : null}
        </>
      )}
    </section>
  );
}
