import { encodeHexLowerCase } from "@oslojs/encoding";

/** The bundled sample every local stream and clip plays: a static asset of the webapp (apps/webapp/public/media). */
export const LOCAL_SAMPLE_URL = "/media/stage-sample.webm";
/** The sample's length; local clips play the window of the looping sample that their offsets fall on. */
export const LOCAL_SAMPLE_SECONDS = 10;

/** A deterministic id from an idempotency key: the same key always names the same stream, egress or clip. */
export async function localId(prefix: "ls" | "eg" | "clip", key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${prefix}:${key}`)));
  return `local_${prefix}_${encodeHexLowerCase(digest.slice(0, 12))}`;
}

/**
 * A local clip's playback URL: the sample with a media fragment (`#t=start,end`, seconds). The offsets wrap around
 * the sample's length so that any clip of a long recording plays a non-empty part of it.
 */
export function localClipUrl(startOffsetMs: number, endOffsetMs: number): string {
  const length = Math.max(0, endOffsetMs - startOffsetMs) / 1000;
  const start = (startOffsetMs / 1000) % LOCAL_SAMPLE_SECONDS;
  const end = Math.min(LOCAL_SAMPLE_SECONDS, start + length);
  const seconds = (value: number) => Number(value.toFixed(3)).toString();
  return `${LOCAL_SAMPLE_URL}#t=${seconds(start)},${seconds(end)}`;
}
