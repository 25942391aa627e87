import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrator";
import { emptyTestDatabase } from "../helpers/database";
import { findSchemaDrift, loadDmmf } from "../helpers/schema-drift";

async function exec(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("schema drift", () => {
  it("the migrated database matches schema.prisma: every model, field, type, index and relation", async () => {
    const url = await emptyTestDatabase();
    await migrate(url);
    const dmmf = loadDmmf();
    expect(dmmf.models.length).toBeGreaterThan(0);
    expect(await findSchemaDrift(url, dmmf)).toEqual([]);
  });

  it("reports a hand-written migration that drifts (so the check above can fail)", async () => {
    const url = await emptyTestDatabase();
    await migrate(url);
    await exec(
      url,
      `ALTER TABLE users ALTER COLUMN name DROP NOT NULL;
       ALTER TABLE users ALTER COLUMN email TYPE varchar(100);
       DROP INDEX users_email_key;
       ALTER TABLE worker_heartbeats DROP COLUMN version;
       ALTER TABLE worker_heartbeats ADD COLUMN stray int;
       CREATE TABLE orphan_table (id int);
       ALTER TABLE events DROP CONSTRAINT events_source_id_fkey;
       ALTER TABLE events ADD CONSTRAINT events_source_id_fkey FOREIGN KEY (source_id) REFERENCES log_sources(id) ON DELETE RESTRICT;
       DROP INDEX events_emails_idx;
       CREATE INDEX events_emails_idx ON events (emails);
       ALTER TABLE log_sources ALTER COLUMN paused DROP DEFAULT;`,
    );
    const problems = await findSchemaDrift(url);
    expect(problems).toEqual(
      expect.arrayContaining([
        "column users.name is nullable but the schema says required",
        "column users.email is character varying(100) but the schema says text",
        "unique index users_email_key on users(email) is missing",
        "column worker_heartbeats.version (WorkerHeartbeat.version) is missing",
        "column worker_heartbeats.stray exists but is not in model WorkerHeartbeat",
        "table orphan_table exists but no model maps to it",
        "foreign key events_source_id_fkey (Event.source -> LogSource) has ON DELETE Restrict but the schema says Cascade",
        "normal index events_emails_idx on events(emails) uses btree instead of gin",
        "column log_sources.paused has no database default but the schema declares one",
      ]),
    );
  });
});
