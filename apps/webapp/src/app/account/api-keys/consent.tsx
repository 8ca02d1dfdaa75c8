import type { ApiKeysPageData } from "@greenroom/domain/pages";
import { scopeInPlainWords } from "@greenroom/domain/oauth/scope-words";
import { redirect } from "next/navigation";
import { internalOAuth } from "@/server/oauth-internal";
import { decideAuthorizationAction } from "./actions";

export type Search = Record<string, string | string[] | undefined>;

const box = "space-y-2 rounded-lg border border-slate-200 bg-white p-4";

/** The search parameters of the consent view that are ours, not the OAuth request's. */
export const CONSENT_VIEW_PARAM = "gr_view";
const OURS = new Set([CONSENT_VIEW_PARAM, "gr_error", "gr_field"]);

/**
 * The OAuth consent page: `/oauth/authorize` (the authorization endpoint the API Worker's metadata names) is a view
 * of the API keys page module (the middleware rewrites it, as /my is a view of /events), so it adds no page of its
 * own to the Worker. Signed-out visitors sign in and come back. It shows who asks (the app's name, where access
 * goes), what for (the scopes in plain words), and lets the person pick the account and optionally events, as for
 * an API key. Allow and Deny are plain posts.
 */
export async function ConsentView({ search, data }: { search: Search; data: ApiKeysPageData }) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) {
    if (OURS.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value ?? ""]) params.append(name, v);
  }
  const error = typeof search.gr_error === "string" ? search.gr_error : null;
  const errorField = typeof search.gr_field === "string" ? search.gr_field : "_form";
  const query = params.toString();
  // The OAuth request as the provider validates it (over the API binding); the page's D1 batch is `data`.
  const client = await internalOAuth("describe", { query });
  if (!client.ok && client.redirectTo) redirect(client.redirectTo);
  if (!client.ok) {
    return (
      <section className="mx-auto max-w-lg space-y-3">
        <h1 className="text-2xl font-bold">This authorization link does not work</h1>
        <p className="text-slate-700">{client.message}</p>
        <p className="text-slate-600">Start again from the app that sent you here.</p>
      </section>
    );
  }
  const name = String(client.clientName);
  const host = String(client.redirectHost);
  const scopes = (client.scopes as string[]) ?? [];
  const accountName = new Map(data.accounts.map((a) => [a.id, a.name]));
  const fieldError = (field: string) =>
    error && errorField === field ? (
      <p id={`oauth-${field}-error`} className="text-sm text-red-700">
        {error}
      </p>
    ) : null;
  return (
    <section className="mx-auto max-w-lg space-y-5">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Allow {name} to use Greenroom as you?</h1>
        <p className="text-slate-700">
          {client.clientDomain ? (
            <>
              Published by <strong>{String(client.clientDomain)}</strong>.{" "}
            </>
          ) : (
            "This app registered itself; its name is not verified. "
          )}
          Access will be sent to <strong>{host}</strong>.
        </p>
        {client.redirectIsLoopback ? (
          <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            This sends access to an app on your own computer. Continue only if you just started connecting it.
          </p>
        ) : null}
      </div>
      <form action={decideAuthorizationAction} className="space-y-4">
        <input type="hidden" name="query" value={query} />
        {error && !["accountId", "scopes", "eventIds"].includes(errorField) ? (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {error}
          </p>
        ) : null}
        {!data.verified ? (
          <p className={box}>Verify your email address first: only a verified address can authorize apps. You can still deny.</p>
        ) : data.accounts.length === 0 ? (
          <p className={box}>You need an account or a role on an event to authorize an app. You can still deny.</p>
        ) : (
          <>
            <fieldset className={box} aria-describedby={fieldError("scopes") ? "oauth-scopes-error" : undefined}>
              <legend className="font-semibold">It asks to</legend>
              <p className="text-xs text-slate-500">Untick what it should not do. It never does more than you may do yourself.</p>
              {scopes.map((scope) => (
                <label key={scope} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="scopes" value={scope} defaultChecked />
                  {scopeInPlainWords(scope)} <code className="text-xs text-slate-500">{scope}</code>
                </label>
              ))}
              {fieldError("scopes")}
            </fieldset>
            <div className={box}>
              <label htmlFor="oauth-account" className="block font-semibold">
                In the account
              </label>
              <select id="oauth-account" name="accountId" className="block w-full rounded border border-slate-300 px-2 py-1">
                {data.accounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
              {fieldError("accountId")}
            </div>
            {data.events.length > 0 ? (
              <fieldset className={box} aria-describedby={fieldError("eventIds") ? "oauth-eventIds-error" : undefined}>
                <legend className="font-semibold">Only these events (optional)</legend>
                <p className="text-xs text-slate-500">Tick none for every event of the account.</p>
                {data.events.map((e) => (
                  <label key={e.id} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="eventIds" value={e.id} />
                    {e.name} <span className="text-slate-500">· {accountName.get(e.accountId)}</span>
                  </label>
                ))}
                {fieldError("eventIds")}
              </fieldset>
            ) : null}
          </>
        )}
        <div className="flex gap-3">
          {data.verified && data.accounts.length > 0 ? (
            <button type="submit" name="decision" value="allow" className="rounded-md bg-slate-900 px-4 py-2 font-medium text-white">
              Allow
            </button>
          ) : null}
          <button type="submit" name="decision" value="deny" className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium">
            Deny
          </button>
        </div>
        <p className="text-xs text-slate-500">You can revoke it any time under Account → API keys → Apps you authorized.</p>
      </form>
    </section>
  );
}
