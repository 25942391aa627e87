import { existsSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

/**
 * The only reader of process.env. Every setting Intake understands is declared here,
 * validated once, and documented in .env.example. A bad value stops the process with
 * a message that names the variable and says how to fix it.
 */

const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((value) => value === "1" || value === "true" || value === "yes");

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);

/** An IP address (v4 or v6), or a CIDR range such as 10.0.0.0/8 or fd00::/8. */
export function isAddressOrRange(entry: string): boolean {
  const [address = "", bits, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const addressList = optionalText.pipe(
  z
    .string()
    .optional()
    .transform((value) =>
      (value ?? "")
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine(
      (entries) => entries.every(isAddressOrRange),
      "must be a comma-separated list of IP addresses or CIDR ranges",
    ),
);

/** A host name (letters, digits, hyphens, dots) or an IP address. */
export function isHostNameOrAddress(entry: string): boolean {
  if (isIP(entry) !== 0) return true;
  return (
    entry.length <= 253 &&
    /^(?=.*[a-z])[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i.test(entry)
  );
}

const hostList = optionalText.pipe(
  z
    .string()
    .optional()
    // Compared with a URL's host name: lower case, IPv6 without brackets, no trailing dot.
    .transform((value) =>
      (value ?? "")
        .split(",")
        .map((entry) =>
          entry
            .trim()
            .toLowerCase()
            .replace(/^\[(.*)\]$/, "$1")
            .replace(/\.$/, ""),
        )
        .filter(Boolean),
    )
    .refine(
      (entries) => entries.every(isHostNameOrAddress),
      "must be a comma-separated list of host names or IP addresses (no ports, paths or wildcards)",
    ),
);

const envShape = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// connection URL")
      .optional(),
  ),
  PORT: port(3000),
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:_-]+$/, "must be an interface address or host name")
    .default("127.0.0.1"),
  INTAKE_TRUSTED_PROXIES: addressList,
  NEXTAUTH_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  NEXTAUTH_SECRET: optionalText.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  INTAKE_ENCRYPTION_KEY: optionalText.pipe(
    z
      .string()
      .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 random bytes, base64-encoded")
      .optional(),
  ),
  INTAKE_PREVIOUS_ENCRYPTION_KEY: optionalText.pipe(
    z
      .string()
      .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 random bytes, base64-encoded")
      .optional(),
  ),
  INTAKE_DATA_DIR: z.string().trim().min(1, "must not be empty").default(".data"),
  INTAKE_EMBEDDED_PG_PORT: port(54329),
  INTAKE_ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
  INTAKE_ADMIN_PASSWORD: optionalText.pipe(z.string().min(12, "must be at least 12 characters").optional()),
  INTAKE_ADMIN_NAME: optionalText.pipe(z.string().max(100, "must be at most 100 characters").optional()),
  INTAKE_WORKERS: z.coerce.number().int().min(0).max(32).default(1),
  /** Web server processes sharing the console's port (Node's cluster module): one renders pages on one core. */
  INTAKE_WEB_PROCESSES: z.coerce.number().int().min(1).max(32).default(1),
  INTAKE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  INTAKE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  /** Largest Rapid7 record (message, in bytes) stored as an event; larger ones become classification failures. */
  INTAKE_MAX_RECORD_BYTES: z.coerce
    .number()
    .int()
    .min(16 * 1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024),
  INTAKE_METRICS_TOKEN: optionalText.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  /** How long transient Rapid7 errors (429, 5xx, timeouts) may last before they make a source unhealthy. */
  INTAKE_TRANSIENT_HOLD_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
  /** How often an open alert is sent again to its destinations; 0 sends it only when it opens, changes or resolves. */
  INTAKE_ALERT_RENOTIFY_MINUTES: z.coerce.number().int().min(0).max(10_080).default(240),
  /** Minutes after a coverage window ends before Intake compares it with Rapid7's count (Rapid7 may still be indexing it). */
  INTAKE_COVERAGE_SETTLE_MINUTES: z.coerce
    .number({ message: "must be a number of minutes, e.g. 60" })
    .int("must be a whole number of minutes")
    .min(15, "must be at least 15 minutes (Rapid7 needs time to index late records)")
    .max(1440, "must be at most 1440 minutes (one day)")
    .default(60),
  /** Percent of each Rapid7 key's query rate limit that reconciliation may spend; live pulls keep the rest. */
  INTAKE_RECONCILE_RATE_LIMIT_PERCENT: z.coerce
    .number({ message: "must be a percentage, e.g. 10" })
    .int("must be a whole percentage")
    .min(0, "must be between 0 (reconciliation off) and 50")
    .max(50, "must be at most 50, so live pulls always keep half of the key's requests")
    .default(10),
  INTAKE_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  INTAKE_DEMO: booleanFlag,
  INTAKE_SIMULATOR_PORT: port(4010),
  INTAKE_DESTINATION_ALLOWED_HOSTS: hostList,
  RAPID7_BASE_URL_TEMPLATE: z
    .string()
    .default("https://{region}.api.insight.rapid7.com")
    .refine((value) => value.includes("{region}"), "must contain the {region} placeholder")
    .refine((value) => /^https?:\/\//.test(value), "must start with http:// or https://"),
  // Browser tests only (playwright.config.ts; bin/prepare.mjs reads it too,
  // before any dependency is installed, so it cannot use this module).
  CHROMIUM_PATH: optionalText.pipe(
    z
      .string()
      .refine(
        (value) => path.isAbsolute(value) && existsSync(value),
        "must be the absolute path of an existing Chromium or Chrome executable",
      )
      .optional(),
  ),
});

