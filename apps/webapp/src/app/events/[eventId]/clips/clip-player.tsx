import type { ClipView } from "@greenroom/stage/contract";

/** "12:05" or "1:02:05" for an offset into the recording. */
export function formatOffset(ms: number): string {
  const total = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => n.toString().padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** A clip's time on stage and, once it is ready, its player (HLS from Mux opens in a new tab where it cannot play). */
export function ClipPlayer({ clip, title }: { clip: ClipView; title: string }) {
  const span = `${formatOffset(clip.startOffsetMs)}–${formatOffset(clip.endOffsetMs)}`;
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-700">
        On stage {span}
        {clip.status === "pending" ? <span className="ml-2 text-slate-500">· being prepared</span> : null}
        {clip.status === "failed" ? <span className="ml-2 text-red-700">· could not be made</span> : null}
      </p>
      {clip.status === "ready" && clip.playbackUrl ? (
        <>
          {/* biome-ignore lint/a11y/useMediaCaption: recordings of a live stage carry no caption track */}
          <video controls preload="metadata" src={clip.playbackUrl} aria-label={title} className="w-full max-w-md rounded-md bg-black" />
          <a href={clip.playbackUrl} target="_blank" rel="noreferrer" className="text-sm text-brand-700 underline">
            Open the clip
          </a>
        </>
      ) : null}
    </div>
  );
}
