"use server";

import { acceptInvitation } from "@greenroom/domain/invitations";
import { redirect } from "next/navigation";
import { runFormVerb } from "@/server/form";
import type { FormState } from "@/server/transport";

export async function acceptInvitationAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, acceptInvitation, {
    // The token stays out of the echoed values.
    echo: false,
    done: (accepted) => redirect(`/events/${accepted.eventId}`),
  });
}
