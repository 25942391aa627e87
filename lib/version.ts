import { readFileSync } from "node:fs";
import path from "node:path";

let cached: string | undefined;

/** The package version, shown in the console and recorded by workers. */
export function appVersion(): string {
  cached ??= (JSON.parse(readFileSync(path.resolve(process.cwd(), "package.json"), "utf8")) as { version: string })
    .version;
  return cached;
}
