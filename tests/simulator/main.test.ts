import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("../../bin/simulator.ts", import.meta.url));

function startCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--import", "tsx", MAIN, ...args], { stdio: "pipe" });
}

async function readLines(child: ChildProcessWithoutNullStreams, count: number): Promise<string[]> {
  let buffer = "";
  for await (const chunk of child.stdout) {
    buffer += String(chunk);
    const lines = buffer.split("\n");
    if (lines.length > count) return lines.slice(0, count);
  }
  throw new Error(`process ended after printing: ${buffer}`);
}

describe("simulator CLI", () => {
  it("prints its base URL template and demo keys, serves requests, and stops on SIGTERM", async () => {
    const child = startCli(["--port", "0", "--seed-days", "1", "--live-events-per-minute", "600"]);
    try {
      const [listening, keys] = await readLines(child, 2);
      const match =
        /^Rapid7 simulator listening: RAPID7_BASE_URL_TEMPLATE=(http:\/\/127\.0\.0\.1:\d+)\/\{region\}$/.exec(
          listening ?? "",
        );
      expect(match).not.toBeNull();
      expect(keys).toContain("demo-us3-admin-key");
      expect(keys).toContain("demo-us3-readonly-key");
      expect(keys).toContain("demo-eu-no-audit-key");

      const origin = match?.[1] ?? "";
      const validate = await fetch(`${origin}/us3/validate`, { headers: { "X-Api-Key": "demo-us3-admin-key" } });
      expect(validate.status).toBe(200);

      const total = async () => {
        const state = (await (await fetch(`${origin}/_control/state`)).json()) as {
          orgs: Array<{ logs: Array<{ entryCount: number }> }>;
        };
        return state.orgs.flatMap((org) => org.logs).reduce((sum, log) => sum + log.entryCount, 0);
      };
      const before = await total();
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await total()).toBeGreaterThan(before);

      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
      await expect(fetch(`${origin}/us3/validate`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("exits with an error for an invalid flag", async () => {
    const child = startCli(["--port", "not-a-port"]);
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toMatch(/--port/);
  });
});
