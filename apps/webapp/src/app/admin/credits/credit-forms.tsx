"use client";

import { Field, FormMessage, SelectField, SubmitButton, useFormAction } from "@/components/form";
import { createCodeBatchAction } from "./actions";

export function CreateCodeBatchForm({ defaultExpiry }: { defaultExpiry: string }) {
  const { state, action, onSubmit } = useFormAction(createCodeBatchAction);
  return (
    <form action={action} onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate>
      <div className="sm:col-span-2">
        <FormMessage state={state} fields={["label", "valueMinutes", "count", "expiresOn", "uses", "maxUses"]} />
        {state?.ok && state.message ? (
          <p role="status" className="text-sm text-emerald-800">
            {state.message}
          </p>
        ) : null}
      </div>
      <Field label="Name" name="label" required hint="Who the codes are for, e.g. Launch partners" state={state} />
      <Field label="Minutes per code" name="valueMinutes" type="number" min={1} inputMode="numeric" required state={state} />
      <Field label="Number of codes" name="count" type="number" min={1} max={1000} inputMode="numeric" required state={state} />
      <Field label="Last day the codes work (UTC)" name="expiresOn" type="date" required defaultValue={defaultExpiry} state={state} />
      <SelectField
        label="Use"
        name="uses"
        state={state}
        defaultValue="single"
        options={[
          { value: "single", label: "Single use: one account per code" },
          { value: "multi", label: "Multi use: several accounts per code" },
        ]}
      />
      <Field label="Accounts per code (multi use)" name="maxUses" type="number" min={2} inputMode="numeric" hint="Each account redeems a code once." state={state} />
      <div className="sm:col-span-2">
        <SubmitButton pendingLabel="Creating…">Create codes</SubmitButton>
      </div>
    </form>
  );
}
