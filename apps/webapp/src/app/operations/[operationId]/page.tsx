import { getOperation } from "@greenroom/domain/operations";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { OperationStatus } from "@/components/operation-status";
import { signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";

export const metadata: Metadata = { title: "Progress" };

const TITLES = { start_recording: "Starting the recording", stop_recording: "Stopping the recording", delete_event: "Deleting the event", delete_user: "Deleting the account", grant_credit: "Adding the credit" };

/**
 * Follows one operation to its end: the server renders its progress and, without JavaScript, refreshes every two
 * seconds while it runs; with JavaScript it polls the API. A completed event deletion goes on to the events list.
 */
export default async function OperationPage({ params }: { params: Promise<{ operationId: string }> }) {
  const { operationId } = await params;
  const { ctx } = await signedInContext();
  const operation = await orNotFound(() => getOperation({ ctx, input: { operationId } }));
  if (operation.kind === "delete_event" && operation.state === "completed") redirect("/events");
  const subject = operation.kind === "delete_event" ? `/events/${operation.subjectId}` : null;
  return (
    <section className="mx-auto max-w-xl space-y-4">
      {operation.done ? null : (
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
      )}
      <h1 className="text-2xl font-bold">{operation.done ? TITLES[operation.kind] : `${TITLES[operation.kind]}…`}</h1>
      <div className="rounded-lg border border-slate-200 bg-white p-4">
        <OperationStatus
          key={`${operation.id}:${operation.state}`}
          operationId={operation.id}
          initial={{ state: operation.state, step: operation.step, lastError: operation.lastError, done: operation.done }}
          doneHref={operation.kind === "delete_event" ? "/events" : undefined}
        />
      </div>
      <p className="text-sm text-slate-600">
        {operation.done ? null : "You can leave this page; it carries on without you. "}
        {subject && operation.state === "compensated" ? (
          <Link href={subject} className="font-medium text-brand-700 underline">
            Back to the event
          </Link>
        ) : (
          <Link href="/events" className="font-medium text-brand-700 underline">
            Your events
          </Link>
        )}
      </p>
    </section>
  );
}
