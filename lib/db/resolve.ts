import path from "node:path";
import { dataDir } from "@/lib/config/paths";
import { secrets } from "@/lib/config/secrets";
import { type RunningPostgres, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { env } from "@/lib/env";

export const EMBEDDED_DATABASE_NAME = "intake";

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under the data directory. */
export async function resolveDatabase(
  options: { adoptOrphan?: boolean } = {},
): Promise<RunningPostgres & { embedded: boolean }> {
  const settings = env();
  if (settings.DATABASE_URL) {
    return { url: settings.DATABASE_URL, owned: false, embedded: false, stop: async () => {} };
  }
  const running = await startEmbeddedPostgres({
    dataDir: path.join(dataDir(), "postgres"),
    port: settings.INTAKE_EMBEDDED_PG_PORT,
    password: secrets().embeddedPostgresPassword,
    database: EMBEDDED_DATABASE_NAME,
    adoptOrphan: options.adoptOrphan,
  });
  return { ...running, embedded: true };
}
