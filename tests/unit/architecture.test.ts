/**
 * The layout rules the README's Development section states, checked on the source tree so a
 * change that breaks one fails here with the offending files named, not in a later review.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const lib = path.join(root, "lib");

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "generated" || name === "node_modules" || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mjs)$/.test(name)) found.push(full);
  }
  return found;
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((match) => match[1]!);
}

/** Absolute path an app-internal specifier points at, or null for a package. */
function resolveSpecifier(file: string, specifier: string): string | null {
  if (specifier.startsWith("@/")) return path.join(root, specifier.slice(2));
  if (specifier.startsWith(".")) return path.resolve(path.dirname(file), specifier);
  return null;
}

/** The folder directly under lib/ a path belongs to; files at lib/'s top level are their own unit. */
function libUnit(absolute: string): string {
  const parts = path.relative(lib, absolute).split(path.sep);
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.(ts|tsx|mjs)$/, "");
}

const libFiles = sourceFiles(lib);

describe("architecture", () => {
  it("no two folders under lib/ import each other", () => {
    const edges = new Map<string, string[]>();
    for (const file of libFiles) {
      for (const specifier of specifiers(file)) {
        const target = resolveSpecifier(file, specifier);
        if (!target?.startsWith(lib + path.sep)) continue;
        const from = libUnit(file);
        const to = libUnit(target);
        if (from === to) continue;
        const key = `${from} -> ${to}`;
        edges.set(key, [...(edges.get(key) ?? []), `${path.relative(root, file)} imports ${specifier}`]);
      }
    }
    const twoWay = [...edges.keys()]
      .filter((key) => {
        const [from, to] = key.split(" -> ");
        return from! < to! && edges.has(`${to} -> ${from}`);
      })
      .map((key) => {
        const [from, to] = key.split(" -> ");
        return { pair: `${from} <-> ${to}`, because: [...edges.get(key)!, ...edges.get(`${to} -> ${from}`)!] };
      });
    expect(twoWay).toEqual([]);
  });

  it("lib/ is the app: it imports nothing from the simulator, the tests, bin/ or bench/", () => {
    const outside = ["simulator", "tests", "bin", "bench"].map((folder) => path.join(root, folder) + path.sep);
    const offenders = libFiles.flatMap((file) =>
      specifiers(file)
        .filter((specifier) => {
          const target = resolveSpecifier(file, specifier);
          return target !== null && outside.some((folder) => (target + path.sep).startsWith(folder));
        })
        .map((specifier) => `${path.relative(root, file)} imports ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it("only lib/env.ts reads process.env, and only lib/db.ts creates a Prisma client", () => {
    const appFiles = [
      ...libFiles,
      ...sourceFiles(path.join(root, "app")),
      ...sourceFiles(path.join(root, "components")),
    ];
    const readsEnv = appFiles.filter((file) => /process\.env\b/.test(readFileSync(file, "utf8")));
    expect(readsEnv.map((file) => path.relative(root, file))).toEqual(["lib/env.ts"]);
    const createsClient = appFiles.filter((file) => /new PrismaClient\b/.test(readFileSync(file, "utf8")));
    expect(createsClient.map((file) => path.relative(root, file))).toEqual(["lib/db.ts"]);
  });

  it("job handlers live only in lib/worker/handlers, each next to a job contract of its name in lib/queue", () => {
    const handlers = sourceFiles(root)
      .filter((file) => file.endsWith(".handler.ts"))
      .map((file) => path.relative(root, file));
    expect(handlers.filter((file) => !file.startsWith("lib/worker/handlers/"))).toEqual([]);
    const withoutContract = handlers.filter(
      (file) =>
        !sourceFiles(path.join(lib, "queue")).includes(
          path.join(lib, "queue", path.basename(file, ".handler.ts") + ".ts"),
        ),
    );
    expect(withoutContract).toEqual([]);
    expect(handlers.length).toBeGreaterThan(0);
  });
});
