"use client";

import { ConfirmForm, SubmitButton, useFormAction } from "@/components/form";
import { userStatusAction } from "../actions";

export function UserStatusButton({ userId, email, disabled }: { userId: string; email: string; disabled: boolean }) {
  const { state, action, onSubmit } = useFormAction(userStatusAction);
  const message = state?.message ? (
    <span role={state.ok ? "status" : "alert"} className={`text-xs ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
      {state.fieldErrors?.userId?.[0] || state.message}
    </span>
  ) : null;
  if (!disabled) {
    // Disabling ends the user's sessions at once: it asks first (a disclosure, so it works without JavaScript).
    return (
      <div className="flex flex-col items-end gap-2">
        <ConfirmForm
          compact
          label="Disable"
          srLabel={`user ${email}`}
          confirmLabel={`Yes, disable ${email}`}
          question="They are signed out everywhere and cannot sign in until enabled again."
          action={action}
          onSubmit={onSubmit}
          hidden={{ userId, change: "disable" }}
        />
        {message}
      </div>
    );
  }
  return (
    <form action={action} onSubmit={onSubmit} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="change" value="enable" />
      {message}
      <SubmitButton pendingLabel="Enabling…" variant="secondary">
        Enable<span className="sr-only"> user {email}</span>
      </SubmitButton>
    </form>
  );
}
