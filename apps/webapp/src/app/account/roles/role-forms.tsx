"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
import type { FormState } from "@/server/transport";
import {
  addRoleInheritanceAction,
  createRoleAction,
  deleteRoleAction,
  removeRoleInheritanceAction,
  updateRolePermissionsAction,
} from "../actions";

export type PermissionOption = { key: string; description: string };
export type RoleOption = { id: string; name: string };

function Success({ state }: { state: FormState }) {
  if (!state?.ok || !state.message) return null;
  return (
    <p role="status" className="text-sm text-emerald-800">
      {state.message}
    </p>
  );
}

function CheckboxGroup({
  idPrefix,
  legend,
  name,
  state,
  options,
  checked,
  hint,
}: {
  idPrefix: string;
  legend: string;
  name: string;
  state: FormState;
  options: { value: string; label: string; description?: string }[];
  checked: string[];
  hint?: string;
}) {
  const errors = state?.fieldErrors?.[name];
  const errorId = `${idPrefix}-${name}-error`;
  const selected = new Set(state?.values?.[name] !== undefined ? state.values[name].split(",") : checked);
  return (
    <fieldset
      className="space-y-2"
      aria-invalid={errors?.length ? true : undefined}
      aria-describedby={errors?.length ? errorId : undefined}
      // Remount with the echoed choices after a failed submit (React resets forms after an action).
      key={[...selected].join(",")}
    >
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      <div className="grid gap-2 sm:grid-cols-2">
        {options.map((o) => {
          const id = `${idPrefix}-${name}-${o.value}`;
          return (
            <div key={o.value} className="flex items-start gap-2">
              <input
                id={id}
                type="checkbox"
                name={name}
                value={o.value}
                defaultChecked={selected.has(o.value)}
                className="mt-1 h-4 w-4 rounded border-slate-300"
              />
              <label htmlFor={id} className="text-sm">
                <span className="font-medium">{o.label}</span>
                {o.description ? <span className="block text-xs text-slate-600">{o.description}</span> : null}
              </label>
            </div>
          );
        })}
      </div>
      {errors?.length ? (
        <p id={errorId} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

const permissionChoices = (options: PermissionOption[]) =>
  options.map((o) => ({ value: o.key, label: o.key, description: o.description }));

export function NewRoleForm({
  accountId,
  permissions,
  inheritable,
}: {
  accountId: string;
  permissions: PermissionOption[];
  inheritable: RoleOption[];
}) {
  const [state, action] = useActionState(createRoleAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <FormMessage state={state} />
      <Success state={state} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="new-role-name" label="Name" name="name" required state={state} />
        <Field
          id="new-role-key"
          label="Key (optional)"
          name="key"
          hint="Lowercase letters, digits, - and _. Made from the name if left empty."
          state={state}
        />
      </div>
      <Field id="new-role-description" label="Description (optional)" name="description" state={state} />
      <CheckboxGroup
        idPrefix="new-role"
        legend="Permissions"
        name="permissions"
        state={state}
        options={permissionChoices(permissions)}
        checked={[]}
        hint="Account-level permissions (owners, roles, audit, creating events) stay with the account's owners."
      />
      <CheckboxGroup
        idPrefix="new-role"
        legend="Inherits"
        name="inherits"
        state={state}
        options={inheritable.map((r) => ({ value: r.id, label: r.name }))}
        checked={[]}
        hint="The role also gets everything the chosen roles can do."
      />
      <SubmitButton pendingLabel="Creating role…">Create role</SubmitButton>
    </form>
  );
}

export function EditPermissionsForm({
  roleId,
  roleName,
  current,
  permissions,
}: {
  roleId: string;
  roleName: string;
  current: string[];
  permissions: PermissionOption[];
}) {
  const [state, action] = useActionState(updateRolePermissionsAction, null);
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="roleId" value={roleId} />
      <FormMessage state={state} />
      <Success state={state} />
      <CheckboxGroup
        idPrefix={`edit-${roleId}`}
        legend={`Own permissions of ${roleName}`}
        name="permissions"
        state={state}
        options={permissionChoices(permissions)}
        checked={current}
      />
      <SubmitButton pendingLabel="Saving…" variant="secondary">
        Save permissions<span className="sr-only"> of {roleName}</span>
      </SubmitButton>
    </form>
  );
}

export function AddInheritanceForm({ roleId, roleName, options }: { roleId: string; roleName: string; options: RoleOption[] }) {
  const [state, action] = useActionState(addRoleInheritanceAction, null);
  if (options.length === 0) return null;
  return (
    <form action={action} className="space-y-2" noValidate>
      <input type="hidden" name="roleId" value={roleId} />
      {state?.message && !state.ok && !state.fieldErrors?.inheritsRoleId ? <FormMessage state={state} /> : null}
      <Success state={state} />
      <div className="flex flex-wrap items-end gap-2">
        <SelectField
          id={`inherit-${roleId}`}
          label={`Also inherit (for ${roleName})`}
          name="inheritsRoleId"
          state={state}
          options={options.map((o) => ({ value: o.id, label: o.name }))}
        />
        <SubmitButton pendingLabel="Adding…" variant="secondary">
          Add<span className="sr-only"> inherited role to {roleName}</span>
        </SubmitButton>
      </div>
    </form>
  );
}

export function RemoveInheritanceButton({
  roleId,
  roleName,
  parent,
}: {
  roleId: string;
  roleName: string;
  parent: RoleOption;
}) {
  const [state, action] = useActionState(removeRoleInheritanceAction, null);
  return (
    <form action={action} className="inline-flex items-center gap-2">
      <input type="hidden" name="roleId" value={roleId} />
      <input type="hidden" name="inheritsRoleId" value={parent.id} />
      {state?.message && !state.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      ) : null}
      <button type="submit" className="text-xs font-medium text-red-700 underline hover:text-red-900">
        Remove<span className="sr-only"> {parent.name} from the roles {roleName} inherits</span>
      </button>
    </form>
  );
}

export function DeleteRoleButton({ roleId, roleName }: { roleId: string; roleName: string }) {
  const [state, action] = useActionState(deleteRoleAction, null);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="roleId" value={roleId} />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Deleting…" variant="danger">
        Delete role<span className="sr-only"> {roleName}</span>
      </SubmitButton>
    </form>
  );
}
