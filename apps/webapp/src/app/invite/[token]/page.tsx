import { getInvitationByToken, type InvitationPreview } from "@greenroom/domain/invitations";
import type { Metadata } from "next";
import Link from "next/link";
import { signOutAction } from "../../(auth)/actions";
import { requestContext } from "@/server/context";
import { orNotFound } from "@/server/transport";
import { AcceptInvitationForm } from "./accept-form";

// The address holds the token: keep it out of search engines and out of Referer headers.
export const metadata: Metadata = { title: "Invitation", robots: { index: false, follow: false }, referrer: "same-origin" };

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function Unusable({ invitation }: { invitation: InvitationPreview }) {
  const message =
    invitation.status === "revoked"
      ? "This invitation was withdrawn by the organizer."
      : invitation.status === "accepted"
        ? "This invitation has already been used."
        : "This invitation has expired.";
  return (
    <div role="alert" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950">
      <p className="font-semibold">{message}</p>
      <p className="text-sm">Ask the organizer of {invitation.eventName} to send you a new invitation.</p>
    </div>
  );
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { ctx } = await requestContext();
  const invitation = await orNotFound(() => getInvitationByToken({ ctx, input: { token } }));
  const here = encodeURIComponent(`/invite/${token}`);
  const open = invitation.status === "pending" && !invitation.expired;

  return (
    <article className="mx-auto max-w-lg space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">
          You're invited to {invitation.eventName} as {invitation.roleName}
          {invitation.roomName ? ` (room: ${invitation.roomName})` : ""}
        </h1>
        <p className="text-slate-600">
          Invitation for <span className="font-medium text-slate-900">{invitation.email}</span>
          {open ? `, valid until ${dateFormat.format(invitation.expiresAt)} UTC` : ""}.
        </p>
      </header>

      {invitation.acceptedByYou ? (
        <div role="status" className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-4 text-emerald-900">
          <p className="font-semibold">You've accepted this invitation.</p>
          <Link href={`/events/${invitation.eventId}`} className="font-semibold underline">
            Go to {invitation.eventName}
          </Link>
        </div>
      ) : !open ? (
        <Unusable invitation={invitation} />
      ) : invitation.viewer && !invitation.viewer.matches ? (
        <div role="alert" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950">
          <p className="font-semibold">This invitation is for {invitation.email}.</p>
          <p className="text-sm">
            You are signed in as <span className="font-medium">{invitation.viewer.email}</span>. To accept, sign out,
            then open this link again and sign in or create an account as {invitation.email}.
          </p>
          <form action={signOutAction}>
            <button type="submit" className="text-sm font-semibold underline">
              Sign out
            </button>
          </form>
        </div>
      ) : invitation.viewer && !invitation.viewer.verified ? (
        <div role="alert" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950">
          <p className="font-semibold">Confirm your email first.</p>
          <p className="text-sm">
            Follow the link we mailed to {invitation.email} (or send it again from the banner above), then come back to
            this invitation. It is kept for you meanwhile.
          </p>
        </div>
      ) : invitation.viewer ? (
        <AcceptInvitationForm token={token} />
      ) : (
        <div className="space-y-3">
          <p className="text-slate-700">
            Create an account with {invitation.email} to get this access right away, or sign in if you already have
            one.
          </p>
          <div className="flex flex-wrap gap-3">
            <Link
              href={`/signup?invitation=${encodeURIComponent(token)}&next=${here}`}
              className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800"
            >
              Create an account
            </Link>
            <Link
              href={`/signin?next=${here}`}
              className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 hover:bg-slate-50"
            >
              Sign in
            </Link>
          </div>
        </div>
      )}
    </article>
  );
}
