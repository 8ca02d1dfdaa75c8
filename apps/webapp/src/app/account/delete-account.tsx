"use client";

import { ConfirmForm, FormMessage, useFormAction } from "@/components/form";
import { deleteOwnAccountAction } from "./actions";

export function DeleteOwnAccount() {
  const { state, action, onSubmit } = useFormAction(deleteOwnAccountAction);
  return (
    <div className="space-y-2">
      <ConfirmForm
        label="Delete my account"
        confirmLabel="Yes, delete my account"
        question="You are signed out everywhere, your stage appearances and clips are removed, then your account. Your personal account's events stay without an owner. An organization you alone own must get another owner first."
        action={action}
        onSubmit={onSubmit}
        hidden={{}}
      />
      <FormMessage state={state} />
    </div>
  );
}
