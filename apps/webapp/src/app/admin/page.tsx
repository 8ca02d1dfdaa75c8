import { adminStats } from "@greenroom/domain/admin";
import type { Metadata } from "next";
import Link from "next/link";
import { requestContext } from "@/server/context";
import { orNotFound } from "@/server/transport";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const { ctx } = await requestContext();
  const stats = await orNotFound(() => adminStats({ ctx }));
  const cards = [
    { href: "/admin/users", title: "Users", value: stats.users, note: `${stats.disabledUsers} disabled` },
    { href: "/admin/accounts", title: "Accounts", value: stats.accounts, note: "with their owners" },
    { href: "/admin/events", title: "Events", value: stats.events, note: `${stats.activeEvents} published` },
  ];
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-bold">Platform overview</h1>
      <ul className="grid gap-4 sm:grid-cols-3">
        {cards.map((card) => (
          <li key={card.href}>
            <Link href={card.href} className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600">
              <span className="block text-sm font-medium text-slate-600">{card.title}</span>
              <span className="block text-3xl font-bold tabular-nums">{card.value}</span>
              <span className="block text-xs text-slate-500">{card.note}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="text-sm text-slate-600">
        Every change an admin makes is recorded in the{" "}
        <Link href="/admin/audit" className="font-medium text-brand-700 underline">
          platform audit log
        </Link>
        .
      </p>
    </section>
  );
}
