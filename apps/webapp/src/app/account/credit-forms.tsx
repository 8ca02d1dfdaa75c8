"use client";

import { Field, FormMessage, SubmitButton, useFormAction } from "@/components/form";
import { redeemCodeAction } from "./actions";

export function RedeemCodeForm({ accountId }: { accountId: string }) {
  const { state, action, onSubmit } = useFormAction(redeemCodeAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-3" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} fields={["code"]} />
      {state?.ok && state.message ? (
        <p role="status" className="text-sm text-emerald-800">
          {state.message}
        </p>
      ) : null}
      <Field
        id="redeem-code"
        label="Redemption code"
        name="code"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        required
        hint="13 letters and digits, like K7M2-QX9P-4HTR-W. Dashes, spaces and case do not matter."
        state={state}
      />
      <SubmitButton pendingLabel="Redeeming…" variant="secondary">
        Redeem code
      </SubmitButton>
    </form>
  );
}
