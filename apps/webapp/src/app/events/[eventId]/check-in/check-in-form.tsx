"use client";

import { useEffect, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import { FormMessage, useFormAction } from "@/components/form";
import { checkInAction } from "./actions";

const TONES = {
  admitted: "border-emerald-300 bg-emerald-50 text-emerald-950",
  already: "border-amber-300 bg-amber-50 text-amber-950",
  rejected: "border-red-300 bg-red-50 text-red-950",
} as const;

/** The browser's barcode reader, where it exists (Chromium on Android and macOS); not in TypeScript's DOM types. */
type BarcodeDetectorLike = { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> };
type BarcodeDetectorClass = new (options: { formats: string[] }) => BarcodeDetectorLike;
const detectorClass = () => (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;

/**
 * Scans a QR code with the camera and submits the form with it. Progressive enhancement: shown only where the
 * browser has `BarcodeDetector` and a camera API; the typed form works everywhere, without JavaScript too.
 */
function CameraScanner({ onCode }: { onCode: (code: string) => void }) {
  const [supported, setSupported] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    setSupported(Boolean(detectorClass() && navigator.mediaDevices?.getUserMedia));
  }, []);

  useEffect(() => {
    if (!scanning) return;
    const Detector = detectorClass();
    if (!Detector) return;
    const detector = new Detector({ formats: ["qr_code"] });
    let stream: MediaStream | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (stopped || !video.current) return;
      try {
        const [found] = await detector.detect(video.current);
        if (found?.rawValue) {
          setScanning(false);
          onCode(found.rawValue);
          return;
        }
      } catch {
        // A frame that is not ready yet; try the next one.
      }
      timer = setTimeout(tick, 250);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" } })
      .then(async (s) => {
        stream = s;
        if (stopped || !video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        tick();
      })
      .catch(() => {
        setProblem("The camera is not available. Type the code instead.");
        setScanning(false);
      });
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [scanning, onCode]);

  if (!supported) return null;
  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={() => {
          setProblem(null);
          setScanning((s) => !s);
        }}
        className="w-full rounded-md border border-slate-300 bg-white px-4 py-3 text-lg font-semibold hover:bg-slate-50"
      >
        {scanning ? "Stop camera" : "Scan QR code with the camera"}
      </button>
      {scanning ? (
        <video ref={video} playsInline muted className="w-full rounded-md bg-black" aria-label="Camera preview" />
      ) : null}
      {problem ? <p role="alert" className="text-sm text-red-700">{problem}</p> : null}
    </div>
  );
}

/** A full-width button a thumb finds at once. */
function CheckInButton() {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending || undefined}
      className="w-full rounded-md bg-brand-700 px-4 py-4 text-xl font-bold text-white hover:bg-brand-800 disabled:opacity-60"
    >
      {pending ? "Checking…" : "Check in"}
    </button>
  );
}

/** A name search's results: each checks its ticket in by the short code, through the same action and banner. */
export type CheckInCandidate = { id: string; holderName: string; ticketTypeName: string; shortCode: string | null; checkedIn: boolean };

export function CheckInForm({
  eventId,
  timeZone,
  matches,
}: {
  eventId: string;
  timeZone: string;
  matches?: CheckInCandidate[] | null;
}) {
  const { state, action, onSubmit } = useFormAction(checkInAction);
  const form = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const tone = state && "tone" in state ? state.tone : undefined;
  return (
    <div className="space-y-4">
      {tone ? (
        <div role="status" aria-live="assertive" className={`rounded-lg border-2 p-5 ${TONES[tone]}`}>
          <p className="text-2xl font-bold">{state?.message}</p>
          {state && "detail" in state ? <p className="mt-1 text-lg">{state.detail}</p> : null}
        </div>
      ) : (
        <FormMessage state={state} fields={["code"]} />
      )}
      <form ref={form} action={action} onSubmit={onSubmit} className="space-y-3" noValidate>
        <input type="hidden" name="eventId" value={eventId} />
        <input type="hidden" name="timeZone" value={timeZone} />
        <label htmlFor="ticket-code" className="block text-lg font-semibold">
          Ticket code
        </label>
        <input
          ref={input}
          id="ticket-code"
          name="code"
          required
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          // biome-ignore lint/a11y/noAutofocus: the door's one job is this field; staff type or scan one code after another
          autoFocus
          aria-invalid={state?.fieldErrors?.code ? true : undefined}
          className="block w-full rounded-md border-2 border-slate-400 bg-white px-4 py-4 font-mono text-xl"
        />
        {state?.fieldErrors?.code ? <p className="text-sm text-red-700">{state.fieldErrors.code[0]}</p> : null}
        <CheckInButton />
      </form>
      {matches ? (
        matches.length === 0 ? (
          <p className="text-slate-600">No valid ticket holder has that name. Check the spelling, or ask for the ticket code.</p>
        ) : (
          <ul aria-label="Tickets found by name" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {matches.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <span>
                  <span className="font-medium">{m.holderName}</span> · {m.ticketTypeName}
                  {m.checkedIn ? <span className="text-sm text-amber-800"> · already checked in</span> : null}
                </span>
                {m.shortCode ? (
                  <form action={action} onSubmit={onSubmit}>
                    <input type="hidden" name="eventId" value={eventId} />
                    <input type="hidden" name="timeZone" value={timeZone} />
                    <input type="hidden" name="code" value={m.shortCode} />
                    <button
                      type="submit"
                      className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-semibold hover:bg-slate-50"
                    >
                      Check in<span className="sr-only"> {m.holderName}</span>
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        )
      ) : null}
      <CameraScanner
        onCode={(code) => {
          if (!input.current || !form.current) return;
          input.current.value = code;
          form.current.requestSubmit();
        }}
      />
    </div>
  );
}
