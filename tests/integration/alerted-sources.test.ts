import { beforeAll, describe, expect, it } from "vitest";
import { listAlertedSources } from "@/lib/alerts/alerted-sources";
import { raiseAlert, resolveAlertByKey } from "@/lib/alerts/service";
import { pool } from "@/lib/db";
import { useTestDatabase } from "../helpers/database";
import { insertSource, type SeedSource } from "../helpers/seed-events";

/** The alert list's source filter, on a real database: only sources that have alerts, by name. */
let zulu: SeedSource;
let alpha: SeedSource;

beforeAll(async () => {
  await useTestDatabase();
  zulu = await insertSource(pool(), { name: "Zulu with alerts" });
  alpha = await insertSource(pool(), { name: "alpha with alerts" });
  for (let index = 0; index < 20; index += 1) await insertSource(pool(), { name: `Quiet ${index}` });
});

describe("sources the alert list can filter by", () => {
  it("is empty before any alert", async () => {
    expect(await listAlertedSources()).toEqual([]);
  });

  it("lists each source with alerts once, by name whatever its case, and no source without", async () => {
    for (const [source, key] of [
      [zulu, "zulu-1"],
      [zulu, "zulu-2"],
      [alpha, "alpha-1"],
    ] as const)
      await raiseAlert({ kind: "detection", severity: "high", dedupKey: key, title: key, sourceId: source.id });
    await raiseAlert({ kind: "detection", severity: "low", dedupKey: "no-source", title: "Not about a source" });
    expect(await listAlertedSources()).toEqual([
      { id: alpha.id, name: alpha.name },
      { id: zulu.id, name: zulu.name },
    ]);
  });

  it("names a deleted source whose alerts were kept as deleted, still in its place by name", async () => {
    const mike = await insertSource(pool(), { name: "Mike with alerts" });
    await raiseAlert({ kind: "detection", severity: "high", dedupKey: "mike-1", title: "mike-1", sourceId: mike.id });
    await pool().query("UPDATE log_sources SET deleted_at = now(), name_key = 'deleted:' || id WHERE id = $1", [
      mike.id,
    ]);
    expect((await listAlertedSources()).map((source) => source.name)).toEqual([
      alpha.name,
      "Mike with alerts (deleted)",
      zulu.name,
    ]);
    await pool().query("DELETE FROM alerts WHERE source_id = $1", [mike.id]);
  });

  it("keeps a source whose alerts are all resolved: resolved alerts are filtered by source too", async () => {
    expect(await resolveAlertByKey("alpha-1", "Recovered.")).toBe(true);
    expect((await listAlertedSources()).map((source) => source.name)).toEqual([alpha.name, zulu.name]);
  });
});
