import { execFileSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lintVerbs } from "./lint-verbs.mjs";

const root = path.resolve(import.meta.dirname, "..");
const fixtures = path.join(root, "scripts/fixtures");

describe("lint-verbs", { timeout: 60_000 }, () => {
  it("passes compliant, read-only and exempted verbs", () => {
    const { problems, verbs } = lintVerbs([path.join(fixtures, "lint-verbs/ok")]);
    expect(problems).toEqual([]);
    expect(verbs.map((v) => v.name).sort()).toEqual(["archiveThing", "countThings", "registerThing", "renameThing"]);
  });

  it("fails deliberately broken verbs: no audit row, no authorization, empty and stale exemptions, export by name", () => {
    const { problems } = lintVerbs([path.join(fixtures, "lint-verbs/broken"), path.join(fixtures, "lint-verbs/ok/kit.ts")]);
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/deleteThing: writes \(ctx\.db\.run\(.*\) but writes no audit row/);
    expect(problems[1]).toMatch(/touchThing: writes \(via bump\(\) → ctx\.db\.update\(.*\) but does not authorize and writes no audit row/);
    expect(problems[2]).toMatch(/shortReason: the verb-exempt comment needs a reason/);
    expect(problems[3]).toMatch(/staleExemption: stale exemption/);
    expect(problems[4]).toMatch(/exportedByName: writes \(ctx\.db\.insert\(.*\) but does not authorize and writes no audit row/);
  });

  it("holds for packages/domain today", () => {
    const { problems, verbs } = lintVerbs([path.join(root, "packages/domain/src")]);
    expect(problems).toEqual([]);
    expect(verbs.filter((v) => v.writes).length).toBeGreaterThan(10);
  });
});

/** Lints one fixture as if it lived at `where` (copied there for the run), and returns biome's exit code and output. */
function lintAs(fixture: string, where: string): { code: number; output: string } {
  const target = path.join(root, where, `zz-boundary-fixture-${process.pid}.ts`);
  copyFileSync(path.join(fixtures, "boundaries", fixture), target);
  try {
    const output = execFileSync("pnpm", ["exec", "biome", "lint", "--error-on-warnings", target], {
      cwd: root,
      encoding: "utf8",
      stdio: "pipe",
    });
    return { code: 0, output };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  } finally {
    rmSync(target, { force: true });
  }
}

describe("package boundaries (biome noRestrictedImports)", { timeout: 60_000 }, () => {
  it.each([
    ["app-deep-import.ts", "apps/webapp/src/server", /only through their public entry/],
    ["app-deep-import.ts", "apps/workers/src", /only through their public entry/],
    ["adapter-imports-drizzle.ts", "apps/webapp/src/app", /put queries in a package verb/],
    ["domain-imports-next.ts", "packages/domain/src", /no Next\.js or React/],
    ["domain-imports-react.ts", "packages/domain/src", /no Next\.js or React/],
    ["db-imports-domain.ts", "packages/db/src", /must not import @greenroom\/domain/],
  ])("refuses %s in %s", (fixture, where, message) => {
    const { code, output } = lintAs(fixture, where);
    expect(code).not.toBe(0);
    expect(output).toMatch(message);
  });

  it("allows an import through a package's public entry", () => {
    expect(lintAs("app-public-import.ts", "apps/webapp/src/server").code).toBe(0);
  });
});
