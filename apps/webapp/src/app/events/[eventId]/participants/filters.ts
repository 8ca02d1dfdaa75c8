/** The list's filters as they travel in the URL (the filter form's GET, the page links and the CSV link). */
export const FILTER_KEYS = ["q", "roleId", "roomId", "status"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type UrlFilters = Partial<Record<FilterKey, string>>;

type SearchParams = URLSearchParams | Record<string, string | string[] | undefined>;

const first = (params: SearchParams, key: string) => {
  const value = params instanceof URLSearchParams ? params.get(key) : params[key];
  return (Array.isArray(value) ? value[0] : value) ?? "";
};

/** Filters present in the URL; an empty field (the form's "All" option) is no filter. */
export function filtersFrom(params: SearchParams): UrlFilters {
  const out: UrlFilters = {};
  for (const key of FILTER_KEYS) {
    const value = first(params, key).trim();
    if (value) out[key] = value;
  }
  return out;
}

export function withFilters(path: string, filters: UrlFilters, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...filters, ...extra }).toString();
  return query ? `${path}?${query}` : path;
}
