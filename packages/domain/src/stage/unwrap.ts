import type { StageResult } from "@greenroom/stage/contract";
import { DomainError } from "../errors";

export function unwrap<T>(result: StageResult<T>): T {
  if (result.ok) return result.value;
  throw new DomainError(result.code, result.message);
}
