// Prints one closing line, `N passed, N failed, N skipped`, from the JSON
// reports of vitest and Playwright (their own closing lines are not read by CI).
// Fails when a report is missing or counts no tests at all.
import { existsSync, readFileSync } from 'node:fs';

const [vitestFile, playwrightFile] = process.argv.slice(2);
const problems = [];

function readJson(file, runner) {
  if (!file || !existsSync(file)) {
    problems.push(`${runner} report missing (${file ?? 'no path'})`);
    return null;
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    problems.push(`${runner} report unreadable: ${err.message}`);
    return null;
  }
}

function countVitest(report) {
  if (!report) return { passed: 0, failed: 0, skipped: 0 };
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0),
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function countPlaywright(report) {
  if (!report) return { passed: 0, failed: 0, skipped: 0 };
  const s = report.stats ?? {};
  // flaky = failed once, passed on retry: counted as failed so it gets looked at.
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0) + (report.errors?.length ?? 0), skipped: s.skipped ?? 0 };
}

/** Skipped e2e tests with the reason they gave, so a skip is never silent. */
function listPlaywrightSkips(report) {
  const out = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue;
        const reason = (t.annotations ?? []).filter((a) => a.type === 'skip').map((a) => a.description).join('; ');
        out.push(`skipped: ${spec.title} [${t.projectName}]: ${reason || 'no reason given'}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report?.suites ?? []) walk(suite);
  return out;
}

const unit = countVitest(readJson(vitestFile, 'vitest'));
const playwrightReport = readJson(playwrightFile, 'playwright');
const e2e = countPlaywright(playwrightReport);
for (const line of listPlaywrightSkips(playwrightReport)) console.log(line);
for (const [name, c] of [['unit', unit], ['e2e', e2e]]) {
  console.log(`${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  if (c.passed + c.failed === 0) problems.push(`${name} ran no tests`);
}
for (const p of problems) console.log(`summary problem: ${p}`);
const failed = unit.failed + e2e.failed + problems.length;
console.log(`${unit.passed + e2e.passed} passed, ${failed} failed, ${unit.skipped + e2e.skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
