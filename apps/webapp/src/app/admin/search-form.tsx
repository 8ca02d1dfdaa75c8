/** A GET search form: the query lives in the URL, so results can be linked and the back button works. */
export function SearchForm({ action, label, q }: { action: string; label: string; q: string | undefined }) {
  return (
    <search>
      <form action={action} method="get" className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 space-y-1">
          <label htmlFor="admin-search" className="block text-sm font-medium text-slate-800">
            {label}
          </label>
          <input
            id="admin-search"
            name="q"
            type="search"
            defaultValue={q ?? ""}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm"
          />
        </div>
        <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800">
          Search
        </button>
      </form>
    </search>
  );
}

export const param = (value: string | string[] | undefined) => (typeof value === "string" && value ? value : undefined);

export const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
