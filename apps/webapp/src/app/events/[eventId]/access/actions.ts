"use server";

import { revokeGrant } from "@greenroom/domain/grants";
import { type InvitationSent, inviteToEvent, resendInvitation, revokeInvitation } from "@greenroom/domain/invitations";
import { revalidatePath } from "next/cache";
import { cloudflareEnv } from "@/server/context";
import { runFormVerb } from "@/server/form";
import { publicBaseUrl } from "@/server/origin";
import type { FormState } from "@/server/transport";

/** A form state that may carry an invitation link, shown once right after it was made. */
export type InvitationLinkState =
  | (NonNullable<FormState> & { acceptUrl?: string; mailSent?: boolean; email?: string })
  | null;

function sentState(sent: InvitationSent, verb: "sent" | "sent again"): InvitationLinkState {
  const email = sent.invitation.email;
  revalidatePath(accessPath(sent.invitation.eventId));
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

const accessPath = (eventId: string) => `/events/${eventId}/access`;

/** The accept link points at the site's configured public origin, never at a request's Host header. */
const withBaseUrl = async () => ({ baseUrl: await publicBaseUrl(await cloudflareEnv()) });

export async function inviteAction(_prev: InvitationLinkState, form: FormData): Promise<InvitationLinkState> {
  return runFormVerb(form, inviteToEvent, { input: withBaseUrl, done: (sent) => sentState(sent, "sent") });
}

export async function resendInvitationAction(_prev: InvitationLinkState, form: FormData): Promise<InvitationLinkState> {
  return runFormVerb(form, resendInvitation, { input: withBaseUrl, done: (sent) => sentState(sent, "sent again") });
}

export async function revokeInvitationAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, revokeInvitation, {
    done: (invitation) => {
      revalidatePath(accessPath(invitation.eventId));
      return { ok: true, message: `Invitation for ${invitation.email} revoked.` };
    },
  });
}

export async function revokeGrantAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, revokeGrant, {
    done: (grant) => {
      revalidatePath(accessPath(grant.eventId));
      return { ok: true, message: "Access removed." };
    },
  });
}
