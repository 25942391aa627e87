import { secrets } from "@/lib/config/secrets";
import { childEnvironment, env } from "@/lib/env";

/**
 * The environment for Intake's own child processes (web, workers). It carries the
 * resolved database URL and secrets explicitly so that children started against the
 * embedded database see exactly what the launcher resolved.
 */
export function intakeChildEnvironment(options: {
  databaseUrl: string;
  rapid7BaseUrlTemplate?: string;
}): NodeJS.ProcessEnv {
  const settings = env();
  const keys = secrets();
  return childEnvironment({
    DATABASE_URL: options.databaseUrl,
    NEXTAUTH_SECRET: keys.authSecret,
    NEXTAUTH_URL: appUrl(),
    INTAKE_ENCRYPTION_KEY: keys.encryptionKey.toString("base64"),
    INTAKE_PREVIOUS_ENCRYPTION_KEY: keys.previousEncryptionKey?.toString("base64"),
    RAPID7_BASE_URL_TEMPLATE: options.rapid7BaseUrlTemplate ?? settings.RAPID7_BASE_URL_TEMPLATE,
  });
}

export function appUrl(): string {
  const settings = env();
  return settings.NEXTAUTH_URL ?? `http://localhost:${settings.PORT}`;
}
