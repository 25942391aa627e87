import { defineConfig } from "prisma/config";
import { setting } from "./lib/env";

// Intake applies migrations itself (lib/db/migrator.ts, `npm run db:migrate`), recording
// them exactly as `prisma migrate deploy` would, so either tool can take over a database
// the other migrated. Prisma's commands that connect (migrate deploy, migrate status) use
// DATABASE_URL, read and validated by the env module; `prisma generate` needs none.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: setting("DATABASE_URL") },
});
