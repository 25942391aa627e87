/**
 * `npm run bench -- page-weight` (or `node --import tsx bench/page-weight.ts [--baseline <git-ref>]`):
 * the JavaScript each console page downloads on a first, uncached load, measured in
 * Chromium against a production build. Next 16 no longer prints "First Load JS", and its
 * own docs point at downloaded bytes, so this counts them, raw and gzipped, two ways:
 * first-load, the scripts the page's HTML names (its chunks and those of the client
 * components it renders: what the old column counted, and what the budget is about), and
 * every script downloaded until the network is idle (chunks loaded on demand included). With `--baseline <ref>` the same measurement runs first on that
 * commit (checked out beside this one, sharing node_modules by hard links), and each page
 * is reported as a ratio against it.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { type Browser, chromium } from "@playwright/test";
import { chromiumPath } from "@/lib/env";
import globalSetup from "../tests/e2e/support/global-setup";
import { insertSource, seedEvents } from "../tests/helpers/seed-events";

type Bytes = { scripts: number; rawBytes: number; gzipBytes: number };
/** First-load figures at the top level (what earlier reports compared), everything downloaded under `untilIdle`. */
type PageWeight = { path: string; untilIdle?: Bytes } & Bytes;
type Report = { pages: Record<string, PageWeight> };

const ADMIN = { name: "Bench Admin", email: "bench-admin@example.com", password: "page-weight-bench-password" };
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"];

/** Builds the checkout in the working directory, starts it, and weighs every console page. */
async function measureHere(): Promise<Report> {
  const teardown = await globalSetup();
  const baseURL = process.env.E2E_BASE_URL!;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const sourceId = await seedOneSource(process.env.E2E_DATABASE_URL!);
    const storageState = await createAdmin(browser, baseURL);
    const pages: Record<string, PageWeight> = {};
    for (const [name, route] of consoleRoutes(sourceId)) {
      pages[name] = await weigh(browser, baseURL, route, name === "sign-in" ? undefined : storageState);
    }
    return { pages };
  } finally {
    await browser.close();
    await teardown();
  }
}

function consoleRoutes(sourceId: string): [string, string][] {
  return [
    ["sign-in", "/sign-in"],
    ["log-sources", "/log-sources"],
    ["source-overview", `/log-sources/${sourceId}`],
    ["source-settings", `/log-sources/${sourceId}?tab=settings`],
    ["onboarding-catalog", "/log-sources/new"],
    ["onboarding-rapid7", "/log-sources/new/rapid7"],
    ["alerts", "/alerts"],
    ["search", "/search?range=7d"],
    ["settings-users", "/settings/users"],
    ["settings-account", "/settings/account"],
    ["settings-destinations", "/settings/destinations"],
    ["settings-api-tokens", "/settings/api-tokens"],
    ["settings-audit-log", "/settings/audit-log"],
  ];
}

async function seedOneSource(databaseUrl: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  try {
    const source = await insertSource(pool, { name: "Page weight" });
    const now = Date.now();
    await seedEvents(
      pool,
      source,
      Array.from({ length: 50 }, (_, i) => ({
        time: new Date(now - (i + 1) * 20 * 60_000),
        action: "LOG_UPDATED",
        email: "weight@bench.example",
        description: `Page weight event ${i}`,
      })),
    );
    return source.id;
  } finally {
    await pool.end();
  }
}

/** The first-admin page exists in every version measured, so the admin is made through it. */
async function createAdmin(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/setup");
  await page.getByLabel("Your name").fill(ADMIN.name);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await page.waitForURL(/\/log-sources$/);
  const state = await context.storageState();
  await context.close();
  return state;
}

/** A fresh context per page: nothing cached, so every script the page needs is downloaded. */
async function weigh(
  browser: Browser,
  baseURL: string,
  route: string,
  storageState: Awaited<ReturnType<typeof createAdmin>> | undefined,
): Promise<PageWeight> {
  const context = await browser.newContext({ baseURL, storageState });
  const page = await context.newPage();
  const bodies: Promise<{ path: string; body: Buffer } | null>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    const scriptPath = new URL(response.url()).pathname;
    bodies.push(
      response.body().then(
        (body) => ({ path: scriptPath, body }),
        () => null,
      ),
    );
  });
  const document = await page.goto(route, { waitUntil: "networkidle" });
  const html = (await document?.text()) ?? "";
  const scripts = (await Promise.all(bodies)).filter((script) => script !== null);
  await context.close();
  const bytes = (chosen: { body: Buffer }[]): Bytes => ({
    scripts: chosen.length,
    rawBytes: chosen.reduce((sum, { body }) => sum + body.length, 0),
    gzipBytes: chosen.reduce((sum, { body }) => sum + gzipSync(body).length, 0),
  });
  return {
    path: route,
    ...bytes(scripts.filter((script) => html.includes(script.path))),
    untilIdle: bytes(scripts),
  };
}

