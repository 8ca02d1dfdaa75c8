import { adminShardsPage } from "@greenroom/domain/shards";
import type { Metadata } from "next";
import Link from "next/link";
import { requestContext } from "@/server/context";
import { orNotFound } from "@/server/transport";
import { day, param, SearchForm } from "../search-form";
import { PinAccountForm, RegisterShardForm, ShardModeForm } from "./shard-forms";

export const metadata: Metadata = { title: "Shards · Admin" };

const TABLE_LABELS = {
  recording_sessions: "Recording sessions",
  stage_events: "Stage events",
  participant_clips: "Participant clips",
  session_logs: "Session log lines",
} as const;

const count = new Intl.NumberFormat("en-GB");

export default async function AdminShardsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const q = param((await searchParams).q);
  const { ctx } = await requestContext();
  const page = await orNotFound(() => adminShardsPage({ ctx, input: { q } }));
  const pinnable = page.shards.filter((s) => s.mode !== "closed").map((s) => s.id);
  return (
    <section className="space-y-8">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Sessions shards</h1>
        <p className="text-slate-600">
          Each account's recordings, stage events, clips and session logs live on one sessions database, assigned on
          first use to the least-loaded shared shard. Accounts never move; pin a large account to a dedicated shard
          before its first use.
        </p>
      </div>

      {page.statsError ? (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Row counts are unavailable: {page.statsError}
        </p>
      ) : null}

      {page.shards.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          No shard is registered, so no account can use the live stage. Register shard 0000 below.
        </p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="Shards">
          {page.shards.map((shard) => (
            <li key={shard.id} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="text-lg font-semibold">Shard {shard.id}</h2>
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold uppercase tracking-wide text-slate-700">
                  {shard.mode}
                </span>
              </div>
              {shard.note ? <p className="text-sm text-slate-600">{shard.note}</p> : null}
              <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
                <dt className="text-slate-600">Accounts</dt>
                <dd className="tabular-nums">
                  {count.format(shard.accounts)}
                  {shard.pinnedAccounts ? ` (${count.format(shard.pinnedAccounts)} pinned)` : ""}
                </dd>
                {shard.rows ? (
                  Object.entries(TABLE_LABELS).map(([table, label]) => (
                    <div key={table} className="contents">
                      <dt className="text-slate-600">{label}</dt>
                      <dd className="tabular-nums">{count.format(shard.rows?.[table as keyof typeof TABLE_LABELS] ?? 0)}</dd>
                    </div>
                  ))
                ) : (
                  <>
                    <dt className="text-slate-600">Rows</dt>
                    <dd>{page.statsError ? "unavailable" : "not configured in the workers app"}</dd>
                  </>
                )}
                <dt className="text-slate-600">Registered</dt>
                {/* Shards registered by the local setup carry time 0. */}
                <dd>{shard.createdAt.getTime() > 0 ? day.format(shard.createdAt) : "at setup"}</dd>
              </dl>
              <ShardModeForm shardId={shard.id} mode={shard.mode} />
              <Link href={`/admin/logs?shard=${shard.id}`} className="inline-block text-sm text-brand-700 underline">
                Session logs of shard {shard.id}
              </Link>
            </li>
          ))}
        </ul>
      )}

      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="pin-heading">
        <h2 id="pin-heading" className="text-lg font-semibold">
          Pin an account
        </h2>
        <p className="text-sm text-slate-600">Only before the account's first use of the live stage; after that it keeps its shard.</p>
        {pinnable.length === 0 ? (
          <p className="text-sm text-slate-600">Every shard is closed. Set one to shared or dedicated first.</p>
        ) : (
          <>
            <SearchForm action="/admin/shards" label="Find an account by name, owner email or id" q={q} />
            {q ? (
              page.candidates.length === 0 ? (
                <p className="text-sm text-slate-600">No account matches “{q}”. Try an owner's email or the account id.</p>
              ) : (
                <ul className="divide-y divide-slate-100" aria-label="Matching accounts">
                  {page.candidates.map((c) => (
                    <li key={c.id} className="space-y-2 py-3">
                      <p>
                        <span className="font-medium">{c.name}</span>{" "}
                        <span className="break-all text-xs text-slate-500">{c.id}</span>
                      </p>
                      <p className="break-all text-sm text-slate-600">{c.ownerEmails.join(", ")}</p>
                      {c.shardId ? (
                        <p className="text-sm text-slate-700">
                          On shard {c.shardId}
                          {c.pinned ? " (pinned)" : " since its first use"}; it cannot move.
                        </p>
                      ) : (
                        <PinAccountForm shards={pinnable} accountId={c.id} accountName={c.name} />
                      )}
                    </li>
                  ))}
                </ul>
              )
            ) : null}
            <details className="text-sm">
              <summary className="cursor-pointer font-medium text-brand-700">Pin by account id</summary>
              <div className="mt-3">
                <PinAccountForm shards={pinnable} />
              </div>
            </details>
          </>
        )}
      </section>

      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="register-heading">
        <h2 id="register-heading" className="text-lg font-semibold">
          Register a shard
        </h2>
        <p className="text-sm text-slate-600">
          A shard the workers app has a binding for. Registering moves no account: shared shards take new accounts only.
        </p>
        <RegisterShardForm configured={page.unregistered} />
      </section>
    </section>
  );
}
