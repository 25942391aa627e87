import { describe, expect, it } from "vitest";
import {
  CHROMIUM_CANDIDATES,
  chromiumPath,
  ENV_FIXES,
  ENV_VARIABLES,
  type EnvName,
  InvalidEnvironmentError,
  parseEnv,
  setting,
} from "@/lib/env";

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
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/intake", ...secrets }).DATABASE_URL).toBe(
      "postgresql://u:p@db:5432/intake",
    );
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
    const problems = problemsOf({
      INTAKE_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64"),
      RAPID7_BASE_URL_TEMPLATE: "https://example.com",
    });
    expect(problems).toEqual([
      expect.stringContaining("INTAKE_ENCRYPTION_KEY must be 32 random bytes, base64-encoded"),
      expect.stringContaining("RAPID7_BASE_URL_TEMPLATE must contain the {region} placeholder"),
    ]);
  });

  it("wants the unattended admin's email and password together", () => {
    expect(problemsOf({ INTAKE_ADMIN_EMAIL: "a@example.com" })).toEqual([
      expect.stringMatching(/^INTAKE_ADMIN_PASSWORD must be set together/),
    ]);
  });
});

/** A bad value for every variable (with what else it needs to be judged on its own). */
const BAD_VALUES: Record<EnvName, Record<string, string>> = {
  NODE_ENV: { NODE_ENV: "staging" },
  DATABASE_URL: { DATABASE_URL: "mysql://db/intake", ...secrets },
  PORT: { PORT: "eighty" },
  HOST: { HOST: "every interface" },
  INTAKE_TRUSTED_PROXIES: { INTAKE_TRUSTED_PROXIES: "10.0.0.1, proxy.internal" },
  NEXTAUTH_URL: { NEXTAUTH_URL: "intake.example.com" },
  NEXTAUTH_SECRET: { NEXTAUTH_SECRET: "short" },
  INTAKE_ENCRYPTION_KEY: { INTAKE_ENCRYPTION_KEY: "not-32-bytes" },
  INTAKE_PREVIOUS_ENCRYPTION_KEY: { INTAKE_PREVIOUS_ENCRYPTION_KEY: "not-32-bytes" },
  INTAKE_DATA_DIR: { INTAKE_DATA_DIR: "  " },
  INTAKE_EMBEDDED_PG_PORT: { INTAKE_EMBEDDED_PG_PORT: "70000" },
  INTAKE_ADMIN_EMAIL: { INTAKE_ADMIN_EMAIL: "not-an-email", INTAKE_ADMIN_PASSWORD: "a long enough password" },
  INTAKE_ADMIN_PASSWORD: { INTAKE_ADMIN_EMAIL: "admin@example.com", INTAKE_ADMIN_PASSWORD: "short" },
  INTAKE_ADMIN_NAME: { INTAKE_ADMIN_NAME: "x".repeat(101) },
  INTAKE_WORKERS: { INTAKE_WORKERS: "-1" },
  INTAKE_WEB_PROCESSES: { INTAKE_WEB_PROCESSES: "0" },
  INTAKE_WORKER_CONCURRENCY: { INTAKE_WORKER_CONCURRENCY: "0" },
  INTAKE_HEARTBEAT_SECONDS: { INTAKE_HEARTBEAT_SECONDS: "0" },
  INTAKE_TRANSIENT_HOLD_MINUTES: { INTAKE_TRANSIENT_HOLD_MINUTES: "ten" },
  INTAKE_ALERT_RENOTIFY_MINUTES: { INTAKE_ALERT_RENOTIFY_MINUTES: "-5" },
  INTAKE_MAX_RECORD_BYTES: { INTAKE_MAX_RECORD_BYTES: "1024" },
  INTAKE_METRICS_TOKEN: { INTAKE_METRICS_TOKEN: "too-short" },
  INTAKE_COVERAGE_SETTLE_MINUTES: { INTAKE_COVERAGE_SETTLE_MINUTES: "5" },
  INTAKE_RECONCILE_RATE_LIMIT_PERCENT: { INTAKE_RECONCILE_RATE_LIMIT_PERCENT: "90" },
  INTAKE_LOG_LEVEL: { INTAKE_LOG_LEVEL: "verbose" },
  INTAKE_DEMO: { INTAKE_DEMO: "maybe" },
  INTAKE_SIMULATOR_PORT: { INTAKE_SIMULATOR_PORT: "4o10" },
  INTAKE_DESTINATION_ALLOWED_HOSTS: { INTAKE_DESTINATION_ALLOWED_HOSTS: "siem.corp.example, https://hooks.internal/x" },
  RAPID7_BASE_URL_TEMPLATE: { RAPID7_BASE_URL_TEMPLATE: "ftp://{region}.example.com" },
  CHROMIUM_PATH: { CHROMIUM_PATH: "/nowhere/chromium" },
};

