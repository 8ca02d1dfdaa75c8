import { OPERATION_STATES, type OperationKind } from "@greenroom/db/webapp/values";
import { adminOperations } from "@greenroom/domain/operations";
import type { Metadata } from "next";
import Link from "next/link";
import { operationText } from "@/components/operation-text";
import { requestContext } from "@/server/context";
import { orNotFound } from "@/server/transport";
import { param } from "../search-form";
import { OperationButtons } from "./operation-buttons";

export const metadata: Metadata = { title: "Operations · Admin" };

const KIND_TEXT: Record<OperationKind, string> = { start_recording: "Start recording", stop_recording: "Stop recording", delete_event: "Delete event", delete_user: "Delete user", grant_credit: "Grant credit" };
// Steps after which these flows only roll forward (the reconciler's rule); the button is hidden past them.
const FORWARD_ONLY_FROM: Record<string, string[]> = {
  stop_recording: ["queued", "load operation", "mark stopping"],
  delete_event: ["queued", "load operation", "mark event deleting"],
  delete_user: ["queued", "load operation", "mark user deleting"],
};
const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export default async function AdminOperationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const state = param(params.state);
  const stuck = param(params.stuck) === "1";
  const { ctx } = await requestContext();
  const operations = await orNotFound(() => adminOperations({ ctx, input: { state, stuck } }));
  const now = ctx.now();
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Operations</h1>
      <p className="text-slate-600">
        Cross-database flows (Workflows). The reconciler resumes or compensates those stuck past their deadline every two
        minutes; Retry and Compensate do it now.
      </p>
      <search>
        <form action="/admin/operations" method="get" className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <label htmlFor="operations-state" className="block text-sm font-medium text-slate-800">
              State
            </label>
            <select id="operations-state" name="state" defaultValue={state ?? ""} className="rounded-md border border-slate-300 bg-white px-3 py-2">
              <option value="">Any state</option>
              {OPERATION_STATES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <label className="flex items-center gap-2 py-2 text-sm">
            <input type="checkbox" name="stuck" value="1" defaultChecked={stuck} /> Only stuck (past their deadline)
          </label>
          <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800">
            Filter
          </button>
          {state || stuck ? (
            <Link href="/admin/operations" className="py-2 text-sm text-brand-700 underline">
              Clear
            </Link>
          ) : null}
        </form>
      </search>
      {operations.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          {state || stuck ? "No operations match. Clear the filter to see all of them." : "No operations yet. They appear when someone records, or deletes an event or a user."}
        </p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full min-w-[48rem] text-left text-sm">
            <caption className="sr-only">Operations, newest first</caption>
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">Operation</th>
                <th scope="col" className="px-3 py-2">State</th>
                <th scope="col" className="px-3 py-2">Progress</th>
                <th scope="col" className="px-3 py-2">Started</th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {operations.map((op) => {
                const stuckNow = !op.done && op.deadlineAt < now;
                const actionable = stuckNow || op.state === "failed";
                const compensable = op.kind === "start_recording" || op.state === "compensating" || (FORWARD_ONLY_FROM[op.kind]?.includes(op.step) && op.result?.forwardOnly !== true);
                return (
                  <tr key={op.id}>
                    <td className="px-3 py-2">
                      <span className="block font-medium">{KIND_TEXT[op.kind]}</span>
                      <span className="block break-all text-xs text-slate-600">
                        {op.subjectType} {op.subjectId} · {op.id}
                        {op.attempts > 1 ? ` · attempt ${op.attempts}` : ""}
                      </span>
                    </td>
                    <td className="px-3 py-2">
                      <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold">{op.state}</span>
                      {stuckNow ? <span className="ml-1 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">Stuck</span> : null}
                    </td>
                    <td className="px-3 py-2">
                      <span className="block">{op.step}</span>
                      <span className="block text-xs text-slate-600">{operationText(op)}</span>
                    </td>
                    <td className="whitespace-nowrap px-3 py-2">{time.format(op.createdAt)}</td>
                    <td className="px-3 py-2 text-right">
                      {actionable ? <OperationButtons operationId={op.id} compensable={Boolean(compensable)} /> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
