import { EVENT_PERMISSIONS, PERMISSIONS, SYSTEM_ROLES } from "@greenroom/domain/access";
import { accountRolesPage } from "@greenroom/domain/pages";
import type { RoleView } from "@greenroom/domain/roles";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { chosenAccountId, signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import {
  AddInheritanceForm,
  DeleteRoleButton,
  EditPermissionsForm,
  NewRoleForm,
  type PermissionOption,
  RemoveInheritanceButton,
} from "./role-forms";

export const metadata: Metadata = { title: "Roles" };

const permissionOptions: PermissionOption[] = EVENT_PERMISSIONS.map((key) => ({ key, description: PERMISSIONS[key] }));

function PermissionList({ keys, label }: { keys: readonly string[]; label: string }) {
  if (keys.length === 0) return <p className="text-sm text-slate-500">None</p>;
  return (
    <ul aria-label={label} className="flex flex-wrap gap-1.5">
      {keys.map((key) => (
        <li key={key}>
          <span
            title={PERMISSIONS[key as keyof typeof PERMISSIONS]}
            className="inline-block rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-800"
          >
            {key}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Chain({ role }: { role: RoleView }) {
  if (role.chain.length === 0) return <span className="text-slate-500">nothing</span>;
  return <span>{role.chain.map((r) => r.name).join(" → ")}</span>;
}

export default async function RolesPage() {
  const { ctx } = await signedInContext();
  // Session check, then one batch: the actor's accounts, the chosen one's roles, permissions and inheritances.
  const accountId = await chosenAccountId();
  const { account, roles } = await orNotFound(() => accountRolesPage({ ctx, input: { accountId } }));
  if (!account) redirect("/signin");
  const system = roles.filter((r) => r.system);
  const custom = roles.filter((r) => !r.system);
  const inheritable = roles.filter((r) => r.id !== SYSTEM_ROLES.owner.id).map((r) => ({ id: r.id, name: r.name }));

  return (
    <section className="space-y-8">
      <div className="space-y-1">
        <Link href="/account" className="text-sm text-slate-600 underline">
          ← {account.name}
        </Link>
        <h1 className="text-2xl font-bold">Roles</h1>
        <p className="max-w-prose text-slate-600">
          Roles are granted on an event or on one of its rooms. A role holds its own permissions and everything of the
          roles it inherits.
        </p>
      </div>

      <section aria-labelledby="custom-heading" className="space-y-3">
        <h2 id="custom-heading" className="text-lg font-semibold">
          Custom roles
        </h2>
        {custom.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            No custom roles yet. Create one below, for example a “Panelist” that inherits Speaker and can also see the
            participants.
          </p>
        ) : (
          <ul className="space-y-4">
            {custom.map((role) => (
              <li key={role.id} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
                <div>
                  <h3 className="font-semibold">
                    {role.name} <span className="font-mono text-xs font-normal text-slate-500">{role.key}</span>
                  </h3>
                  {role.description ? <p className="text-sm text-slate-600">{role.description}</p> : null}
                </div>
                <div className="space-y-1">
                  <h4 className="text-sm font-medium">Own permissions</h4>
                  <PermissionList keys={role.permissions} label={`Own permissions of ${role.name}`} />
                </div>
                <div className="space-y-1">
                  <h4 className="text-sm font-medium">Inherits</h4>
                  {role.inherits.length === 0 ? (
                    <p className="text-sm text-slate-500">No other roles</p>
                  ) : (
                    <ul className="flex flex-wrap gap-3 text-sm">
                      {role.inherits.map((parent) => (
                        <li key={parent.id} className="flex items-center gap-2 rounded border border-slate-200 px-2 py-1">
                          {parent.name}
                          <RemoveInheritanceButton roleId={role.id} roleName={role.name} parent={parent} />
                        </li>
                      ))}
                    </ul>
                  )}
                  <p className="text-xs text-slate-500">
                    Through inheritance: <Chain role={role} />
                  </p>
                </div>
                <div className="space-y-1">
                  <h4 className="text-sm font-medium">Everything it can do</h4>
                  <PermissionList keys={role.effectivePermissions} label={`All permissions of ${role.name}`} />
                </div>
                <AddInheritanceForm
                  roleId={role.id}
                  roleName={role.name}
                  options={inheritable.filter((r) => r.id !== role.id && !role.inherits.some((p) => p.id === r.id))}
                />
                <details className="rounded border border-slate-200 p-3">
                  <summary className="cursor-pointer text-sm font-medium">
                    Edit permissions<span className="sr-only"> of {role.name}</span>
                  </summary>
                  <div className="pt-3">
                    <EditPermissionsForm
                      roleId={role.id}
                      roleName={role.name}
                      current={role.permissions}
                      permissions={permissionOptions}
                    />
                  </div>
                </details>
                <DeleteRoleButton roleId={role.id} roleName={role.name} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="new-role-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="new-role-heading" className="text-lg font-semibold">
          New role
        </h2>
        <NewRoleForm accountId={account.id} permissions={permissionOptions} inheritable={inheritable} />
      </section>

      <section aria-labelledby="system-heading" className="space-y-3">
        <h2 id="system-heading" className="text-lg font-semibold">
          Built-in roles
        </h2>
        <p className="text-sm text-slate-600">Every account can grant these. They cannot be changed.</p>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {system.map((role) => (
            <li key={role.id} className="space-y-2 p-4">
              <div>
                <h3 className="font-semibold">{role.name}</h3>
                <p className="text-sm text-slate-600">{role.description}</p>
                <p className="text-xs text-slate-500">
                  {role.id === SYSTEM_ROLES.owner.id ? (
                    "Comes with owning the account; it cannot be granted."
                  ) : (
                    <>
                      Inherits: <Chain role={role} />
                    </>
                  )}
                </p>
              </div>
              <PermissionList keys={role.effectivePermissions} label={`Permissions of ${role.name}`} />
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
