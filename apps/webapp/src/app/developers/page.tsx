import { API_RESOURCE_LABELS, API_RESOURCES } from "@greenroom/domain/api-keys";
import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "API guide" };

const code = "rounded bg-slate-100 px-1 font-mono text-sm";
const block = "overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-sm text-slate-100";

/** The readable API guide: a static page next to the generated OpenAPI document. */
export default function DevelopersPage() {
  return (
    <article className="max-w-prose space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Greenroom API</h1>
        <p className="text-slate-600">
          Programs and AI agents run events through <code className={code}>/api/v1</code> with the same permissions as
          the person who made their key. Every endpoint, field and answer is in the{" "}
          <a href="/api/v1/openapi.json" className="underline">
            OpenAPI document
          </a>{" "}
          (OpenAPI 3.1, generated from the code).
        </p>
      </header>

      <section aria-labelledby="auth-heading" className="space-y-2">
        <h2 id="auth-heading" className="text-lg font-semibold">
          Authentication
        </h2>
        <p>
          Make a key on the <Link href="/account/api-keys" className="underline">API keys</Link> page and send it with
          every call:
        </p>
        <pre className={block}>{"curl -H 'Authorization: Bearer grk_…' https://<this host>/api/v1/events"}</pre>
        <p>
          The secret is shown once. Keys expire (90 days unless you choose otherwise, at most a year), can be limited
          to some events, rolled (the old secret keeps working for a day) and revoked at once. A key never does more
          than its maker may do at the time of the call.
        </p>
      </section>

      <section aria-labelledby="scopes-heading" className="space-y-2">
        <h2 id="scopes-heading" className="text-lg font-semibold">
          Scopes
        </h2>
        <p>
          Each resource has <code className={code}>:read</code> and <code className={code}>:write</code>; write includes
          read.
        </p>
        <ul className="list-disc space-y-1 pl-5">
          {API_RESOURCES.map((r) => (
            <li key={r}>
              <code className={code}>{r}</code> — {API_RESOURCE_LABELS[r]}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="idempotency-heading" className="space-y-2">
        <h2 id="idempotency-heading" className="text-lg font-semibold">
          Retrying safely
        </h2>
        <p>
          Send <code className={code}>Idempotency-Key: &lt;your unique id&gt;</code> with a POST. The same key with the
          same request gets the same answer for 24 hours, marked <code className={code}>Idempotent-Replayed: true</code>.
          While the first request still runs, others get <code className={code}>409</code> with{" "}
          <code className={code}>Retry-After</code>. The same key with another request is a{" "}
          <code className={code}>422</code>.
        </p>
      </section>

      <section aria-labelledby="errors-heading" className="space-y-2">
        <h2 id="errors-heading" className="text-lg font-semibold">
          Errors and limits
        </h2>
        <p>
          Errors are <code className={code}>application/problem+json</code> with a stable <code className={code}>code</code>{" "}
          and, for invalid input, <code className={code}>fieldErrors</code>: <code className={code}>400</code> invalid,{" "}
          <code className={code}>401</code> missing, mistyped, expired or revoked key, <code className={code}>403</code> the
          key lacks the scope or its maker the permission, <code className={code}>404</code> no such resource (also another
          account&apos;s), <code className={code}>409</code> conflict, <code className={code}>429</code> too many calls (wait{" "}
          <code className={code}>Retry-After</code> seconds).
        </p>
      </section>

      <section aria-labelledby="pages-heading" className="space-y-2">
        <h2 id="pages-heading" className="text-lg font-semibold">
          Pagination
        </h2>
        <p>
          Lists answer <code className={code}>{"{ data: [...], nextCursor }"}</code>. Pass{" "}
          <code className={code}>?cursor=&lt;nextCursor&gt;</code> (and optionally <code className={code}>limit</code>, at
          most 100) for the next page; <code className={code}>nextCursor</code> is <code className={code}>null</code> on the
          last one.
        </p>
      </section>
    </article>
  );
}
