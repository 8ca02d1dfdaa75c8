// Adds up the vitest and Playwright JSON reports into one closing line.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`missing report: ${file}`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  if ("numPassedTests" in report) {
    console.log(`vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
  } else if (report.stats) {
    const { expected, unexpected, flaky, skipped: s } = report.stats;
    console.log(`playwright: ${expected + flaky} passed, ${unexpected} failed`);
    passed += expected + flaky;
    failed += unexpected;
    skipped += s;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
