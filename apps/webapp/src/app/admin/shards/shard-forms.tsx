"use client";

import { SHARD_MODES, type ShardMode } from "@greenroom/db/webapp/values";
import { Field, FormMessage, SelectField, SubmitButton, useFormAction } from "@/components/form";
import { pinAccountAction, registerShardAction, setShardModeAction } from "./actions";

const MODE_LABELS: Record<ShardMode, string> = {
  shared: "Shared: takes new accounts",
  dedicated: "Dedicated: pinned accounts only",
  closed: "Closed: no new accounts",
};
const MODE_OPTIONS = SHARD_MODES.map((value) => ({ value, label: MODE_LABELS[value] }));

export function ShardModeForm({ shardId, mode }: { shardId: string; mode: string }) {
  const { state, action, onSubmit } = useFormAction(setShardModeAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-2">
      <input type="hidden" name="shardId" value={shardId} />
      <SelectField label={`Mode of shard ${shardId}`} id={`mode-${shardId}`} name="mode" state={state} options={MODE_OPTIONS} defaultValue={mode} />
      <FormMessage state={state} fields={["mode"]} showSuccess />
      <SubmitButton pendingLabel="Saving…" variant="secondary">
        Save mode<span className="sr-only"> of shard {shardId}</span>
      </SubmitButton>
    </form>
  );
}

export function RegisterShardForm({ configured }: { configured: string[] }) {
  const { state, action, onSubmit } = useFormAction(registerShardAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-3">
      <Field
        label="Shard id"
        name="shardId"
        state={state}
        inputMode="numeric"
        placeholder="0002"
        required
        hint={
          configured.length
            ? `Configured in the workers app and not registered yet: ${configured.join(", ")}`
            : "Every shard the workers app is configured with is registered. Add a SESSIONS_DB_<id> binding there first."
        }
      />
      <SelectField label="Mode" id="register-mode" name="mode" state={state} options={MODE_OPTIONS} defaultValue="shared" />
      <Field label="Note (optional)" name="note" state={state} maxLength={200} />
      <FormMessage state={state} fields={["shardId", "mode", "note"]} showSuccess />
      <SubmitButton pendingLabel="Registering…">Register shard</SubmitButton>
    </form>
  );
}

/** Pins an account before its first use: by a typed account id, or (with `accountId`) one found by the search. */
export function PinAccountForm({ shards, accountId, accountName }: { shards: string[]; accountId?: string; accountName?: string }) {
  const { state, action, onSubmit } = useFormAction(pinAccountAction);
  const suffix = accountId ?? "typed";
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-2">
      {accountId ? (
        <input type="hidden" name="accountId" value={accountId} />
      ) : (
        <Field label="Account id" name="accountId" id="pin-account-id" state={state} required />
      )}
      <SelectField
        label={accountName ? `Shard for ${accountName}` : "Shard"}
        id={`pin-shard-${suffix}`}
        name="shardId"
        state={state}
        options={shards.map((id) => ({ value: id, label: id }))}
      />
      <FormMessage state={state} fields={accountId ? ["shardId"] : ["accountId", "shardId"]} showSuccess />
      <SubmitButton pendingLabel="Pinning…" variant="secondary">
        Pin<span className="sr-only"> {accountName ?? "account"}</span>
      </SubmitButton>
    </form>
  );
}
