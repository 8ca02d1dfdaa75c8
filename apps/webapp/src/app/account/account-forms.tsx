"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import type { FormState } from "@/server/transport";
import { addCoOwnerAction, createOrganizationAccountAction, removeOwnerAction } from "./actions";

function Success({ state }: { state: FormState }) {
  if (!state?.ok || !state.message) return null;
  return (
    <p role="status" className="text-sm text-emerald-800">
      {state.message}
    </p>
  );
}

export function AddCoOwnerForm({ accountId }: { accountId: string }) {
  const [state, action] = useActionState(addCoOwnerAction, null);
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} />
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
  const [state, action] = useActionState(removeOwnerAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="userId" value={userId} />
      {state?.message && !state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.fieldErrors?.userId?.join(" ") || state.message}
        </span>
      ) : null}
      <SubmitButton pendingLabel={self ? "Leaving…" : "Removing…"} variant="danger">
        {self ? (
          <>
            Leave account<span className="sr-only"> (remove yourself as owner)</span>
          </>
        ) : (
          <>
            Remove<span className="sr-only"> {email} as owner</span>
          </>
        )}
      </SubmitButton>
    </form>
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
