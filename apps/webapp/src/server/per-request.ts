import { headers } from "next/headers";

/**
 * Memoizes `load` for one request, keyed by the request's headers object. Unlike React `cache()`, this also holds
 * between a server action and the re-render it answers with (Next runs both in the same request store, whose
 * headers object is one and the same), so an action and its re-render share one session check. The key is the
 * request's own object, held weakly: nothing outlives the request, and no two requests share a result.
 */
export function perRequest<T>(load: () => Promise<T>): () => Promise<T> {
  const results = new WeakMap<object, Promise<T>>();
  return async () => {
    const key = await headers();
    let result = results.get(key);
    if (!result) {
      result = load();
      results.set(key, result);
    }
    return result;
  };
}
