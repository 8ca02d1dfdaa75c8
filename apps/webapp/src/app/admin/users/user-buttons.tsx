"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/form";
import { userStatusAction } from "../actions";

export function UserStatusButton({ userId, email, disabled }: { userId: string; email: string; disabled: boolean }) {
  const [state, action] = useActionState(userStatusAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="change" value={disabled ? "enable" : "disable"} />
      {state?.message ? (
        <span role={state.ok ? "status" : "alert"} className={`text-xs ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
          {state.fieldErrors?.userId?.join(" ") || state.message}
        </span>
      ) : null}
      {disabled ? (
        <SubmitButton pendingLabel="Enabling…" variant="secondary">
          Enable<span className="sr-only"> user {email}</span>
        </SubmitButton>
      ) : (
        <SubmitButton pendingLabel="Disabling…" variant="danger">
          Disable<span className="sr-only"> user {email}</span>
        </SubmitButton>
      )}
    </form>
  );
}
