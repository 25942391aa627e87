import { existsSync } from "node:fs";
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

const envShape = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// connection URL")
      .optional(),
  ),
  PORT: port(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
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
  INTAKE_DATA_DIR: z.string().min(1).default(".data"),
  INTAKE_EMBEDDED_PG_PORT: port(54329),
  INTAKE_ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
  INTAKE_ADMIN_PASSWORD: optionalText.pipe(z.string().min(12, "must be at least 12 characters").optional()),
  INTAKE_ADMIN_NAME: optionalText,
  INTAKE_WORKERS: z.coerce.number().int().min(0).max(32).default(1),
  INTAKE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  INTAKE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  INTAKE_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  INTAKE_DEMO: booleanFlag,
  INTAKE_SIMULATOR_PORT: port(4010),
  RAPID7_BASE_URL_TEMPLATE: z
    .string()
    .default("https://{region}.api.insight.rapid7.com")
    .refine((value) => value.includes("{region}"), "must contain the {region} placeholder")
    .refine((value) => /^https?:\/\//.test(value), "must start with http:// or https://"),
});

/** Every variable Intake reads (documented in .env.example; a test keeps the two in step). */
export const ENV_VARIABLES = Object.keys(envShape.shape);

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

/** How to fix each variable, shown next to the validation message. */
const fixes: Record<string, string> = {
  DATABASE_URL: "set it to a URL like postgresql://user:password@db.internal:5432/intake, or unset it to use the embedded PostgreSQL",
  PORT: "set it to a free TCP port, e.g. PORT=3000",
  NEXTAUTH_URL: "set it to the URL people open the console at, e.g. https://intake.example.com",
  NEXTAUTH_SECRET: "generate one with `openssl rand -base64 32` and keep it the same on every web process",
  INTAKE_ENCRYPTION_KEY: "generate one with `openssl rand -base64 32`; every web and worker process needs the same key (see README, rotating the encryption key)",
  INTAKE_PREVIOUS_ENCRYPTION_KEY: "set it to the key being rotated out, only while `npm run keys:rotate` re-encrypts stored keys",
  INTAKE_EMBEDDED_PG_PORT: "set it to a free TCP port for the embedded PostgreSQL, e.g. 54329",
  INTAKE_ADMIN_EMAIL: "set both INTAKE_ADMIN_EMAIL and INTAKE_ADMIN_PASSWORD, or neither",
  INTAKE_ADMIN_PASSWORD: "set both INTAKE_ADMIN_EMAIL and INTAKE_ADMIN_PASSWORD (12+ characters), or neither",
  INTAKE_WORKERS: "set a whole number of worker processes between 0 and 32",
  INTAKE_WORKER_CONCURRENCY: "set a whole number between 1 and 256",
  INTAKE_LOG_LEVEL: "use one of debug, info, warn, error",
  RAPID7_BASE_URL_TEMPLATE: "leave it unset for the real Rapid7 API, or use e.g. http://127.0.0.1:4010/{region} for the simulator",
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
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "configuration");
    const raw = source[name];
    const shown = raw === undefined ? "" : isSecretName(name) ? " (value hidden)" : ` (got "${raw}")`;
    const fix = fixes[name];
    return `${name} ${issue.message}${shown}.${fix ? ` Fix: ${fix}.` : ""}`;
  });
  throw new InvalidEnvironmentError(problems);
}

function isSecretName(name: string): boolean {
  return /SECRET|PASSWORD|KEY|DATABASE_URL/.test(name);
}

let cached: Env | undefined;

/** Validated settings for this process (reads `.env` once if present). */
export function env(): Env {
  if (cached) return cached;
  if (process.env.NODE_ENV !== "test" && existsSync(".env")) {
    process.loadEnvFile(".env");
  }
  cached = parseEnv(process.env);
  return cached;
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
