"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/components/form";
import { acceptInvitationAction } from "./actions";

export function AcceptInvitationForm({ token }: { token: string }) {
  const [state, action] = useActionState(acceptInvitationAction, null);
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Accepting…">Accept invitation</SubmitButton>
    </form>
  );
}
