"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/form";
import { resendVerificationAction } from "./actions";

/** Shown in the layout to a signed-in user whose address is not verified yet. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const [state, action] = useActionState(resendVerificationAction, null);
  return (
    <section aria-label="Confirm your email" className="border-b border-amber-300 bg-amber-50 text-amber-950">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-3 px-4 py-2 text-sm">
        <p>
          Confirm <span className="font-medium break-all">{email}</span>: follow the link we mailed you. Until then,
          invitations and access sent to this address wait.
        </p>
        <form action={action} className="flex items-center gap-3">
          <button type="submit" className="font-semibold underline">
            Send the link again
          </button>
        </form>
        {state?.ok ? (
          <p role="status" className="w-full text-emerald-900">
            {state.message}
          </p>
        ) : (
          <div className="w-full empty:hidden">
            <FormMessage state={state} />
          </div>
        )}
      </div>
    </section>
  );
}
