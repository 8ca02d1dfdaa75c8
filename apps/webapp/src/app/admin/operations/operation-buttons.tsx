"use client";

import { ConfirmForm, useFormAction } from "@/components/form";
import { deleteUserAction, operationAction } from "../actions";

function Message({ state }: { state: { ok?: boolean; message?: string; fieldErrors?: Record<string, string[]> } | null }) {
  if (!state?.message) return null;
  return (
    <span role={state.ok ? "status" : "alert"} className={`text-xs ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
      {state.fieldErrors?.operationId?.[0] || state.fieldErrors?.userId?.[0] || state.message}
    </span>
  );
}

/** Retry (run it forward again) and Compensate (undo it), each behind a confirmation that needs no JavaScript. */
export function OperationButtons({ operationId, compensable }: { operationId: string; compensable: boolean }) {
  const retry = useFormAction(operationAction);
  const compensate = useFormAction(operationAction);
  return (
    <div className="flex flex-col items-end gap-2">
      <ConfirmForm
        compact
        label="Retry"
        srLabel={`operation ${operationId}`}
        confirmLabel="Yes, run it again"
        question="A new run continues the flow from the start; every step is idempotent, so what is done stays done."
        action={retry.action}
        onSubmit={retry.onSubmit}
        hidden={{ operationId, action: "retry" }}
      />
      <Message state={retry.state} />
      {compensable ? (
        <>
          <ConfirmForm
            compact
            label="Compensate"
            srLabel={`operation ${operationId}`}
            confirmLabel="Yes, undo it"
            question="A new run undoes what the flow did, in reverse order."
            action={compensate.action}
            onSubmit={compensate.onSubmit}
            hidden={{ operationId, action: "compensate" }}
          />
          <Message state={compensate.state} />
        </>
      ) : null}
    </div>
  );
}

/** Deletes a user (admin users page), behind a confirmation. */
export function DeleteUserButton({ userId, email }: { userId: string; email: string }) {
  const { state, action, onSubmit } = useFormAction(deleteUserAction);
  return (
    <div className="flex flex-col items-end gap-2">
      <ConfirmForm
        compact
        label="Delete"
        srLabel={`user ${email}`}
        confirmLabel={`Yes, delete ${email}`}
        question="Their sessions end now; their stage events and clips are removed from every shard, then the user. This cannot be undone once it has started removing rows."
        action={action}
        onSubmit={onSubmit}
        hidden={{ userId }}
      />
      <Message state={state} />
    </div>
  );
}
