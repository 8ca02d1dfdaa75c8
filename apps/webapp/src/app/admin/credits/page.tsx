import { listCodeBatches } from "@greenroom/domain/credits";
import type { Metadata } from "next";
import { requestContext } from "@/server/context";
import { orNotFound } from "@/server/transport";
import { CreateCodeBatchForm } from "./credit-forms";

export const metadata: Metadata = { title: "Credit codes · Admin" };

const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export default async function AdminCreditsPage() {
  const { ctx } = await requestContext();
  const batches = await orNotFound(() => listCodeBatches({ ctx }));
  const defaultExpiry = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  return (
    <section className="space-y-8">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Credit codes</h1>
        <p className="text-slate-600">
          Redemption codes add recording minutes to an account. Only a hash of each code is stored; download a batch's
          codes as CSV to hand them out.
        </p>
      </div>
      <section aria-labelledby="new-batch-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="new-batch-heading" className="text-lg font-semibold">
          New batch
        </h2>
        <CreateCodeBatchForm defaultExpiry={defaultExpiry} />
      </section>
      <section aria-labelledby="batches-heading" className="space-y-3">
        <h2 id="batches-heading" className="text-lg font-semibold">
          Batches
        </h2>
        {batches.length === 0 ? (
          <p className="text-sm text-slate-600">No batches yet. Create one above.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th className="px-3 py-2 font-medium">Batch</th>
                  <th className="px-3 py-2 font-medium">Minutes</th>
                  <th className="px-3 py-2 font-medium">Codes</th>
                  <th className="px-3 py-2 font-medium">Use</th>
                  <th className="px-3 py-2 font-medium">Last day</th>
                  <th className="px-3 py-2 font-medium">Redeemed</th>
                  <th className="px-3 py-2 font-medium">Codes file</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {batches.map((b) => (
                  <tr key={b.id}>
                    <td className="px-3 py-2">
                      <span className="font-medium">{b.label}</span>
                      <span className="block text-xs text-slate-500">by {b.createdByEmail ?? "a deleted user"}</span>
                    </td>
                    <td className="px-3 py-2 tabular-nums">{b.valueMinutes}</td>
                    <td className="px-3 py-2 tabular-nums">{b.codeCount}</td>
                    <td className="px-3 py-2">{b.maxUses === 1 ? "single" : `${b.maxUses} accounts each`}</td>
                    <td className="px-3 py-2">{day.format(new Date(b.expiresAt.getTime() - 1000))}</td>
                    <td className="px-3 py-2 tabular-nums">
                      {b.granted}
                      {b.pending > 0 ? ` (+${b.pending} pending)` : ""}
                    </td>
                    <td className="px-3 py-2">
                      <a className="font-medium text-brand-700 underline" href={`/api/admin/credit-batches/${b.id}/codes.csv`} download>
                        Download CSV
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
