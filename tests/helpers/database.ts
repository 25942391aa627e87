import { inject } from "vitest";
import { disconnectDatabase, useDatabaseUrl } from "@/lib/db";
import { createDatabase } from "./test-postgres";

/** A fresh migrated database for this test file, wired into lib/db. */
export async function useTestDatabase(): Promise<string> {
  const url = await createDatabase(inject("pgAdminUrl"));
  await disconnectDatabase();
  useDatabaseUrl(url);
  return url;
}

export async function emptyTestDatabase(): Promise<string> {
  return createDatabase(inject("pgAdminUrl"), { empty: true });
}
