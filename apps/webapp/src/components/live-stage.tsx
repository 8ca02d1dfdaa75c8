"use client";

import type { LiveClosed, LiveOnStage, LiveStage } from "@greenroom/stage/live";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

// The same names as src/server/live-upgrade.ts (not imported: that module is server code).
const LIVE_PROTOCOL = "greenroom.live";
const TOKEN_PROTOCOL_PREFIX = "token.";
const PING_EVERY_MS = 25_000;
const MAX_BACKOFF_MS = 15_000;
// The same codes as LIVE_CLOSE in @greenroom/stage/live: the token ran out; the viewer's access ended.
const CLOSE_EXPIRED = 4001;
const CLOSE_ACCESS_ENDED = 4003;
/** Ask for a fresh token (a re-render of the page, which authorizes again) this long before the current one expires. */
const RENEW_BEFORE_MS = 30_000;
/** A signed playback URL is swapped for a newer one only when it has less than this left, so the player keeps going. */
const PLAYBACK_SWAP_MS = 2 * 60_000;

type Status = "static" | "connecting" | "live" | "reconnecting" | "ended";
type Shown = Pick<LiveStage, "onStage" | "recording"> & { version: number };

const STATUS_TEXT: Record<RecordingStatusKey, string> = {
  pending: "Recording is about to start",
  starting: "Recording is starting",
  recording: "Recording",
  stopping: "Recording is stopping",
  stopped: "Recording ended",
  failed: "Recording failed",
};
type RecordingStatusKey = NonNullable<LiveStage["recording"]>["status"];