export type EnvName = keyof typeof envShape.shape;

/** Every variable Intake reads (documented in .env.example; a test keeps the two in step). */
export const ENV_VARIABLES = Object.keys(envShape.shape) as EnvName[];

const envSchema = envShape.superRefine((env, ctx) => {
  if ((env.INTAKE_ADMIN_EMAIL === undefined) !== (env.INTAKE_ADMIN_PASSWORD === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [env.INTAKE_ADMIN_EMAIL === undefined ? "INTAKE_ADMIN_EMAIL" : "INTAKE_ADMIN_PASSWORD"],
      message: "must be set together with the other of INTAKE_ADMIN_EMAIL / INTAKE_ADMIN_PASSWORD",
    });
  }
  // With an external database several machines share one set of data, so the keys
  // that encrypt and sign it cannot be generated per machine: they must be given.
  if (env.DATABASE_URL !== undefined) {
    for (const name of ["NEXTAUTH_SECRET", "INTAKE_ENCRYPTION_KEY"] as const) {
      if (env[name] === undefined) {
        ctx.addIssue({ code: "custom", path: [name], message: "is required when DATABASE_URL is set" });
      }
    }
  }
});

export type Env = z.infer<typeof envSchema>;

/** How to fix each variable, shown next to the validation message. Every variable has one. */
export const ENV_FIXES: Record<EnvName, string> = {
  NODE_ENV: "use one of production, development, test, or unset it (production)",
  DATABASE_URL:
    "set it to a URL like postgresql://user:password@db.internal:5432/intake, or unset it to use the embedded PostgreSQL",
  PORT: "set it to a free TCP port, e.g. PORT=3000",
  HOST: "set it to the address to listen on, e.g. HOST=127.0.0.1 (this machine only) or HOST=0.0.0.0 (every interface, behind a reverse proxy)",
  INTAKE_TRUSTED_PROXIES:
    "list the addresses of your reverse proxies, e.g. INTAKE_TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8, or unset it when clients connect directly",
  NEXTAUTH_URL: "set it to the URL people open the console at, e.g. https://intake.example.com",
  NEXTAUTH_SECRET: "generate one with `openssl rand -base64 32` and keep it the same on every web process",
  INTAKE_ENCRYPTION_KEY:
    "generate one with `openssl rand -base64 32`; every web and worker process needs the same key (see README, rotating the encryption key)",
  INTAKE_PREVIOUS_ENCRYPTION_KEY:
    "set it to the key being rotated out, only while `npm run keys:rotate` re-encrypts stored keys",
  INTAKE_DATA_DIR:
    "set it to a directory Intake may write to, e.g. INTAKE_DATA_DIR=/var/lib/intake, or unset it to use .data",
  INTAKE_EMBEDDED_PG_PORT: "set it to a free TCP port for the embedded PostgreSQL, e.g. 54329",
  INTAKE_ADMIN_EMAIL: "set both INTAKE_ADMIN_EMAIL (a valid email address) and INTAKE_ADMIN_PASSWORD, or neither",
  INTAKE_ADMIN_PASSWORD: "set both INTAKE_ADMIN_EMAIL and INTAKE_ADMIN_PASSWORD (12+ characters), or neither",
  INTAKE_ADMIN_NAME: "set the first admin's display name, up to 100 characters, or unset it",
  INTAKE_WORKERS: "set a whole number of worker processes between 0 and 32",
  INTAKE_WEB_PROCESSES:
    "set a whole number of web server processes between 1 and 32, e.g. one per core, or unset it (1)",
  INTAKE_WORKER_CONCURRENCY: "set a whole number between 1 and 256",
  INTAKE_HEARTBEAT_SECONDS: "set a whole number of seconds between 1 and 300, e.g. INTAKE_HEARTBEAT_SECONDS=10",
  INTAKE_MAX_RECORD_BYTES:
    "set a whole number of bytes between 16384 (16 KiB) and 16777216 (16 MiB), e.g. INTAKE_MAX_RECORD_BYTES=262144, or unset it (256 KiB)",
  INTAKE_METRICS_TOKEN:
    "generate one with `openssl rand -hex 32` and give the same value to Prometheus as its bearer token, or unset it to turn /metrics off",
  INTAKE_TRANSIENT_HOLD_MINUTES:
    "set a whole number of minutes between 0 and 1440, e.g. INTAKE_TRANSIENT_HOLD_MINUTES=10, or unset it (10)",
  INTAKE_ALERT_RENOTIFY_MINUTES:
    "set a whole number of minutes between 0 (never) and 10080 (a week), e.g. INTAKE_ALERT_RENOTIFY_MINUTES=240, or unset it (240)",
  INTAKE_COVERAGE_SETTLE_MINUTES:
    "set a whole number of minutes between 15 and 1440, e.g. INTAKE_COVERAGE_SETTLE_MINUTES=60, or unset it (60)",
  INTAKE_RECONCILE_RATE_LIMIT_PERCENT:
    "set a whole percentage between 0 (reconciliation off) and 50, e.g. INTAKE_RECONCILE_RATE_LIMIT_PERCENT=10, or unset it (10)",
  INTAKE_LOG_LEVEL: "use one of debug, info, warn, error",
  INTAKE_DEMO: "use 1 (or true, yes) to run the Rapid7 simulator, 0 (or false, no) not to",
  INTAKE_SIMULATOR_PORT: "set it to a free TCP port for the demo's Rapid7 simulator, e.g. 4010",
  INTAKE_DESTINATION_ALLOWED_HOSTS:
    "list the exact host names or IP addresses of internal alert receivers, e.g. INTAKE_DESTINATION_ALLOWED_HOSTS=siem.corp.example,10.0.4.20, or unset it to send only to public addresses",
  RAPID7_BASE_URL_TEMPLATE:
    "leave it unset for the real Rapid7 API, or use e.g. http://127.0.0.1:4010/{region} for the simulator",
  CHROMIUM_PATH:
    "point it at a Chromium or Chrome executable, e.g. CHROMIUM_PATH=/usr/bin/chromium, or unset it to use the usual places",
};

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Intake cannot start: invalid configuration.\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "InvalidEnvironmentError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new InvalidEnvironmentError(
    result.error.issues.map((issue) =>
      describeProblem(String(issue.path[0] ?? "configuration"), issue.message, source),
    ),
  );
}

