import Link from "next/link";

/** The end of a filter form: Apply, and while filters are set, a link back to the unfiltered list at `path`. */
export function FilterActions({ path, filtered }: { path: string; filtered: boolean }) {
  return (
    <div className="flex items-center gap-3">
      <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-800">
        Apply
      </button>
      {filtered ? (
        <Link href={path} className="text-sm text-slate-700 underline">
          Clear
        </Link>
      ) : null}
    </div>
  );
}
