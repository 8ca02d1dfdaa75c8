"use client";

import { ConfirmForm, Field, FormMessage, SelectField, SubmitButton, useFormAction } from "@/components/form";
import { inUtc } from "./format";
import { createApiKeyAction, type KeyFormState, revokeApiKeyAction, rollApiKeyAction } from "./actions";

export type ScopeRow = { resource: string; label: string };
export type EventOption = { id: string; name: string; accountName: string };


/** A secret in the answer to the post that made it; the only time it is ever shown. */
function NewSecret({ state, what }: { state: KeyFormState; what: "created" | "rolled" }) {
  if (!state?.ok || !state.secret) return null;
  return (
    <div role="status" className="space-y-2 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950">
      <p className="font-semibold">{state.message}</p>
      <label htmlFor={`secret-${what}`} className="block font-medium">
        Your new API key
      </label>
      <input
        id={`secret-${what}`}
        readOnly
        value={state.secret}
        onFocus={(e) => e.currentTarget.select()}
        className="block w-full rounded border border-emerald-300 bg-white px-2 py-1 font-mono text-sm"
      />
      <p>
        Copy it now (select it, then Ctrl+C or ⌘C) and keep it somewhere safe, such as your program's secret store.{" "}
        <strong>It will not be shown again.</strong>
      </p>
      {what === "created" && state.until ? <p>It expires on {inUtc(state.until)}.</p> : null}
      {what === "rolled" ? (
        <p>{state.until ? `The old secret keeps working until ${inUtc(state.until)}.` : "The old secret stopped working."}</p>
      ) : null}
    </div>
  );
}

export function CreateKeyForm({
  accounts,
  scopes,
  events,
  defaultDays,
  maxDays,
}: {
  accounts: { id: string; name: string }[];
  scopes: ScopeRow[];
  events: EventOption[];
  defaultDays: number;
  maxDays: number;
}) {
  const { state, action, onSubmit } = useFormAction<KeyFormState>(createApiKeyAction);
  const echoed = (name: string) => new Set(state?.ok === false ? (state.values?.[name] ?? "").split(",") : []);
  const chosenScopes = echoed("scopes");
  const chosenEvents = echoed("eventIds");
  const error = (name: string) =>
    state?.fieldErrors?.[name]?.[0] ? (
      <p id={`key-${name}-error`} className="text-sm text-red-700">
        {state.fieldErrors[name][0]}
      </p>
    ) : null;
  return (
    <div className="space-y-4">
      <NewSecret state={state} what="created" />
      <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormMessage state={state} fields={["name", "accountId", "scopes", "eventIds", "expiresInDays"]} />
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="key-name" label="Name" name="name" required maxLength={80} hint="What uses it, e.g. “Ticket sync”" state={state} />
          <SelectField id="key-account" label="Account" name="accountId" state={state} options={accounts.map((a) => ({ value: a.id, label: a.name }))} />
        </div>
        <fieldset
          className="space-y-2"
          aria-describedby={state?.fieldErrors?.scopes ? "key-scopes-error" : undefined}
          key={`scopes-${[...chosenScopes].join(",")}`}
        >
          <legend className="text-sm font-medium text-slate-800">Scopes</legend>
          <p className="text-xs text-slate-500">Write includes read. The key never does more than you may do yourself.</p>
          <table className="text-sm">
            <tbody>
              {scopes.map((s) => (
                <tr key={s.resource}>
                  <th scope="row" className="py-1 pr-4 text-left font-normal">
                    {s.label}
                  </th>
                  {(["read", "write"] as const).map((level) => {
                    const value = `${s.resource}:${level}`;
                    return (
                      <td key={level} className="py-1 pr-4">
                        <label className="inline-flex items-center gap-1.5">
                          <input type="checkbox" name="scopes" value={value} defaultChecked={chosenScopes.has(value)} className="h-4 w-4" />
                          <span className="font-mono text-xs">{value}</span>
                        </label>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {error("scopes")}
        </fieldset>
        {events.length > 0 ? (
          <fieldset className="space-y-2" key={`events-${[...chosenEvents].join(",")}`}>
            <legend className="text-sm font-medium text-slate-800">Limit to events (optional)</legend>
            <p className="text-xs text-slate-500">None ticked: every event of the account you may reach.</p>
            <div className="grid gap-1 sm:grid-cols-2">
              {events.map((e) => (
                <label key={e.id} className="inline-flex items-center gap-1.5 text-sm">
                  <input type="checkbox" name="eventIds" value={e.id} defaultChecked={chosenEvents.has(e.id)} className="h-4 w-4" />
                  {e.name} <span className="text-xs text-slate-500">({e.accountName})</span>
                </label>
              ))}
            </div>
            {error("eventIds")}
          </fieldset>
        ) : null}
        <Field
          id="key-expiry"
          label="Expires after (days)"
          name="expiresInDays"
          type="number"
          min={1}
          max={maxDays}
          defaultValue={String(defaultDays)}
          hint={`At most ${maxDays} days.`}
          state={state}
        />
        <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
      </form>
    </div>
  );
}

export function KeyActions({ keyId, name, canRoll }: { keyId: string; name: string; canRoll: boolean }) {
  const roll = useFormAction<KeyFormState>(rollApiKeyAction);
  const revoke = useFormAction(revokeApiKeyAction);
  return (
    <div className="space-y-2">
      <NewSecret state={roll.state} what="rolled" />
      <FormMessage state={roll.state} />
      <FormMessage state={revoke.state} showSuccess />
      <div className="flex flex-wrap items-start gap-2">
        {canRoll ? (
          <form action={roll.action} onSubmit={roll.onSubmit}>
            <input type="hidden" name="keyId" value={keyId} />
            <input type="hidden" name="graceHours" value="24" />
            <SubmitButton pendingLabel="Rolling…" variant="secondary">
              Roll secret<span className="sr-only"> of {name}</span>
            </SubmitButton>
          </form>
        ) : null}
        <ConfirmForm
          label="Revoke"
          srLabel={name}
          confirmLabel="Revoke key"
          question={`Revoke “${name}”? Every program using it is refused at once; this cannot be undone.`}
          action={revoke.action}
          onSubmit={revoke.onSubmit}
          hidden={{ keyId }}
        />
      </div>
    </div>
  );
}
