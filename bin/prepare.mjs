// Makes a fresh checkout runnable with nothing but Node: installs dependencies,
// generates the Prisma client, builds the web app and (for tests) makes sure a
// Chromium is present. Each step is skipped when its inputs have not changed, so
// running it before every start costs a fraction of a second.
// Plain JavaScript on purpose: it runs before any dependency is installed.
//
//   node bin/prepare.mjs [--build] [--worker] [--browser]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const args = new Set(process.argv.slice(2));
process.chdir(root);

function step(message) {
  console.log(`\u001b[36m▸ ${message}\u001b[0m`);
}

function run(command, commandArgs, env = {}) {
  const result = spawnSync(command, commandArgs, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✗ ${command} ${commandArgs.join(" ")} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(
      `Intake needs Node.js 20.19 or newer; this is ${process.versions.node}. Install a current LTS from https://nodejs.org.`,
    );
    process.exit(1);
  }
}

function fingerprint(paths) {
  const hash = createHash("sha256");
  const visit = (entry) => {
    if (!existsSync(entry)) return;
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      for (const child of readdirSync(entry).sort()) {
        if (child === "node_modules" || child === ".next" || child.startsWith(".")) continue;
        visit(path.join(entry, child));
      }
      return;
    }
    hash.update(entry);
    hash.update(readFileSync(entry));
  };
  for (const entry of paths) visit(entry);
  return hash.digest("hex");
}

function upToDate(stampFile, print) {
  return existsSync(stampFile) && readFileSync(stampFile, "utf8") === print;
}

function installDependencies() {
  const stamp = path.join("node_modules", ".intake-install");
  const print = fingerprint(["package.json", "package-lock.json"]);
  if (upToDate(stamp, print)) return;
  step("Installing dependencies (first run, or package.json changed)");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  run(
    npm,
    existsSync("package-lock.json") ? ["ci", "--no-audit", "--no-fund"] : ["install", "--no-audit", "--no-fund"],
  );
  writeFileSync(stamp, print);
}

function generatePrismaClient() {
  const stamp = path.join("lib", "generated", ".intake-generate");
  const print = fingerprint(["prisma/schema.prisma", "prisma/dmmf-generator.mjs", "package-lock.json"]);
  if (upToDate(stamp, print) && existsSync("lib/generated/prisma/client.ts")) return;
  step("Generating the Prisma client");
  // `prisma generate` only needs the bundled Wasm; pointing the schema engine at any
  // existing file stops the CLI from trying to download a native engine.
  run(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  });
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, print);
}

function buildWebApp() {
  const stamp = path.join(".next", ".intake-build");
  const print = fingerprint([
    "app",
    "components",
    "lib",
    "public",
    "proxy.ts",
    "instrumentation-client.ts",
    "next.config.js",
    "postcss.config.mjs",
    "tsconfig.json",
    "tsconfig.app.json",
    "package-lock.json",
  ]);
  if (upToDate(stamp, print) && existsSync(path.join(".next", "BUILD_ID"))) return;
  step("Building the web console (first run, or the code changed)");
  run(process.execPath, ["node_modules/next/dist/bin/next", "build"], { NEXT_TELEMETRY_DISABLED: "1" });
  writeFileSync(stamp, print);
}

/**
 * The worker runs as one pre-built JavaScript file: no TypeScript compiler in memory
 * while it pulls, and a faster start. Dependencies stay in node_modules.
 */
function bundleWorker() {
  const output = path.join(".worker-build", "worker.mjs");
  const stamp = path.join(".worker-build", ".intake-build");
  // The bundle is bin/worker.ts and what it imports from lib/ (never app/, components/ or simulator/).
  const print = fingerprint(["bin/worker.ts", "lib", "tsconfig.json", "package-lock.json"]);
  if (upToDate(stamp, print) && existsSync(output)) return;
  step("Bundling the worker");
  run(path.join("node_modules", ".bin", process.platform === "win32" ? "esbuild.cmd" : "esbuild"), [
    "bin/worker.ts",
    "--bundle",
    "--platform=node",
    "--format=esm",
    "--target=node20",
    "--packages=external",
    "--sourcemap",
    `--outfile=${output}`,
    "--log-level=warning",
  ]);
  writeFileSync(stamp, print);
}

// CHROMIUM_PATH is declared, validated and documented in lib/env.ts (and .env.example),
// which playwright.config.ts uses; this script runs before dependencies are installed,
// so it cannot import that module and reads the variable itself. Keep the places it
// looks in the same as lib/env.ts's CHROMIUM_CANDIDATES.
function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
  ];
  return candidates.find((candidate) => candidate && existsSync(candidate));
}

function ensureChromium() {
  if (findChromium()) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  if (isRoot && hasApt) {
    step("Installing Chromium for the browser tests (apt-get install chromium)");
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" });
    if (findChromium()) return;
  }
  console.error(
    "The browser tests need Chromium. Install it (Debian/Ubuntu: `sudo apt-get install chromium`) " +
      "or set CHROMIUM_PATH to a Chromium or Chrome executable, then run the tests again.",
  );
  process.exit(1);
}

checkNode();
installDependencies();
generatePrismaClient();
if (args.has("--build")) buildWebApp();
if (args.has("--worker")) bundleWorker();
if (args.has("--browser")) ensureChromium();
