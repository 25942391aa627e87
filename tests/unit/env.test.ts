import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, parseEnv } from "@/lib/env";

const secrets = {
  NEXTAUTH_SECRET: "x".repeat(40),
  INTAKE_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("environment", () => {
  it("has working defaults for the embedded single-machine setup", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.INTAKE_WORKERS).toBe(1);
    expect(env.RAPID7_BASE_URL_TEMPLATE).toBe("https://{region}.api.insight.rapid7.com");
  });

  it("names the variable, shows the bad value and says how to fix it", () => {
    const [problem] = problemsOf({ PORT: "eighty" });
    expect(problem).toMatch(/^PORT /);
    expect(problem).toContain('(got "eighty")');
    expect(problem).toContain("Fix: set it to a free TCP port");
  });

  it("requires the shared secrets once several machines share an external database", () => {
    const problems = problemsOf({ DATABASE_URL: "postgresql://u:p@db:5432/intake" });
    expect(problems).toEqual([
      expect.stringMatching(/^NEXTAUTH_SECRET is required when DATABASE_URL is set\..*openssl rand -base64 32/),
      expect.stringMatching(/^INTAKE_ENCRYPTION_KEY is required when DATABASE_URL is set\./),
    ]);
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/intake", ...secrets }).DATABASE_URL).toBe("postgresql://u:p@db:5432/intake");
  });

  it("never echoes secret values in its messages", () => {
    const problems = problemsOf({ NEXTAUTH_SECRET: "too-short-but-secret", DATABASE_URL: "mysql://root:hunter2@x/y" });
    const text = problems.join("\n");
    expect(text).not.toContain("too-short-but-secret");
    expect(text).not.toContain("hunter2");
    expect(text).toContain("NEXTAUTH_SECRET must be at least 32 characters (value hidden)");
    expect(text).toContain("DATABASE_URL must be a postgres:// or postgresql:// connection URL (value hidden)");
  });

  it("rejects an encryption key that is not 32 bytes, and a Rapid7 template without {region}", () => {
    const problems = problemsOf({ INTAKE_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64"), RAPID7_BASE_URL_TEMPLATE: "https://example.com" });
    expect(problems).toEqual([
      expect.stringContaining("INTAKE_ENCRYPTION_KEY must be 32 random bytes, base64-encoded"),
      expect.stringContaining("RAPID7_BASE_URL_TEMPLATE must contain the {region} placeholder"),
    ]);
  });

  it("wants the unattended admin's email and password together", () => {
    expect(problemsOf({ INTAKE_ADMIN_EMAIL: "a@example.com" })).toEqual([expect.stringMatching(/^INTAKE_ADMIN_PASSWORD must be set together/)]);
  });
});

describe(".env.example", () => {
  it("documents every variable the env module reads", async () => {
    const { readFileSync } = await import("node:fs");
    const { ENV_VARIABLES } = await import("@/lib/env");
    const documented = new Set([...readFileSync(".env.example", "utf8").matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const undocumented = ENV_VARIABLES.filter((name) => name !== "NODE_ENV" && !documented.has(name));
    expect(undocumented).toEqual([]);
  });
});
