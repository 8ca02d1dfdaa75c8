import { API_KEY_DEFAULT_DAYS, API_KEY_MAX_DAYS, API_RESOURCE_LABELS, API_RESOURCES } from "@greenroom/domain/api-keys";
import { apiKeysPage } from "@greenroom/domain/pages";
import type { Metadata } from "next";
import Link from "next/link";
import { signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import { revokeOAuthGrantAction } from "./actions";
import { CreateKeyForm, KeyActions } from "./api-key-forms";
import { CONSENT_VIEW_PARAM, ConsentView, type Search } from "./consent";
import { inUtc } from "./format";

export async function generateMetadata({ searchParams }: { searchParams: Promise<Search> }): Promise<Metadata> {
  return { title: (await searchParams)[CONSENT_VIEW_PARAM] === "authorize" ? "Authorize an app" : "API keys" };
}

const scopeRows = API_RESOURCES.map((resource) => ({ resource, label: API_RESOURCE_LABELS[resource] }));
const STATE_STYLE = { active: "bg-emerald-100 text-emerald-900", expired: "bg-amber-100 text-amber-900", revoked: "bg-slate-200 text-slate-700" };

export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { ctx } = await signedInContext();
  // Session check, then one batch: the keys, the authorized apps, and the accounts and events the forms offer.
  const [search, data] = await Promise.all([searchParams, orNotFound(() => apiKeysPage({ ctx, input: {} }))]);
  if (search[CONSENT_VIEW_PARAM] === "authorize") return <ConsentView search={search} data={data} />;
  const { verified, keys, grants, accounts, events } = data;
  const me = ctx.actor?.userId;
  const accountName = new Map(accounts.map((a) => [a.id, a.name]));
  const eventName = new Map(events.map((e) => [e.id, e.name]));
  return (
    <section className="space-y-8">
      <div className="space-y-1">
        <Link href="/account" className="text-sm text-slate-600 underline">
          ← Account
        </Link>
        <h1 className="text-2xl font-bold">API keys</h1>
        <p className="max-w-prose text-slate-600">
          A key lets a program or an AI agent work with your events as you, within the scopes you pick. How to use one
          is in the <Link href="/developers" className="underline">API guide</Link>.
        </p>
      </div>

      <section aria-labelledby="keys-heading" className="space-y-3">
        <h2 id="keys-heading" className="text-lg font-semibold">
          Your keys
        </h2>
        {keys.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            No API keys yet. Create one below, tick only the scopes your program needs, and copy the secret it shows
            you once.
          </p>
        ) : (
          <ul className="space-y-3">
            {keys.map((key) => (
              <li key={key.id} aria-label={`Key ${key.name}`} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
                <div className="flex flex-wrap items-center gap-2">
                  <h3 className="font-semibold">{key.name}</h3>
                  <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATE_STYLE[key.state]}`}>{key.state}</span>
                  <code className="text-xs text-slate-600">{key.display}</code>
                </div>
                <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                  <dt className="text-slate-500">Account</dt>
                  <dd>
                    {key.accountName}
                    {key.userId === me ? null : <span className="text-slate-500"> · made by {key.userEmail}</span>}
                  </dd>
                  <dt className="text-slate-500">Scopes</dt>
                  <dd className="font-mono text-xs">{key.scopes.join(" ")}</dd>
                  <dt className="text-slate-500">Events</dt>
                  <dd>{key.eventIds ? key.eventIds.map((id) => eventName.get(id) ?? id).join(", ") : "All events"}</dd>
                  <dt className="text-slate-500">Expires</dt>
                  <dd>{inUtc(key.expiresAt.toISOString())}</dd>
                  <dt className="text-slate-500">Last used</dt>
                  <dd>{key.lastUsedAt ? `${inUtc(key.lastUsedAt.toISOString())} from ${key.lastUsedIp ?? "an unknown network"}` : "Never"}</dd>
                  {key.previousExpiresAt ? (
                    <>
                      <dt className="text-slate-500">Old secret</dt>
                      <dd>works until {inUtc(key.previousExpiresAt.toISOString())}</dd>
                    </>
                  ) : null}
                </dl>
                {key.state === "active" ? <KeyActions keyId={key.id} name={key.name} canRoll={key.userId === me} /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="apps-heading" className="space-y-3">
        <h2 id="apps-heading" className="text-lg font-semibold">
          Apps you authorized
        </h2>
        {grants.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            No apps yet. When an AI agent or another app connects to Greenroom's MCP server, you approve it on a consent
            page and it shows up here, where you can revoke it.
          </p>
        ) : (
          <ul className="space-y-3">
            {grants.map((grant) => (
              <li key={grant.id} aria-label={`App ${grant.clientName}`} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
                <div className="flex flex-wrap items-center gap-2">
                  <h3 className="font-semibold">{grant.clientName}</h3>
                  <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATE_STYLE[grant.state]}`}>{grant.state}</span>
                  <span className="text-xs text-slate-600">access sent to {grant.redirectHost}</span>
                </div>
                <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                  <dt className="text-slate-500">Account</dt>
                  <dd>
                    {grant.accountName}
                    {grant.userId === me ? null : <span className="text-slate-500"> · authorized by {grant.userEmail}</span>}
                  </dd>
                  <dt className="text-slate-500">Scopes</dt>
                  <dd className="font-mono text-xs">{grant.scopes.join(" ")}</dd>
                  <dt className="text-slate-500">Events</dt>
                  <dd>{grant.eventIds ? grant.eventIds.map((id) => eventName.get(id) ?? id).join(", ") : "All events"}</dd>
                  <dt className="text-slate-500">Authorized</dt>
                  <dd>{inUtc(grant.createdAt.toISOString())}</dd>
                  <dt className="text-slate-500">Last used</dt>
                  <dd>{grant.lastUsedAt ? inUtc(grant.lastUsedAt.toISOString()) : "Never"}</dd>
                </dl>
                {grant.state === "active" ? (
                  <form action={revokeOAuthGrantAction}>
                    <input type="hidden" name="grantId" value={grant.id} />
                    <button type="submit" className="rounded-md border border-red-300 bg-white px-3 py-1 text-sm font-medium text-red-800">
                      Revoke {grant.clientName}
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="new-key-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="new-key-heading" className="text-lg font-semibold">
          New key
        </h2>
        {!verified ? (
          <p className="text-sm text-slate-600">Verify your email address first: API keys are for verified addresses only.</p>
        ) : accounts.length === 0 ? (
          <p className="text-sm text-slate-600">You need an account or a role on an event to make a key.</p>
        ) : (
          <CreateKeyForm
            accounts={accounts}
            scopes={scopeRows}
            events={events.map((e) => ({ id: e.id, name: e.name, accountName: accountName.get(e.accountId) ?? "" }))}
            defaultDays={API_KEY_DEFAULT_DAYS}
            maxDays={API_KEY_MAX_DAYS}
          />
        )}
      </section>
    </section>
  );
}
