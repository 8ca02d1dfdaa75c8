"use server";

import { acceptInvitation } from "@greenroom/domain/invitations";
import { redirect } from "next/navigation";
import { requestContext } from "@/server/context";
import { type FormState, formObject, formStateFor } from "@/server/transport";

export async function acceptInvitationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  let eventId: string;
  try {
    const { ctx, commit } = await requestContext();
    const accepted = await acceptInvitation({ ctx, input: { token: fields.token } });
    await commit();
    eventId = accepted.eventId;
  } catch (error) {
    // The token stays out of the echoed values.
    return formStateFor(error);
  }
  redirect(`/events/${eventId}`);
}
