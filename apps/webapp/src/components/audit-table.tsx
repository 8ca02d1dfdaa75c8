import type { AuditEntryView } from "@greenroom/domain/audit";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

const ACTIONS: Record<string, string> = {
  "account.created": "Created the account",
  "account.owner_added": "Added a co-owner",
  "account.owner_removed": "Removed an owner",
  "account.owner_left": "Left the account",
  "role.created": "Created a role",
  "role.permissions_updated": "Changed a role's permissions",
  "role.inheritance_added": "Added an inherited role",
  "role.inheritance_removed": "Removed an inherited role",
  "role.deleted": "Deleted a role",
  "access.grant": "Granted access",
  "access.revoke": "Revoked access",
  "invitation.create": "Sent an invitation",
  "invitation.resend": "Resent an invitation",
  "invitation.revoke": "Revoked an invitation",
  "invitation.accept": "Accepted an invitation",
  "user.disabled": "Disabled a user",
  "user.enabled": "Enabled a user",
};

const pretty = (value: unknown) => (value === null || value === undefined ? "—" : JSON.stringify(value, null, 2));

/** The audit log as a table: who did what to which target, when, with the before → after values. */
export function AuditTable({ entries, showAccount = false }: { entries: AuditEntryView[]; showAccount?: boolean }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <caption className="sr-only">Audit log entries, newest first</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">
              When (UTC)
            </th>
            <th scope="col" className="px-3 py-2">
              Who
            </th>
            <th scope="col" className="px-3 py-2">
              What
            </th>
            {showAccount ? (
              <th scope="col" className="px-3 py-2">
                Account
              </th>
            ) : null}
            <th scope="col" className="px-3 py-2">
              Target
            </th>
            <th scope="col" className="px-3 py-2">
              Change
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums text-slate-600">
                <time dateTime={entry.createdAt.toISOString()}>{when.format(entry.createdAt)}</time>
              </td>
              <td className="break-all px-3 py-2">{entry.actorEmail ?? <span className="text-slate-500">System</span>}</td>
              <td className="px-3 py-2">
                {ACTIONS[entry.action] ?? entry.action}
                <span className="block font-mono text-xs text-slate-500">{entry.action}</span>
              </td>
              {showAccount ? (
                <td className="px-3 py-2">{entry.accountName ?? <span className="text-slate-500">Platform</span>}</td>
              ) : null}
              <td className="px-3 py-2">
                <span className="text-slate-500">{entry.targetType}</span>{" "}
                <span className="break-all">{entry.targetLabel ?? <span className="font-mono text-xs">{entry.targetId}</span>}</span>
              </td>
              <td className="px-3 py-2">
                {entry.before === null && entry.after === null ? (
                  <span className="text-slate-500">—</span>
                ) : (
                  <details>
                    <summary className="cursor-pointer text-brand-700 underline">
                      Before → after<span className="sr-only"> for {ACTIONS[entry.action] ?? entry.action}</span>
                    </summary>
                    <div className="mt-2 grid gap-2 sm:grid-cols-2">
                      <div>
                        <p className="text-xs font-semibold text-slate-600">Before</p>
                        <pre className="relative overflow-x-auto rounded bg-slate-50 p-2 text-xs">{pretty(entry.before)}</pre>
                      </div>
                      <div>
                        <p className="text-xs font-semibold text-slate-600">After</p>
                        <pre className="relative overflow-x-auto rounded bg-slate-50 p-2 text-xs">{pretty(entry.after)}</pre>
                      </div>
                    </div>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
