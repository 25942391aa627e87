import { defineConfig } from "@playwright/test";
import { chromiumPath } from "./lib/env";

/**
 * Browser tests run real Chromium (CHROMIUM_PATH, or Debian's; see lib/env.ts) against
 * the built console, started by tests/e2e/support/global-setup.ts on a throwaway
 * PostgreSQL and wired to the bundled Rapid7 simulator. Tests share one console, so they
 * run one at a time; the first-run project creates the first admin the others sign in as.
 */

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: ".test-results/playwright-artifacts",
  globalSetup: "./tests/e2e/support/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Generous: CI machines are shared, and a long flow (onboarding, the audit log) on a
  // busy two-core machine took over a minute. Time limits belong in bench/, not here.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: "list",
  use: {
    browserName: "chromium",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
    viewport: { width: 1280, height: 800 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  projects: [
    { name: "first-run", testMatch: /first-run\.spec\.ts/ },
    { name: "console", testIgnore: /first-run\.spec\.ts/, dependencies: ["first-run"] },
  ],
});
