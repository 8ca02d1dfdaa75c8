"use server";

import { revokeGrant } from "@greenroom/domain/grants";
import { type InvitationSent, inviteToEvent, resendInvitation, revokeInvitation } from "@greenroom/domain/invitations";
import { revalidatePath } from "next/cache";
import { requestContext } from "@/server/context";
import { publicBaseUrl } from "@/server/origin";
import { cloudflareEnv } from "@/server/context";
import { type FormState, formObject, formStateFor } from "@/server/transport";

/** A form state that may carry an invitation link, shown once right after it was made. */
export type InvitationLinkState =
  | (NonNullable<FormState> & { acceptUrl?: string; mailSent?: boolean; email?: string })
  | null;

function sentState(sent: InvitationSent, verb: "sent" | "sent again"): InvitationLinkState {
  const email = sent.invitation.email;
  return {
    ok: true,
    message: sent.mailSent
      ? `Invitation ${verb} to ${email}.`
      : `The invitation was saved, but the mail to ${email} could not be sent. Copy the link and send it yourself.`,
    acceptUrl: sent.acceptUrl,
    mailSent: sent.mailSent,
    email,
  };
}

const accessPath = (eventId: string | undefined) => `/events/${eventId ?? ""}/access`;

export async function inviteAction(_prev: InvitationLinkState, form: FormData): Promise<InvitationLinkState> {
  const fields = formObject(form);
  try {
    const { ctx, commit } = await requestContext();
    const sent = await inviteToEvent({ ctx, input: { ...fields, baseUrl: await publicBaseUrl(await cloudflareEnv()) } });
    await commit();
    revalidatePath(accessPath(sent.invitation.eventId));
    return sentState(sent, "sent");
  } catch (error) {
    return formStateFor(error, fields);
  }
}

export async function resendInvitationAction(_prev: InvitationLinkState, form: FormData): Promise<InvitationLinkState> {
  const fields = formObject(form);
  try {
    const { ctx, commit } = await requestContext();
    const sent = await resendInvitation({
      ctx,
      input: { invitationId: fields.invitationId, baseUrl: await publicBaseUrl(await cloudflareEnv()) },
    });
    await commit();
    revalidatePath(accessPath(sent.invitation.eventId));
    return sentState(sent, "sent again");
  } catch (error) {
    return formStateFor(error, fields);
  }
}

export async function revokeInvitationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  try {
    const { ctx, commit } = await requestContext();
    const invitation = await revokeInvitation({ ctx, input: { invitationId: fields.invitationId } });
    await commit();
    revalidatePath(accessPath(invitation.eventId));
    return { ok: true, message: `Invitation for ${invitation.email} revoked.` };
  } catch (error) {
    return formStateFor(error, fields);
  }
}

export async function revokeGrantAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  try {
    const { ctx, commit } = await requestContext();
    const grant = await revokeGrant({ ctx, input: { grantId: fields.grantId } });
    await commit();
    revalidatePath(accessPath(grant.eventId));
    return { ok: true, message: "Access removed." };
  } catch (error) {
    return formStateFor(error, fields);
  }
}
