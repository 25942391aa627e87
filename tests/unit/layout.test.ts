import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** README, Development: `app/` holds routes only; data access lives in lib/<domain>/. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

describe("app/", () => {
  it("never talks to the database itself", () => {
    const offenders = sourceFiles("app").filter((file) =>
      /from\s+["']@\/lib\/db["']|\$queryRaw|\bpool\(\)/.test(readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
