import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * The one Prisma client (and the pg pool under it, for the few hot paths that need
 * COPY or hand-written SQL). Created on first use so that importing this module never
 * opens a connection, and cached on globalThis so Next's dev reloads reuse it.
 */
type DatabaseHandles = { pool: pg.Pool; prisma: PrismaClient; url: string };

const globalForDb = globalThis as typeof globalThis & { __intakeDb?: DatabaseHandles; __intakeDbUrl?: string };

/** Entry points that start the embedded database call this before touching `db`. */
export function useDatabaseUrl(url: string): void {
  if (globalForDb.__intakeDb && globalForDb.__intakeDb.url !== url) {
    throw new Error("The database connection is already open on another URL.");
  }
  globalForDb.__intakeDbUrl = url;
}

/** The URL the shared client connects to (pg-boss and the migrator use it too). */
export function databaseUrl(): string {
  const url = globalForDb.__intakeDbUrl ?? env().DATABASE_URL;
  if (!url) {
    throw new Error(
      "No database configured: set DATABASE_URL, or start Intake with `npm start` to use the embedded PostgreSQL.",
    );
  }
  return url;
}

/**
 * Connections this process may open: one held by each pull the worker runs at once
 * (lib/sources/pull/connection-budget.ts), and the rest for short queries. Pulls make
 * those while holding theirs, so short queries must never be the ones left waiting.
 */
export const TRANSIENT_CONNECTIONS = 6;
export function poolSize(): number {
  return env().INTAKE_WORKER_CONCURRENCY + TRANSIENT_CONNECTIONS;
}

function handles(): DatabaseHandles {
  if (!globalForDb.__intakeDb) {
    const url = databaseUrl();
    const pool = new pg.Pool({ connectionString: url, max: poolSize(), application_name: "intake" });
    // An idle client losing its connection (database restart) must not crash the process.
    pool.on("error", () => {});
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    globalForDb.__intakeDb = { pool, prisma, url };
  }
  return globalForDb.__intakeDb;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = handles().prisma;
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export function pool(): pg.Pool {
  return handles().pool;
}

export async function disconnectDatabase(): Promise<void> {
  const current = globalForDb.__intakeDb;
  globalForDb.__intakeDb = undefined;
  if (!current) return;
  await current.prisma.$disconnect();
  await current.pool.end();
}