/** Runs this script on another commit: a detached worktree with hard-linked node_modules. */
function measureBaseline(ref: string): Report {
  // Beside the checkout, not in it (lint and type checks would see a second copy), and on
  // the same file system so node_modules can be hard-linked.
  const dir = path.resolve("..", `.${path.basename(process.cwd())}-page-weight-baseline`);
  rmSync(dir, { recursive: true, force: true });
  spawnSync("git", ["worktree", "prune"]);
  const add = spawnSync("git", ["worktree", "add", "--detach", dir, ref], { stdio: "inherit" });
  if (add.status !== 0) throw new Error(`Could not check out ${ref} for the baseline.`);
  try {
    spawnSync("cp", ["-al", path.resolve("node_modules"), path.join(dir, "node_modules")]);
    mkdirSync(path.join(dir, "bench"), { recursive: true });
    cpSync(path.resolve("bench/page-weight.ts"), path.join(dir, "bench/page-weight.ts"));
    // The Prisma client is generated, not committed: the measuring script imports it before its build step.
    spawnSync(process.execPath, ["bin/prepare.mjs"], { cwd: dir, stdio: "inherit" });
    const out = path.join(dir, "page-weight.json");
    const run = spawnSync(process.execPath, ["--import", "tsx", "bench/page-weight.ts", "--out", out], {
      cwd: dir,
      stdio: "inherit",
    });
    if (run.status !== 0 || !existsSync(out)) throw new Error(`Measuring ${ref} failed.`);
    return JSON.parse(readFileSync(out, "utf8")) as Report;
  } finally {
    spawnSync("git", ["worktree", "remove", "--force", dir]);
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function pageWeightBenchmark(baselineRef?: string) {
  const baseline = baselineRef ? measureBaseline(baselineRef) : null;
  const current = await measureHere();
  const lines = Object.entries(current.pages).map(([name, weight]) => {
    const before = baseline?.pages[name];
    const ratio = before ? ` (${(weight.gzipBytes / before.gzipBytes).toFixed(2)}× ${kb(before.gzipBytes)})` : "";
    const idle = weight.untilIdle;
    const idleBefore = before?.untilIdle;
    const idleRatio = idle && idleBefore ? ` (${(idle.gzipBytes / idleBefore.gzipBytes).toFixed(2)}×)` : "";
    return (
      `  ${name.padEnd(22)} ${kb(weight.gzipBytes).padStart(9)} gzip, ${kb(weight.rawBytes).padStart(9)} raw${ratio}` +
      (idle ? `; until idle ${kb(idle.gzipBytes)} gzip${idleRatio}` : "")
    );
  });
  const ratios = baseline
    ? Object.entries(current.pages)
        .filter(([name]) => baseline.pages[name])
        .map(([name, weight]) => weight.gzipBytes / baseline.pages[name]!.gzipBytes)
    : [];
  const worst = ratios.length ? Math.max(...ratios) : null;
  return {
    name: "page-weight",
    baselineRef: baselineRef ?? null,
    baseline: baseline?.pages ?? null,
    pages: current.pages,
    worstRatio: worst,
    summary: [
      `First-load JavaScript per page${baseline ? `, against ${baselineRef}` : ""}:`,
      ...lines,
      ...(worst === null ? [] : [`Largest growth: ${worst.toFixed(2)}× (budget 1.30×).`]),
    ].join("\n"),
  };
}

// Run directly (the baseline's copy of this file is run this way, with --out).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("bench/page-weight.ts")) {
  const outIndex = process.argv.indexOf("--out");
  const baselineIndex = process.argv.indexOf("--baseline");
  const main = async () => {
    if (outIndex > 0) {
      writeFileSync(process.argv[outIndex + 1]!, JSON.stringify(await measureHere()));
      return;
    }
    const result = await pageWeightBenchmark(baselineIndex > 0 ? process.argv[baselineIndex + 1] : undefined);
    console.log(result.summary);
  };
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
