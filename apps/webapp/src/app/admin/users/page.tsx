import { adminListUsers } from "@greenroom/domain/admin";
import type { Metadata } from "next";
import Link from "next/link";
import { requestContext } from "@/server/context";
import { orNotFound } from "@/server/transport";
import { day, param, SearchForm } from "../search-form";
import { DeleteUserButton } from "../operations/operation-buttons";
import { UserStatusButton } from "./user-buttons";

export const metadata: Metadata = { title: "Users · Admin" };

export default async function AdminUsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const q = param(params.q);
  const after = param(params.after);
  const { ctx } = await requestContext();
  const me = ctx.actor?.userId;
  const { users, nextAfter } = await orNotFound(() => adminListUsers({ ctx, input: { q, after } }));
  const link = (next: string) => `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), after: next })}`;
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Users</h1>
      <SearchForm action="/admin/users" label="Search by email or name" q={q} />
      {users.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          {q ? `No users match “${q}”. Try part of an email address or a name.` : "No more users."}
        </p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Users, by email</caption>
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">User</th>
                <th scope="col" className="px-3 py-2">Status</th>
                <th scope="col" className="px-3 py-2">Accounts owned</th>
                <th scope="col" className="px-3 py-2">Joined</th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {users.map((user) => (
                <tr key={user.id}>
                  <td className="px-3 py-2">
                    <span className="block break-all font-medium">{user.email}</span>
                    <span className="block text-slate-600">{user.name}</span>
                  </td>
                  <td className="px-3 py-2">
                    {user.disabledAt ? (
                      <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800">Disabled</span>
                    ) : (
                      <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-900">Active</span>
                    )}
                    {user.platformRole === "admin" ? (
                      <span className="ml-1 rounded-full bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-800">Admin</span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 tabular-nums">{user.accountCount}</td>
                  <td className="whitespace-nowrap px-3 py-2">{day.format(user.createdAt)}</td>
                  <td className="px-3 py-2 text-right">
                    {user.id === me ? (
                      <span className="text-xs text-slate-500">You</span>
                    ) : (
                      <div className="flex flex-col items-end gap-2">
                        <UserStatusButton userId={user.id} email={user.email} disabled={user.disabledAt !== null} />
                        <DeleteUserButton userId={user.id} email={user.email} />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="User pages" className="flex gap-4 text-sm font-medium">
        {after ? (
          <Link href={q ? `/admin/users?${new URLSearchParams({ q })}` : "/admin/users"} className="text-brand-700 underline">
            First page
          </Link>
        ) : null}
        {nextAfter ? (
          <Link href={link(nextAfter)} className="text-brand-700 underline">
            Next users
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
