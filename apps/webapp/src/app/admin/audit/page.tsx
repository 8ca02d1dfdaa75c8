import { adminListAudit } from "@greenroom/domain/admin";
import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/audit-table";
import { requestContext } from "@/server/context";
import { orNotFound } from "@/server/transport";
import { param } from "../search-form";

export const metadata: Metadata = { title: "Audit log · Admin" };

export default async function AdminAuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const after = param((await searchParams).after);
  const { ctx } = await requestContext();
  const page = await orNotFound(() => adminListAudit({ ctx, input: { after } }));
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Platform audit log</h1>
      <p className="text-slate-600">Every account's changes and the platform admins' own actions, newest first.</p>
      {page.entries.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          {after ? "No older entries." : "Nothing recorded yet."}
        </p>
      ) : (
        <AuditTable entries={page.entries} showAccount />
      )}
      <nav aria-label="Audit log pages" className="flex gap-4 text-sm font-medium">
        {after ? (
          <Link href="/admin/audit" className="text-brand-700 underline">
            Newest
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link href={`/admin/audit?after=${encodeURIComponent(page.nextCursor)}`} className="text-brand-700 underline">
            Older entries
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
