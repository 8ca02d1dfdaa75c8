"use server";

import { startRecording, stopRecording } from "@greenroom/domain/operations";
import { redirect } from "next/navigation";
import { runFormVerb } from "@/server/form";
import type { FormState } from "@/server/transport";

// Start and stop recording: each starts an operation and sends the host back to the stage page to follow it.
const backToStage = (form: FormData) => (result: { operation: { id: string } }) => {
  const eventId = encodeURIComponent(String(form.get("eventId") ?? ""));
  const roomId = encodeURIComponent(String(form.get("roomId") ?? ""));
  redirect(`/events/${eventId}/rooms/${roomId}/stage?operation=${encodeURIComponent(result.operation.id)}`);
};

export async function startRecordingAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, startRecording, { done: backToStage(form) });
}

export async function stopRecordingAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, stopRecording, { done: backToStage(form) });
}
