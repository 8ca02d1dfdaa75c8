"use server";

import { isTimeZone } from "@greenroom/domain/events";
import { type CheckInResult, checkInTicket } from "@greenroom/domain/tickets";
import { revalidatePath } from "next/cache";
import { runFormVerb } from "@/server/form";
import type { FormState } from "@/server/transport";

/** The door's big banner: green admitted, amber already in, red rejected. */
export type CheckInState = (NonNullable<FormState> & { tone?: "admitted" | "already" | "rejected"; detail?: string }) | null;

function banner(result: CheckInResult, timeZone: string): CheckInState {
  const at = (date: Date) =>
    new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "medium" }).format(date);
  switch (result.status) {
    case "checked_in":
      return { ok: true, tone: "admitted", message: `Checked in: ${result.holderName}`, detail: `${result.ticketTypeName} ticket` };
    case "already_checked_in":
      return {
        ok: true,
        tone: "already",
        message: `Already checked in: ${result.holderName}`,
        detail: `${result.ticketTypeName} ticket, checked in at ${at(result.at)} by ${result.byName}.`,
      };
    case "revoked":
      return {
        ok: true,
        tone: "rejected",
        message: "Rejected: this ticket was refunded or cancelled",
        detail: `${result.ticketTypeName} ticket of ${result.holderName}. It no longer admits anyone.`,
      };
    case "not_this_event":
      return { ok: true, tone: "rejected", message: "Rejected: not a ticket for this event", detail: "Check the event on the ticket." };
    case "invalid_code":
      return {
        ok: true,
        tone: "rejected",
        message: "Rejected: this code is not a valid ticket",
        detail: "It may be mistyped or forged. Type it again, or scan the QR code.",
      };
  }
}

export async function checkInAction(_prev: CheckInState, form: FormData): Promise<CheckInState> {
  const zone = String(form.get("timeZone") ?? "");
  return runFormVerb(form, checkInTicket, {
    // The code is not echoed back: the field is cleared for the next guest.
    echo: false,
    done: (result) => {
      revalidatePath(`/events/${String(form.get("eventId") ?? "")}/check-in`);
      return banner(result, isTimeZone(zone) ? zone : "UTC");
    },
  });
}
