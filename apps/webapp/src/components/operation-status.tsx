"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { type OperationProgress, operationText } from "./operation-text";

const POLL_MS = 1500;

/**
 * An operation's progress. The server renders it (and, for browsers without JavaScript, a meta refresh while it runs);
 * with JavaScript it polls `GET /api/operations/<id>` until the operation ends, then refreshes the page or goes to
 * `doneHref`.
 */
export function OperationStatus({ operationId, initial, doneHref }: { operationId: string; initial: OperationProgress; doneHref?: string }) {
  const router = useRouter();
  const [op, setOp] = useState(initial);
  useEffect(() => {
    if (initial.done) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const response = await fetch(`/api/operations/${encodeURIComponent(operationId)}`, { cache: "no-store" });
        if (response.ok) {
          const next = (await response.json()) as OperationProgress;
          if (stopped) return;
          setOp(next);
          if (next.done) {
            if (doneHref && next.state === "completed") router.push(doneHref);
            else router.refresh();
            return;
          }
        }
      } catch {
        // A dropped poll is retried on the next tick.
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [operationId, initial.done, doneHref, router]);

  const failed = op.state === "failed" || op.state === "compensated";
  return (
    <div className="space-y-2" data-operation-state={op.state}>
      <p role="status" aria-live="polite" className={failed ? "text-red-800" : "text-slate-700"}>
        {operationText(op)}
      </p>
      {op.done ? null : <progress aria-label="Progress" className="h-2 w-full" />}
    </div>
  );
}
