import type { ClipView } from "@greenroom/stage/contract";

/** How far a set of clips is: "n of m ready", with the ones still being made and the ones that failed. */
export type ClipProgress = { total: number; ready: number; pending: number; failed: number };

export function clipProgress(clips: readonly Pick<ClipView, "status">[]): ClipProgress {
  const progress = { total: clips.length, ready: 0, pending: 0, failed: 0 };
  for (const clip of clips) progress[clip.status] += 1;
  return progress;
}