function describeProblem(name: string, message: string, source: Record<string, string | undefined>): string {
  const raw = source[name];
  const shown = raw === undefined ? "" : isSecretName(name) ? " (value hidden)" : ` (got "${raw}")`;
  const fix = name in ENV_FIXES ? ENV_FIXES[name as EnvName] : undefined;
  return `${name} ${message}${shown}.${fix ? ` Fix: ${fix}.` : ""}`;
}

function isSecretName(name: string): boolean {
  return /SECRET|PASSWORD|KEY|TOKEN|DATABASE_URL/.test(name);
}

let cached: Env | undefined;
let dotEnvLoaded = false;

/** Reads `.env` into the environment once, if present (never in tests); set variables win. */
function loadDotEnv(): void {
  if (dotEnvLoaded) return;
  dotEnvLoaded = true;
  if (process.env.NODE_ENV !== "test" && existsSync(".env")) {
    process.loadEnvFile(".env");
  }
}

/** Validated settings for this process (reads `.env` once if present). */
export function env(): Env {
  if (cached) return cached;
  loadDotEnv();
  cached = parseEnv(process.env);
  return cached;
}

/**
 * One validated setting, for tools that need only it and must not fail on the rest
 * (prisma.config.ts, playwright.config.ts). Same rules and messages as env().
 */
export function setting<K extends EnvName>(name: K): Env[K] {
  loadDotEnv();
  const result = envShape.shape[name].safeParse(process.env[name]);
  if (result.success) return result.data as Env[K];
  throw new InvalidEnvironmentError(
    result.error.issues.map((issue) => describeProblem(name, issue.message, process.env)),
  );
}

/** Where bin/prepare.mjs also looks for Chromium when CHROMIUM_PATH is unset. */
export const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
] as const;

/** The Chromium the browser tests run: CHROMIUM_PATH, else the first usual place that has one. */
export function chromiumPath(): string {
  return (
    setting("CHROMIUM_PATH") ?? CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate)) ?? CHROMIUM_CANDIDATES[0]
  );
}

/**
 * The environment for a child process this one starts (web server, workers,
 * simulator): the parent's environment plus the given overrides.
 */
export function childEnvironment(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

/** Forget the cached settings; for tests that start processes with other settings. */
export function resetEnvCache(): void {
  cached = undefined;
}
