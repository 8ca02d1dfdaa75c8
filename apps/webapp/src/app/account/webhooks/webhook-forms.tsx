"use client";

import { ConfirmForm, Field, FormMessage, SubmitButton, useFormAction } from "@/components/form";
import {
  createSubscriptionAction,
  deleteSubscriptionAction,
  redeliverAction,
  rotateSecretAction,
  type SecretState,
  sendTestAction,
  setEnabledAction,
} from "./actions";

function ShownOnce({ state }: { state: SecretState }) {
  if (!state?.ok || !state.secret) return null;
  return (
    <div role="status" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
      <p className="font-medium text-amber-950">{state.message}</p>
      <label htmlFor="shown-secret" className="block text-xs text-amber-900">
        Signing secret
      </label>
      <input id="shown-secret" readOnly value={state.secret} className="w-full rounded border border-amber-300 bg-white px-2 py-1 font-mono text-xs" />
    </div>
  );
}

export function CreateSubscriptionForm({ accountId, types, events }: { accountId: string; types: string[]; events: { id: string; name: string }[] }) {
  const { state, action, onSubmit } = useFormAction<SecretState>(createSubscriptionAction);
  const errors = state?.fieldErrors?.eventTypes;
  const checked = new Set(state?.values?.eventTypes?.split(",") ?? []);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">New subscription</h2>
      <input type="hidden" name="accountId" value={accountId} />
      <Field label="URL" name="url" state={state} type="url" placeholder="https://hooks.example.com/greenroom" hint="HTTPS on a public address." />
      <fieldset className="space-y-2" aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? "eventTypes-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        <div className="grid gap-2 sm:grid-cols-2" key={[...checked].join(",")}>
          {types.map((type) => (
            <div key={type} className="flex items-center gap-2">
              <input id={`type-${type}`} type="checkbox" name="eventTypes" value={type} defaultChecked={checked.has(type)} className="h-4 w-4" />
              <label htmlFor={`type-${type}`} className="font-mono text-sm">
                {type}
              </label>
            </div>
          ))}
        </div>
        {errors?.length ? (
          <p id="eventTypes-error" className="text-sm text-red-700">
            {errors[0]}
          </p>
        ) : null}
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="field-eventId" className="block text-sm font-medium text-slate-800">
          Only for this event
        </label>
        <select id="field-eventId" name="eventId" defaultValue={state?.values?.eventId ?? ""} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2">
          <option value="">Every event of the account</option>
          {events.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
        {state?.fieldErrors?.eventId?.length ? <p className="text-sm text-red-700">{state.fieldErrors.eventId[0]}</p> : null}
      </div>
      <FormMessage state={state?.secret ? null : state} fields={["url", "eventTypes", "eventId"]} />
      <ShownOnce state={state} />
      <SubmitButton pendingLabel="Subscribing…">Subscribe</SubmitButton>
    </form>
  );
}

export function SubscriptionButtons({ accountId, subscriptionId, enabled }: { accountId: string; subscriptionId: string; enabled: boolean }) {
  const rotate = useFormAction<SecretState>(rotateSecretAction);
  const toggle = useFormAction(setEnabledAction);
  const test = useFormAction(sendTestAction);
  const remove = useFormAction(deleteSubscriptionAction);
  const hidden = { accountId, subscriptionId };
  const ids = (
    <>
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="subscriptionId" value={subscriptionId} />
    </>
  );
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-start gap-2">
        <form action={test.action} onSubmit={test.onSubmit}>
          {ids}
          <SubmitButton pendingLabel="Sending…" variant="secondary">
            Send test event
          </SubmitButton>
        </form>
        <form action={toggle.action} onSubmit={toggle.onSubmit}>
          {ids}
          <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
          <SubmitButton pendingLabel="Saving…" variant="secondary">
            {enabled ? "Disable" : "Enable"}
          </SubmitButton>
        </form>
        <form action={rotate.action} onSubmit={rotate.onSubmit}>
          {ids}
          <SubmitButton pendingLabel="Rotating…" variant="secondary">
            Rotate secret
          </SubmitButton>
        </form>
        <ConfirmForm
          label="Delete"
          confirmLabel="Delete subscription"
          question="Nothing more is sent to this URL. Deliveries under way stop."
          action={remove.action}
          onSubmit={remove.onSubmit}
          hidden={hidden}
        />
      </div>
      <ShownOnce state={rotate.state} />
      {[test.state, toggle.state, remove.state, rotate.state?.secret ? null : rotate.state].map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of four forms
        <FormMessage key={i} state={s} showSuccess />
      ))}
    </div>
  );
}

export function RedeliverButton({ accountId, deliveryId }: { accountId: string; deliveryId: string }) {
  const { state, action, onSubmit } = useFormAction(redeliverAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-1">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <SubmitButton pendingLabel="Sending…" variant="secondary">
        Redeliver
      </SubmitButton>
      <FormMessage state={state} showSuccess />
    </form>
  );
}
