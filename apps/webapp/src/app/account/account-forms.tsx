"use client";

import { useActionState } from "react";
import { ConfirmForm, Field, FormMessage, SubmitButton, useFormAction } from "@/components/form";
import type { FormState } from "@/server/transport";
import { addCoOwnerAction, createOrganizationAccountAction, removeOwnerAction, setPasswordAction } from "./actions";

function Success({ state }: { state: FormState }) {
  if (!state?.ok || !state.message) return null;
  return (
    <p role="status" className="text-sm text-emerald-800">
      {state.message}
    </p>
  );
}

export function AddCoOwnerForm({ accountId }: { accountId: string }) {
  // The message lasts until another form on the page is submitted: "X is now a co-owner" goes once X is removed.
  const { state, action, onSubmit } = useFormAction(addCoOwnerAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} fields={["email"]} />
      <Success state={state} />
      <Field
        id="co-owner-email"
        label="Email of a Greenroom user"
        name="email"
        type="email"
        autoComplete="off"
        required
        hint="They must already have signed up. Co-owners can do everything you can, including removing you."
        state={state}
      />
      <SubmitButton pendingLabel="Adding…" variant="secondary">
        Add co-owner
      </SubmitButton>
    </form>
  );
}

export function RemoveOwnerButton({
  accountId,
  userId,
  email,
  self,
}: {
  accountId: string;
  userId: string;
  email: string;
  self: boolean;
}) {
  const { state, action, onSubmit } = useFormAction(removeOwnerAction);
  return (
    <div className="flex flex-col items-end gap-2">
      <ConfirmForm
        compact
        label={self ? "Leave account" : "Remove"}
        srLabel={self ? "(remove yourself as owner)" : `${email} as owner`}
        confirmLabel={self ? "Yes, leave this account" : `Yes, remove ${email}`}
        question={
          self
            ? "You lose access to this account and its events unless another owner adds you again."
            : `${email} loses access to this account and its events.`
        }
        action={action}
        onSubmit={onSubmit}
        hidden={{ accountId, userId }}
      />
      {state?.message && !state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.fieldErrors?.userId?.[0] || state.message}
        </span>
      ) : null}
    </div>
  );
}

export function NewOrganizationAccountForm() {
  const [state, action] = useActionState(createOrganizationAccountAction, null);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormMessage state={state} />
      <Field
        id="new-account-name"
        label="Organization name"
        name="name"
        required
        hint="You become its first owner and switch to it; add co-owners afterwards."
        state={state}
      />
      <SubmitButton pendingLabel="Creating…" variant="secondary">
        Create organization account
      </SubmitButton>
    </form>
  );
}

/** Set or change the password: an account made by registering for a ticket has none until this form. */
export function SetPasswordForm() {
  const { state, action, onSubmit } = useFormAction(setPasswordAction);
  return (
    <form action={action} onSubmit={onSubmit} className="max-w-sm space-y-3">
      <FormMessage state={state} showSuccess />
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        state={state}
        hint="Leave it empty if you have never set one (for example after registering for a ticket)."
      />
      <Field label="New password" name="password" type="password" autoComplete="new-password" state={state} hint="At least 10 characters." />
      <SubmitButton pendingLabel="Saving…">Set password</SubmitButton>
    </form>
  );
}
