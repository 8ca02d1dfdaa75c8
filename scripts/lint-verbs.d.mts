// Types of lint-verbs.mjs's export, for the TypeScript that imports it (scripts/lint.unit.test.ts).
export type LintedVerb = { name: string; writes: boolean };
export function lintVerbs(roots: string[]): { problems: string[]; verbs: LintedVerb[] };