/** When a signed playback URL's token (`?token=<JWT>`, Mux) expires, in ms; null for a URL without one. */
function playbackExpiryMs(url: string): number | null {
  try {
    const token = new URL(url, "https://greenroom.invalid").searchParams.get("token");
    const payload = token?.split(".")[1];
    if (!payload) return null;
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * The recording to show: the new one, except that a re-signed URL of the same stream replaces the playing one only
 * when that one is about to expire, so a reconnect does not restart the player.
 */
function nextRecording(shown: LiveStage["recording"], next: LiveStage["recording"], nowMs: number): LiveStage["recording"] {
  const [was, now] = [shown?.playbackUrl, next?.playbackUrl];
  if (!next || !was || !now || was === now || was.split("?")[0] !== now.split("?")[0]) return next;
  const expiresAtMs = playbackExpiryMs(was);
  return expiresAtMs !== null && expiresAtMs - nowMs > PLAYBACK_SWAP_MS ? { ...next, playbackUrl: was } : next;
}

/**
 * The room's live stage: who is on stage and the player, kept current over the room's WebSocket. The server renders
 * the state first, so without JavaScript the page shows it with a reload link. In `refresh` mode (the stage page)
 * it shows the indicator and player, and a newer state re-renders the server parts of the page instead.
 */
export function LiveStageView({
  roomId,
  token,
  tokenExpiresAtMs,
  initial,
  pagePath,
  mode = "render",
}: {
  roomId: string;
  /** This page's own path: the reload link shown until the socket is up (and always, without JavaScript). */
  pagePath: string;
  token: string;
  tokenExpiresAtMs: number;
  initial: Pick<LiveStage, "onStage" | "recording">;
  mode?: "render" | "refresh";
}) {
  const router = useRouter();
  const [shown, setShown] = useState<Shown>({ ...initial, version: -1 });
  const [status, setStatus] = useState<Status>("static");
  const seen = useRef(-1);

  useEffect(() => {
    let socket: WebSocket | null = null;
    let attempt = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let ping: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    let refreshing: ReturnType<typeof setTimeout> | undefined;
    // The room closes the socket when its token expires: fetch a fresh token a little before, and the effect then
    // reconnects with it (a viewer whose access ended gets no token: the page answers "not found" instead).
    const renew = setTimeout(() => !stopped && router.refresh(), Math.max(0, tokenExpiresAtMs - Date.now() - RENEW_BEFORE_MS));

    // Re-renders the page's server parts once no form on it is submitting: a refresh in the middle of a server
    // action (the host's own "Stop recording", which itself changes the stage) would drop the action's answer and
    // leave its button pending.
    const refreshWhenIdle = () => {
      if (refreshing) return;
      const tick = () => {
        if (stopped) return;
        if (document.querySelector('form [aria-busy="true"]')) {
          refreshing = setTimeout(tick, 300);
          return;
        }
        refreshing = undefined;
        router.refresh();
      };
      tick();
    };

    const connect = () => {
      if (stopped) return;
      if (Date.now() > tokenExpiresAtMs - 5_000) {
        // The token ran out: a re-render of the page brings a fresh one (and this effect runs again with it).
        setStatus("reconnecting");
        router.refresh();
        return;
      }
      setStatus(attempt === 0 ? "connecting" : "reconnecting");
      const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
      socket = new WebSocket(`${scheme}//${window.location.host}/live/rooms/${roomId}`, [LIVE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]);
      let opened = false;
      socket.onopen = () => {
        opened = true;
        attempt = 0;
        setStatus("live");
        ping = setInterval(() => socket?.readyState === WebSocket.OPEN && socket.send("ping"), PING_EVERY_MS);
      };
      socket.onmessage = (message) => {
        if (message.data === "pong") return;
        const state = JSON.parse(String(message.data)) as LiveStage | LiveClosed;
        if (state.type === "closed") {
          // Access ended: stop and say so (a reload shows the room again if access is left another way).
          stopped = true;
          setStatus("ended");
          return;
        }
        if (state.type !== "stage" || state.version <= seen.current) return;
        const first = seen.current === -1;
        seen.current = state.version;
        setShown((was) => ({ onStage: state.onStage, recording: nextRecording(was.recording, state.recording, Date.now()), version: state.version }));
        if (mode === "refresh" && !first) refreshWhenIdle();
      };
      socket.onclose = (event) => {
        clearInterval(ping);
        if (stopped) return;
        if (event.code === CLOSE_ACCESS_ENDED) {
          stopped = true;
          setStatus("ended");
          return;
        }
        setStatus("reconnecting");
        if (event.code === CLOSE_EXPIRED || (!opened && attempt >= 1)) {
          // The token ran out, or the room refused it twice (an access that ended, a new session): a re-render
          // brings a fresh one if the viewer may still watch, and this effect runs again with it.
          router.refresh();
        }
        const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
        attempt += 1;
        retry = setTimeout(connect, backoff);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(refreshing);
      clearTimeout(renew);
      clearInterval(ping);
      // Closing a socket that is still connecting makes the browser log an error: close it once it opens instead.
      if (socket?.readyState === WebSocket.CONNECTING) socket.onopen = () => socket?.close(1000, "leaving");
      else socket?.close(1000, "leaving");
    };
  }, [roomId, token, tokenExpiresAtMs, mode, router]);

  return (
    <section aria-labelledby="live-stage" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="live-stage" className="text-lg font-semibold">
          Live stage
        </h2>
        <LiveIndicator status={status} pagePath={pagePath} />
      </div>
      {status === "ended" ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-900">
          Your access to this room has ended.{" "}
          <a href={pagePath} className="underline">
            Reload the page
          </a>{" "}
          if you still have access another way.
        </p>
      ) : (
        <>
          <Player recording={shown.recording} />
          {mode === "render" ? <OnStageList onStage={shown.onStage} /> : null}
        </>
      )}
    </section>
  );
}

function LiveIndicator({ status, pagePath }: { status: Status; pagePath: string }) {
  if (status === "static") {
    // What a page without JavaScript keeps showing: the state as rendered, and a way to update it.
    return (
      <a href={pagePath} className="text-sm text-slate-700 underline">
        Reload to update
      </a>
    );
  }
  const [text, dot] =
    status === "live"
      ? ["Live", "bg-emerald-500"]
      : status === "connecting"
        ? ["Connecting…", "bg-slate-400"]
        : status === "ended"
          ? ["Closed", "bg-red-600"]
          : ["Reconnecting…", "bg-amber-500"];
  return (
    <span aria-live="polite" className="inline-flex items-center gap-2 text-sm text-slate-700" data-live-status={status}>
      <span aria-hidden="true" className={`inline-block h-2.5 w-2.5 rounded-full ${dot}`} />
      {text}
    </span>
  );
}

function Player({ recording }: { recording: LiveStage["recording"] }) {
  if (!recording?.playbackUrl || recording.status === "failed") {
    return (
      <div className="rounded-md border border-dashed border-slate-300 bg-slate-50 p-6 text-center text-slate-600">
        <p className="font-medium text-slate-800">Nothing is live right now.</p>
        <p className="text-sm">
          {recording?.status === "failed"
            ? "The last recording failed. The host can start a new one."
            : "The player appears here as soon as the host starts recording; this page updates by itself."}
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <p className="text-sm font-medium text-slate-800">
        {recording.status === "recording" ? (
          <span className="mr-2 inline-block rounded bg-red-600 px-1.5 py-0.5 text-xs font-bold uppercase text-white">Rec</span>
        ) : null}
        {STATUS_TEXT[recording.status]}
      </p>
      {/* biome-ignore lint/a11y/useMediaCaption: a live stage has no caption track to offer */}
      <video key={recording.playbackUrl} src={recording.playbackUrl} controls playsInline className="aspect-video w-full rounded-md bg-black">
        Your browser cannot play this video. <a href={recording.playbackUrl}>Open the stream</a>.
      </video>
    </div>
  );
}

export function OnStageList({ onStage }: { onStage: LiveOnStage[] | Pick<LiveOnStage, "participantId" | "participantName" | "guest">[] }) {
  if (onStage.length === 0) return <p className="text-slate-600">Nobody is on stage yet.</p>;
  return (
    <ul aria-label="On stage" className="divide-y divide-slate-100">
      {onStage.map((p) => (
        <li key={p.participantId} className="flex items-center gap-2 py-2">
          <span className="font-medium">{p.participantName}</span>
          {p.guest ? <GuestBadge /> : null}
        </li>
      ))}
    </ul>
  );
}

export function GuestBadge() {
  return <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">guest</span>;
}
