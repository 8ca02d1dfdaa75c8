import { isDomainError } from "@greenroom/domain/errors";
import type { InvitationListEntry } from "@greenroom/domain/invitations";
import { accessPage } from "@greenroom/domain/pages";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requestContext } from "@/server/context";
import { orNotFound } from "@/server/transport";
import { InvitationActions, InviteForm, RevokeGrantButton } from "./access-forms";

export const metadata: Metadata = { title: "People & access" };

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

function InvitationStatus({ invitation }: { invitation: InvitationListEntry }) {
  const [label, style] = invitation.expired
    ? ["Expired", "bg-slate-200 text-slate-800"]
    : {
        pending: ["Pending", "bg-amber-100 text-amber-900"],
        accepted: ["Accepted", "bg-emerald-100 text-emerald-900"],
        revoked: ["Revoked", "bg-red-100 text-red-900"],
      }[invitation.status];
  return <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${style}`}>{label}</span>;
}

export default async function AccessPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { ctx } = await requestContext();
  // Session check, then one batch: authorization, the event, rooms, roles, invitations and grants.
  const data = await orNotFound(() =>
    accessPage({ ctx, input: { eventId } }).catch((error: unknown) => {
      // Those who may see the event but not manage its access get the same 404 as everyone else.
      if (isDomainError(error) && error.code === "forbidden") notFound();
      throw error;
    }),
  );
  const { event, rooms, roles, invitations, grants } = data;
  const roomOptions = [{ value: "", label: "Whole event" }, ...rooms.map((r) => ({ value: r.id, label: r.name }))];
  const roleOptions = roles.map((r) => ({ value: r.id, label: r.custom ? `${r.name} (custom)` : r.name }));

  return (
    <section className="space-y-8">
      <div className="space-y-1">
        <Link href={`/events/${event.id}`} className="text-sm text-slate-600 underline">
          ← {event.name}
        </Link>
        <h1 className="text-2xl font-bold">People &amp; access</h1>
        <p className="text-slate-600">Invite speakers, hosts and guests, and decide which rooms they can enter.</p>
      </div>

      {roleOptions.length > 0 ? (
        <InviteForm eventId={event.id} roles={roleOptions} rooms={roomOptions} />
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          There are no roles you can hand out on this event.
        </p>
      )}

      <section aria-labelledby="invitations-heading" className="space-y-3">
        <h2 id="invitations-heading" className="text-lg font-semibold">
          Invitations
        </h2>
        {invitations.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            No invitations yet. Use the form above to invite your first speaker or host.
          </p>
        ) : (
          <ul aria-label="Invitations" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {invitations.map((invitation) => (
              <li key={invitation.id} className="flex flex-wrap items-start justify-between gap-3 p-4">
                <div className="min-w-0 space-y-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="break-all font-medium">{invitation.email}</span>
                    <InvitationStatus invitation={invitation} />
                  </div>
                  <p className="text-sm text-slate-600">
                    {invitation.roleName} · {invitation.roomName ?? "Whole event"} · sent{" "}
                    {invitation.sendCount === 1 ? "once" : `${invitation.sendCount} times`}, last on{" "}
                    {dateFormat.format(invitation.lastSentAt)}
                  </p>
                </div>
                {invitation.status === "pending" ? (
                  <InvitationActions invitationId={invitation.id} email={invitation.email} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="grants-heading" className="space-y-3">
        <h2 id="grants-heading" className="text-lg font-semibold">
          People with access
        </h2>
        <p className="text-sm text-slate-600">
          Account owners always have full access. Ticket holders are listed under Participants.
        </p>
        {grants.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            Nobody has been given access yet. Accepted invitations show up here.
          </p>
        ) : (
          <ul aria-label="People with access" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {grants.map((grant) => (
              <li key={grant.id} className="flex flex-wrap items-start justify-between gap-3 p-4">
                <div className="min-w-0">
                  <p className="font-medium">{grant.name}</p>
                  <p className="break-all text-sm text-slate-600">{grant.email}</p>
                  <p className="text-sm text-slate-600">
                    {grant.roleName} · {grant.roomName ?? "Whole event"} ·{" "}
                    {grant.source === "invitation" ? "by invitation" : "added by hand"}
                  </p>
                </div>
                <RevokeGrantButton grantId={grant.id} label={`${grant.name} as ${grant.roleName}`} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
