/**
 * `npm test`: every test Intake has, in one command. Runs the type check, the code checks
 * (ESLint, Prettier, knip for unused files/exports/dependencies), the Vitest suites (unit + integration against a real PostgreSQL) and the Playwright suites
 * (real Chromium against the built console), reads each runner's JSON report, and
 * ends with one plain line `N passed, N failed` that CI reads.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const resultsDir = path.resolve(".test-results");
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

type Tally = { suite: string; passed: number; failed: number; note?: string };
const tallies: Tally[] = [];

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

const bin = (name: string) => path.resolve("node_modules", ".bin", name);

// 1. Types: a failure counts as one failed check.
console.log("\n━━ Type check (tsc --noEmit)");
const tscStatus = run(bin("tsc"), ["--noEmit", "-p", "."]);
tallies.push({ suite: "typecheck", passed: tscStatus === 0 ? 1 : 0, failed: tscStatus === 0 ? 0 : 1 });

// 2. Code checks, each one check: lint (with Next's, React's and typescript-eslint's rules and
// import cycles), formatting, and unused files, exports and dependencies.
for (const [suite, title, command, args] of [
  [
    "lint",
    "ESLint",
    bin("eslint"),
    ["--cache", "--cache-location", "node_modules/.cache/eslint/", "--max-warnings", "0", "."],
  ],
  ["format", "Prettier", bin("prettier"), ["--check", "--log-level", "warn", "."]],
  ["unused", "knip", bin("knip"), []],
] as const) {
  console.log(`\n━━ ${title}`);
  const status = run(command, [...args]);
  tallies.push({ suite, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1 });
}

// 3. Vitest.
console.log("\n━━ Unit and integration tests (Vitest)");
const vitestReport = path.join(resultsDir, "vitest.json");
const vitestStatus = run(bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestReport}`,
]);
type VitestReport = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
};
const vitest = readJson<VitestReport>(vitestReport);
if (vitest) {
  // Skipped or todo tests are promises not kept: they count as failures.
  const notRun = vitest.numPendingTests + vitest.numTodoTests;
  const brokenFiles = vitest.numFailedTestSuites > 0 && vitest.numFailedTests === 0 ? vitest.numFailedTestSuites : 0;
  tallies.push({
    suite: "vitest",
    passed: vitest.numPassedTests,
    failed: vitest.numFailedTests + notRun + brokenFiles,
    note: notRun ? `${notRun} skipped` : undefined,
  });
} else {
  tallies.push({ suite: "vitest", passed: 0, failed: 1, note: `no report (exit ${vitestStatus})` });
}

// 4. Playwright.
console.log("\n━━ Browser tests (Playwright + Chromium)");
const playwrightReport = path.join(resultsDir, "playwright.json");
const playwrightStatus = run(bin("playwright"), ["test", "--reporter=list,json"], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
});
type PlaywrightReport = {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors?: unknown[];
};
const playwright = readJson<PlaywrightReport>(playwrightReport);
if (playwright) {
  const { expected, unexpected, flaky, skipped } = playwright.stats;
  const setupErrors = playwright.errors?.length ?? 0;
  tallies.push({
    suite: "playwright",
    passed: expected,
    failed: unexpected + flaky + skipped + (setupErrors > 0 && unexpected === 0 ? 1 : 0),
    note:
      [
        flaky ? `${flaky} flaky` : "",
        skipped ? `${skipped} skipped` : "",
        setupErrors ? `${setupErrors} setup error(s)` : "",
      ]
        .filter(Boolean)
        .join(", ") || undefined,
  });
} else {
  tallies.push({ suite: "playwright", passed: 0, failed: 1, note: `no report (exit ${playwrightStatus})` });
}

const passed = tallies.reduce((sum, t) => sum + t.passed, 0);
const failed = tallies.reduce((sum, t) => sum + t.failed, 0);
console.log("\n━━ Summary");
for (const t of tallies)
  console.log(`${t.suite}: ${t.passed} passed, ${t.failed} failed${t.note ? ` (${t.note})` : ""}`);
const line = `${passed} passed, ${failed} failed`;
writeFileSync(path.join(resultsDir, "summary.txt"), `${line}\n`);
console.log(line);
process.exit(failed === 0 && existsSync(vitestReport) ? 0 : 1);
