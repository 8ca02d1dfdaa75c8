import type { StageResult } from "./contract";

/** A zod failure as the contract's `invalid` result: the first issue, with its path. */
export function invalidResult(error: { issues: { path: PropertyKey[]; message: string }[] }): StageResult<never> {
  const first = error.issues[0];
  return { ok: false, code: "invalid", message: first ? `${first.path.join(".")}: ${first.message}` : "invalid input" };
}
