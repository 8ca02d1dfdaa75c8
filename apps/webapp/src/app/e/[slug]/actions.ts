"use server";

import { clientIpFrom } from "@greenroom/domain/auth";
import { type Registration, registerFreeTicket } from "@greenroom/domain/tickets";
import { headers } from "next/headers";
import { cloudflareEnv } from "@/server/context";
import { runFormVerb } from "@/server/form";
import { publicBaseUrl } from "@/server/origin";
import type { FormState } from "@/server/transport";

/** After registering: what to tell the visitor, and (only for their own verified address) a way to the ticket. */
export type RegistrationState = (NonNullable<FormState> & { yours?: boolean }) | null;

function registered(r: Registration): RegistrationState {
  if (r.yours) {
    return {
      ok: true,
      yours: true,
      message:
        r.outcome === "registered"
          ? `You are registered for ${r.eventName}. Your ticket is under My events, and its rooms are open to you.`
          : `You already have a ticket for ${r.eventName}: it is under My events.`,
    };
  }
  // The same words whether the address was new or already registered: nobody learns who else registered.
  return {
    ok: true,
    message: `Thank you! Unless that address was already registered, we sent a mail to ${r.email} with your ticket: its QR code and short code get you in at the door, and its link confirms your address, which opens the event's rooms. No password needed. An address that is already registered keeps its ticket and gets no new mail.`,
  };
}

export async function registerAction(_prev: RegistrationState, form: FormData): Promise<RegistrationState> {
  return runFormVerb(form, registerFreeTicket, {
    input: async () => ({ baseUrl: await publicBaseUrl(await cloudflareEnv()), ip: clientIpFrom(await headers()) }),
    done: registered,
  });
}
