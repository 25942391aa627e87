import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import type { JobContract } from "@/lib/queue/contract";
import { jobRegistry } from "@/lib/worker/registry";

/**
 * Job contracts live apart from the code that runs them, so that queueing a job (a page's
 * "Pull now", an alert's notification) never loads the pull pipeline, pg-copy-streams or
 * the worker into the web server. These checks read the real module graph: esbuild bundles
 * each lib/queue module the way a page's server bundle would include it.
 */
const root = path.resolve(import.meta.dirname, "../..");
const queueDir = path.join(root, "lib/queue");
const queueModules = readdirSync(queueDir).filter((file) => file.endsWith(".ts"));

async function bundleInputs(entry: string): Promise<{ files: string[]; packages: string[] }> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "silent",
  });
  const inputs = Object.values(result.metafile.inputs);
  return {
    files: Object.keys(result.metafile.inputs),
    packages: [...new Set(inputs.flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path)))],
  };
}

/** lib/'s shared base: its root files (db, env, logger...) and the generated Prisma client. */
const isBaseOrQueue = (file: string) =>
  /^lib\/[^/]+\.ts$/.test(file) || file.startsWith("lib/generated/") || file.startsWith("lib/queue/");
/** What the base may load: Node, zod, the database drivers and pg-boss (the generated client's own relative imports too). */
const isBasePackage = (name: string) => /^(node:|zod$|pg$|pg-boss$|@prisma\/|\.\/)/.test(name);

describe("job contracts", () => {
  it.each(queueModules)("lib/queue/%s loads only lib/queue and the shared base", async (file) => {
    const { files, packages } = await bundleInputs(`lib/queue/${file}`);
    expect(files.filter((input) => !isBaseOrQueue(input))).toEqual([]);
    expect(packages.filter((name) => !isBasePackage(name))).toEqual([]);
  });

  it("binds every contract in lib/queue to exactly one handler in the worker's registry", async () => {
    const contracts: JobContract[] = [];
    for (const file of queueModules) {
      const exports: Record<string, unknown> = await import(path.join(queueDir, file));
      for (const value of Object.values(exports)) {
        if (value && typeof value === "object" && "name" in value && "schema" in value && "queue" in value)
          contracts.push(value as JobContract);
      }
    }
    expect(contracts.length).toBeGreaterThan(0);
    const bound = jobRegistry.map((job) => job.contract);
    expect([...bound].sort(byName)).toEqual([...contracts].sort(byName));
    expect(new Set(bound.map((contract) => contract.name)).size).toBe(bound.length);
  });

  it("keeps the worker to itself: nothing in app/, components/ or lib/ outside lib/worker imports it", () => {
    const offenders = sourceFiles(["app", "components", "lib", "proxy.ts"])
      .filter((file) => !file.startsWith("lib/worker/"))
      .filter((file) => importsTheWorker.test(readFileSync(path.join(root, file), "utf8")));
    expect(offenders).toEqual([]);
  });
});

/** `from "…"`, `import "…"` and `import("…")` of lib/worker, by alias or by a relative path. */
const importsTheWorker = /(?:from|import)\s*\(?\s*["'](?:@\/lib\/worker|(?:\.\.\/)+worker)(?:\/|["'])/;

const byName = (a: JobContract, b: JobContract) => a.name.localeCompare(b.name);

function sourceFiles(entries: string[]): string[] {
  const found: string[] = [];
  const visit = (relative: string) => {
    const absolute = path.join(root, relative);
    if (statSync(absolute).isDirectory()) {
      for (const child of readdirSync(absolute)) if (child !== "generated") visit(path.join(relative, child));
    } else if (/\.(ts|tsx|mjs)$/.test(relative)) found.push(relative);
  };
  for (const entry of entries) visit(entry);
  return found;
}