describe("every variable", () => {
  it("has a fix to show next to its validation message", () => {
    const missing = ENV_VARIABLES.filter((name) => !(ENV_FIXES[name]?.trim().length > 10));
    expect(missing).toEqual([]);
    expect(Object.keys(ENV_FIXES).sort()).toEqual([...ENV_VARIABLES].sort());
  });

  it.each(ENV_VARIABLES)("%s: a bad value stops the start with a message naming it and its fix", (name) => {
    const source = BAD_VALUES[name];
    expect(source, `no bad value listed for ${name}`).toBeDefined();
    const problems = problemsOf(source);
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${name} `)));
    const problem = problems.find((p) => p.startsWith(`${name} `))!;
    expect(problem).toContain(`Fix: ${ENV_FIXES[name]}.`);
  });
});

describe("INTAKE_TRUSTED_PROXIES", () => {
  it("is a list of addresses and ranges, empty by default", () => {
    expect(parseEnv({}).INTAKE_TRUSTED_PROXIES).toEqual([]);
    expect(
      parseEnv({ INTAKE_TRUSTED_PROXIES: " 127.0.0.1, 10.0.0.0/8 ,fd00::/8,::1 " }).INTAKE_TRUSTED_PROXIES,
    ).toEqual(["127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1"]);
    expect(problemsOf({ INTAKE_TRUSTED_PROXIES: "10.0.0.0/33" })).toEqual([
      expect.stringContaining("INTAKE_TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges"),
    ]);
  });
});

describe("INTAKE_DESTINATION_ALLOWED_HOSTS", () => {
  it("is a list of exact host names and addresses, lower-cased, empty by default", () => {
    expect(parseEnv({}).INTAKE_DESTINATION_ALLOWED_HOSTS).toEqual([]);
    expect(
      parseEnv({ INTAKE_DESTINATION_ALLOWED_HOSTS: " SIEM.corp.example, 10.0.4.20 ,[::1],localhost " })
        .INTAKE_DESTINATION_ALLOWED_HOSTS,
    ).toEqual(["siem.corp.example", "10.0.4.20", "::1", "localhost"]);
    for (const bad of ["*.corp.example", "siem.corp.example:8443", "10.0.0.0/8", "https://siem.corp.example"]) {
      expect(problemsOf({ INTAKE_DESTINATION_ALLOWED_HOSTS: bad }), bad).toEqual([
        expect.stringContaining(
          "INTAKE_DESTINATION_ALLOWED_HOSTS must be a comma-separated list of host names or IP addresses",
        ),
      ]);
    }
  });
});

describe("one setting on its own", () => {
  it("is validated with the same message, without judging the other variables", () => {
    const saved = { chromium: process.env.CHROMIUM_PATH, port: process.env.PORT };
    try {
      process.env.PORT = "not a port";
      process.env.CHROMIUM_PATH = "/nowhere/chromium";
      const failure = (() => {
        try {
          setting("CHROMIUM_PATH");
        } catch (error) {
          return error;
        }
      })() as InvalidEnvironmentError;
      expect(failure).toBeInstanceOf(InvalidEnvironmentError);
      expect(failure.problems).toEqual([
        `CHROMIUM_PATH must be the absolute path of an existing Chromium or Chrome executable (got "/nowhere/chromium"). Fix: ${ENV_FIXES.CHROMIUM_PATH}.`,
      ]);
      process.env.CHROMIUM_PATH = process.execPath; // any existing executable passes validation
      expect(chromiumPath()).toBe(process.execPath);
      delete process.env.CHROMIUM_PATH;
      expect(CHROMIUM_CANDIDATES).toContain(chromiumPath());
    } finally {
      for (const [name, value] of [
        ["CHROMIUM_PATH", saved.chromium],
        ["PORT", saved.port],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe(".env.example", () => {
  it("documents every variable the env module reads", async () => {
    const { readFileSync } = await import("node:fs");
    const { ENV_VARIABLES } = await import("@/lib/env");
    const documented = new Set(
      [...readFileSync(".env.example", "utf8").matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]),
    );
    const undocumented = ENV_VARIABLES.filter((name) => name !== "NODE_ENV" && !documented.has(name));
    expect(undocumented).toEqual([]);
  });
});
