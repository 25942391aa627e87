import { defineConfig } from "prisma/config";

// Only `prisma generate` runs here (it needs no database). Migrations are applied by
// `npm run db:migrate` (lib/db/migrate-cli.ts), which records them exactly as
// `prisma migrate deploy` would, so either tool can take over an existing database.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
