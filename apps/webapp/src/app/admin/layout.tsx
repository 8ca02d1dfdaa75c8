import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { currentSession } from "@/auth";

const SECTIONS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/accounts", label: "Accounts" },
  { href: "/admin/events", label: "Events" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/shards", label: "Shards" },
  { href: "/admin/logs", label: "Session logs" },
  { href: "/admin/operations", label: "Operations" },
  { href: "/admin/credits", label: "Credit codes" },
];

export default async function AdminLayout({ children }: { children: ReactNode }) {
  // The session check of this request re-read the user (platform role, disabled, session version) from D1, so the
  // navigation needs no read of its own; every admin verb still checks the role itself before reading anything.
  if ((await currentSession())?.user?.platformRole !== "admin") notFound();
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <p className="text-xs font-semibold uppercase tracking-wide text-brand-700">Platform admin</p>
        <nav aria-label="Admin sections" className="flex flex-wrap gap-2 text-sm font-medium">
          {SECTIONS.map((s) => (
            <Link key={s.href} href={s.href} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
              {s.label}
            </Link>
          ))}
        </nav>
      </div>
      {children}
    </div>
  );
}
