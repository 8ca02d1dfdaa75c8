import { LOG_LEVELS, type LogLevel } from "@greenroom/db/sessions/values";
import type { Ctx } from "@greenroom/domain/context";
import { isDomainError } from "@greenroom/domain/errors";
import { type AdminSessionLogs, adminSessionLogs } from "@greenroom/domain/shards";
import type { Metadata } from "next";
import Link from "next/link";
import { FilterActions } from "@/components/filter-actions";
import { requestContext } from "@/server/context";
import { orNotFound } from "@/server/transport";
import { param } from "../search-form";

export const metadata: Metadata = { title: "Session logs · Admin" };

const LEVEL_STYLES: Record<LogLevel, string> = {
  debug: "bg-slate-100 text-slate-700",
  info: "bg-sky-100 text-sky-900",
  warn: "bg-amber-100 text-amber-900",
  error: "bg-red-100 text-red-900",
};

const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

type Filter = { shard?: string; accountId?: string; level?: string; before?: string };

/** The structured fields as indented JSON text (React escapes it); a line whose data is not JSON shows it raw. */
function prettyData(data: string): string | null {
  try {
    const value: unknown = JSON.parse(data);
    if (value && typeof value === "object" && Object.keys(value).length === 0) return null;
    return JSON.stringify(value, null, 2);
  } catch {
    return data;
  }
}

type Problem = { message: string; fields: Record<string, string[]> };

/**
 * The page's logs, or what to say instead: a bad filter is the admin's typo (said next to the filter, not a 404),
 * and a workers app that cannot be reached is an error state; other refusals map as on every admin page.
 */
async function loadLogs(ctx: Ctx, filter: Filter): Promise<{ page: AdminSessionLogs } | { problem: Problem }> {
  try {
    return { page: await adminSessionLogs({ ctx, input: filter }) };
  } catch (error) {
    if (isDomainError(error) && error.code === "invalid") return { problem: { message: error.message, fields: error.fieldErrors ?? {} } };
    if (isDomainError(error)) return orNotFound(() => Promise.reject(error));
    console.error("admin logs: the workers app did not answer", error instanceof Error ? error.name : typeof error);
    return { problem: { message: "The workers app did not answer. Try again in a moment.", fields: {} } };
  }
}

function pageHref(filter: Filter, before: string) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, before })) if (value) params.set(key, value);
  return `/admin/logs?${params.toString()}`;
}

export default async function AdminLogsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const filter: Filter = {
    shard: param(params.shard),
    accountId: param(params.accountId)?.trim() || undefined,
    level: param(params.level),
    before: param(params.before),
  };
  const { ctx } = await requestContext();
  const loaded = await loadLogs(ctx, filter);
  const page = "page" in loaded ? loaded.page : null;
  const problem = "problem" in loaded ? loaded.problem : null;
  const shards = page?.shards ?? [];
  const filtered = Boolean(filter.accountId || filter.level || filter.shard);
  const fieldError = (name: string) => problem?.fields[name]?.[0];

  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">Session logs</h1>
      <p className="text-slate-600">
        Structured lines from the coordinator, the Workflows and the media services, newest first, one shard at a time.
      </p>

      <form action="/admin/logs" method="get" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-4">
        <div className="space-y-1">
          <label htmlFor="logs-shard" className="block text-sm font-medium text-slate-800">
            Shard
          </label>
          {shards.length ? (
            <select id="logs-shard" name="shard" defaultValue={page?.shard ?? ""} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2">
              {shards.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          ) : (
            <input
              id="logs-shard"
              name="shard"
              defaultValue={filter.shard ?? ""}
              inputMode="numeric"
              aria-invalid={fieldError("shard") ? true : undefined}
              aria-describedby={fieldError("shard") ? "logs-shard-error" : undefined}
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
            />
          )}
          {fieldError("shard") ? (
            <p id="logs-shard-error" className="text-sm text-red-700">
              {fieldError("shard")}
            </p>
          ) : null}
        </div>
        <div className="space-y-1 sm:col-span-2">
          <label htmlFor="logs-account" className="block text-sm font-medium text-slate-800">
            Account id
          </label>
          <input
            id="logs-account"
            name="accountId"
            defaultValue={filter.accountId ?? ""}
            aria-invalid={fieldError("accountId") ? true : undefined}
            aria-describedby={fieldError("accountId") ? "logs-account-error" : undefined}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
          />
          {fieldError("accountId") ? (
            <p id="logs-account-error" className="text-sm text-red-700">
              {fieldError("accountId")}
            </p>
          ) : null}
        </div>
        <div className="space-y-1">
          <label htmlFor="logs-level" className="block text-sm font-medium text-slate-800">
            Level
          </label>
          <select
            id="logs-level"
            name="level"
            defaultValue={filter.level ?? ""}
            aria-invalid={fieldError("level") ? true : undefined}
            aria-describedby={fieldError("level") ? "logs-level-error" : undefined}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
          >
            <option value="">Any</option>
            {LOG_LEVELS.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
          {fieldError("level") ? (
            <p id="logs-level-error" className="text-sm text-red-700">
              {fieldError("level")}
            </p>
          ) : null}
        </div>
        <div className="sm:col-span-4">
          <FilterActions path="/admin/logs" filtered={filtered} />
        </div>
      </form>

      {problem ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem.message}
        </p>
      ) : null}

      {page && page.shard === null ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          No shard is registered yet. <Link href="/admin/shards" className="underline">Register one</Link> first.
        </p>
      ) : page && page.lines.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          {filter.before
            ? "No older lines."
            : filtered
              ? "No lines match these filters on this shard. Clear the filters or pick another shard."
              : `Shard ${page.shard} has no log lines yet. They appear once recordings start.`}
        </p>
      ) : page ? (
        <ol className="space-y-2" aria-label={`Log lines of shard ${page.shard}`}>
          {page.lines.map((line) => {
            const data = prettyData(line.data);
            return (
              <li key={line.id} className="space-y-1 rounded-lg border border-slate-200 bg-white p-3 text-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <span className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${LEVEL_STYLES[line.level] ?? ""}`}>{line.level}</span>
                  <span className="text-xs text-slate-600">{line.source}</span>
                  <time dateTime={new Date(line.atMs).toISOString()} className="text-xs text-slate-600">
                    {time.format(new Date(line.atMs))} UTC
                  </time>
                </div>
                <p className="break-words font-medium">{line.message}</p>
                <p className="break-all text-xs text-slate-500">
                  account{" "}
                  <Link href={`/admin/logs?shard=${page?.shard ?? ""}&accountId=${encodeURIComponent(line.accountId)}`} className="underline">
                    {line.accountId}
                  </Link>
                  {line.sessionId ? ` · session ${line.sessionId}` : ""}
                  {line.operationId ? ` · operation ${line.operationId}` : ""}
                </p>
                {data ? (
                  <details>
                    <summary className="cursor-pointer text-xs text-brand-700">Data</summary>
                    <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{data}</pre>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}

      {page ? (
        <nav aria-label="Log pages" className="flex gap-4 text-sm font-medium">
          {filter.before ? (
            <Link href={pageHref({ ...filter, before: undefined }, "")} className="text-brand-700 underline">
              Newest
            </Link>
          ) : null}
          {page.next ? (
            <Link href={pageHref({ ...filter, shard: page.shard ?? undefined }, page.next)} className="text-brand-700 underline">
              Older lines
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
