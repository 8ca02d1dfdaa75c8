import type { ClipProgress as Progress } from "@greenroom/domain/clips";
import { RefreshWhilePending } from "./refresh-while-pending";

/**
 * How far clip generation is: "n of m ready", a progress bar, and what is still being made or failed. Rendered on
 * the server from counts (the recording panel can reuse it with a session's counts); with JavaScript the page
 * refreshes itself every few seconds while clips are pending, without it a reload shows the new counts.
 */
export function ClipProgress({ progress, label = "Clips" }: { progress: Progress; label?: string }) {
  const { total, ready, pending, failed } = progress;
  if (total === 0) return null;
  const done = pending === 0;
  return (
    <div className="space-y-1" data-testid="clip-progress">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{label}</span>
        <span role="status" className={done ? "text-emerald-800" : "text-slate-700"}>
          {ready} of {total} ready
          {pending > 0 ? `, ${pending} being prepared` : ""}
          {failed > 0 ? `, ${failed} failed` : ""}
        </span>
      </div>
      <progress max={total} value={ready} aria-label={`${label}: ${ready} of ${total} ready`} className="h-2 w-full accent-brand-700">
        {ready} of {total}
      </progress>
      <RefreshWhilePending active={!done} />
    </div>
  );
}
