"use client";

import { useActionState, useId, useState } from "react";
import { useFormStatus } from "react-dom";
import { ConfirmForm, Field, FormMessage, SelectField, SubmitButton, useFormAction } from "@/components/form";
import {
  type InvitationLinkState,
  inviteAction,
  resendInvitationAction,
  revokeGrantAction,
  revokeInvitationAction,
} from "./actions";

type Option = { value: string; label: string };

/** The accept link, shown once after inviting or resending: the token is not stored and cannot be shown again. */
function InvitationLink({ state }: { state: InvitationLinkState }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  if (!state?.ok || !state.acceptUrl) return null;
  const url = state.acceptUrl;
  return (
    <div
      role="status"
      className={`space-y-2 rounded-md border p-3 text-sm ${
        state.mailSent ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-amber-300 bg-amber-50 text-amber-950"
      }`}
    >
      <p className="font-medium">{state.message}</p>
      <label htmlFor={id} className="block font-medium">
        Invitation link
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id={id}
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs text-slate-900"
        />
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard.writeText(url);
            setCopied(true);
          }}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          {copied ? "Copied" : "Copy link"}
        </button>
      </div>
      <p className="text-xs">This link is shown only now. It works once and expires in 7 days; “Resend” makes a new one.</p>
    </div>
  );
}

export function InviteForm({ eventId, roles, rooms }: { eventId: string; roles: Option[]; rooms: Option[] }) {
  const [state, action] = useActionState(inviteAction, null);
  const speaker = roles.find((r) => r.label === "Speaker")?.value ?? roles[0]?.value;
  return (
    <form action={action} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h2 className="text-lg font-semibold">Invite someone</h2>
      <p className="text-sm text-slate-600">
        They get an email with a link. If they have no account yet, they get this access as soon as they sign up with
        that address.
      </p>
      <FormMessage state={state} />
      <InvitationLink state={state} />
      <input type="hidden" name="eventId" value={eventId} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Email" name="email" type="email" autoComplete="off" required state={state} />
        <SelectField label="Role" name="roleId" state={state} options={roles} defaultValue={speaker} />
        <SelectField label="Room" name="roomId" state={state} options={rooms} defaultValue="" />
      </div>
      <SubmitButton pendingLabel="Sending invitation…">Send invitation</SubmitButton>
    </form>
  );
}

const smallButton = "rounded border px-2 py-1 text-xs font-medium";

function SmallSubmit({ children, tone }: { children: React.ReactNode; tone: "neutral" | "danger" }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending || undefined}
      className={`${smallButton} ${
        tone === "danger" ? "border-red-300 bg-white text-red-700 hover:bg-red-50" : "border-slate-300 bg-white hover:bg-slate-50"
      } disabled:opacity-60`}
    >
      {children}
    </button>
  );
}

export function InvitationActions({ invitationId, email }: { invitationId: string; email: string }) {
  const [resendState, resend] = useActionState(resendInvitationAction, null);
  const { state: revokeState, action: revoke, onSubmit: revokeSubmit } = useFormAction(revokeInvitationAction);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <form action={resend}>
          <input type="hidden" name="invitationId" value={invitationId} />
          <SmallSubmit tone="neutral">
            Resend<span className="sr-only"> the invitation to {email}</span>
          </SmallSubmit>
        </form>
        <ConfirmForm
          compact
          label="Revoke"
          srLabel={`the invitation to ${email}`}
          confirmLabel={`Yes, revoke the invitation to ${email}`}
          question="The link in their mail stops working. You can invite them again later."
          action={revoke}
          onSubmit={revokeSubmit}
          hidden={{ invitationId }}
        />
      </div>
      <FormMessage state={resendState} />
      <FormMessage state={revokeState} />
      <InvitationLink state={resendState} />
    </div>
  );
}

export function RevokeGrantButton({ grantId, label }: { grantId: string; label: string }) {
  const { state, action, onSubmit } = useFormAction(revokeGrantAction);
  return (
    <div className="space-y-1">
      <ConfirmForm
        compact
        label="Remove access"
        srLabel={`of ${label}`}
        confirmLabel={`Yes, remove the access of ${label}`}
        question="They lose this role on the event at once."
        action={action}
        onSubmit={onSubmit}
        hidden={{ grantId }}
      />
      <FormMessage state={state} />
    </div>
  );
}
