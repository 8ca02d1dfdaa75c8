import { accountAuditPage } from "@greenroom/domain/pages";
import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/audit-table";
import { redirect } from "next/navigation";
import { chosenAccountId, signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";

export const metadata: Metadata = { title: "Audit log" };

export default async function AccountAuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const { before } = await searchParams;
  const { ctx } = await signedInContext();
  // Session check, then one batch: the chosen account and a page of its log.
  const accountId = await chosenAccountId();
  const { account, page } = await orNotFound(() =>
    accountAuditPage({ ctx, input: { accountId, before: typeof before === "string" ? before : undefined } }),
  );
  if (!account) redirect("/signin");
  return (
    <section className="space-y-6">
      <div className="space-y-1">
        <Link href="/account" className="text-sm text-slate-600 underline">
          ← {account.name}
        </Link>
        <h1 className="text-2xl font-bold">Audit log</h1>
        <p className="text-slate-600">Changes to owners, roles, access and invitations in this account, newest first.</p>
      </div>
      {page.entries.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {before ? (
            <>
              <p>No older entries.</p>
              <Link href="/account/audit" className="mt-2 inline-block font-medium text-brand-700 underline">
                Back to the newest
              </Link>
            </>
          ) : (
            <p>
              Nothing recorded yet. Adding a co-owner, changing a <Link href="/account/roles" className="underline">role</Link> or
              granting access to an event will show up here.
            </p>
          )}
        </div>
      ) : (
        <AuditTable entries={page.entries} />
      )}
      <nav aria-label="Audit log pages" className="flex gap-4 text-sm font-medium">
        {before ? (
          <Link href="/account/audit" className="text-brand-700 underline">
            Newest
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link href={`/account/audit?before=${encodeURIComponent(page.nextCursor)}`} className="text-brand-700 underline">
            Older entries
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
