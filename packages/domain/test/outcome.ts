import { DomainError } from "../src/errors";

/** The DomainError a verb failed with, or null when it succeeded; any other error fails the test. */
export const failure = (p: Promise<unknown>): Promise<DomainError | null> =>
  p.then(
    () => null,
    (e: unknown) => {
      if (e instanceof DomainError) return e;
      throw e;
    },
  );

/** "resolved", or the DomainError's code. */
export const codeOf = async (p: Promise<unknown>): Promise<string> => (await failure(p))?.code ?? "resolved";

/** Input as an untyped caller (a form post, a script) could send it: the verb must still refuse it at run time. */
export const untyped = <T>(value: unknown): T => value as T;
