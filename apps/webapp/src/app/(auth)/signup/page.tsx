import { getInvitationByToken } from "@greenroom/domain/invitations";
import type { Metadata } from "next";
import { requestContext } from "@/server/context";
import { safeNextPath } from "@/server/redirect";
import { SignUpForm } from "../auth-forms";

// The address may carry an invitation token: keep it out of Referer headers sent to other sites.
export const metadata: Metadata = { title: "Create account", referrer: "same-origin" };

type Search = { next?: string | string[]; invitation?: string | string[]; email?: string | string[] };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  // Only a path on this site survives; anything else falls back to the events list after signing in.
  const next = safeNextPath(search.next, "") || undefined;
  const invitation = await invitationFor(typeof search.invitation === "string" ? search.invitation : undefined);
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Create your account</h1>
      <p className="text-sm text-slate-600">
        {invitation
          ? `You were invited to ${invitation.eventName}. Create your account with the invited address to accept.`
          : "You get a personal organizer account where your events live."}
      </p>
      <SignUpForm
        next={next}
        invitation={invitation ? { token: invitation.token, email: invitation.email } : undefined}
        email={typeof search.email === "string" && search.email.length <= 254 ? search.email : undefined}
      />
    </section>
  );
}

/** The open invitation behind the token, or nothing (an unknown or used token just leaves the form empty). */
async function invitationFor(token: string | undefined) {
  if (!token) return null;
  const { ctx } = await requestContext();
  try {
    const preview = await getInvitationByToken({ ctx, input: { token } });
    if (preview.status !== "pending" || preview.expired) return null;
    return { token, email: preview.email, eventName: preview.eventName };
  } catch {
    return null;
  }
}
