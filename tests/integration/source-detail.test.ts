import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { getSourceDetail } from "@/lib/sources/detail";
import { useTestDatabase } from "../helpers/database";
import { insertSource, seedFailures } from "../helpers/seed-events";

beforeAll(async () => {
  await useTestDatabase();
});

describe("the source page's loader", () => {
  it("counts the classification failures of the last 24 hours, of this source only", async () => {
    const source = await insertSource(pool());
    const other = await insertSource(pool());
    await seedFailures(pool(), source, [{ raw: "one" }, { raw: "two" }, { raw: "old" }]);
    await seedFailures(pool(), other, [{ raw: "elsewhere" }]);
    await pool().query("UPDATE classification_failures SET created_at = now() - interval '25 hours' WHERE raw = 'old'");

    expect((await getSourceDetail(source.id)).recentFailures).toBe(2);
    expect((await getSourceDetail(other.id)).recentFailures).toBe(1);
  });

  it("reads nothing about a source that does not exist or was deleted", async () => {
    const source = await insertSource(pool());
    await seedFailures(pool(), source, [{ raw: "kept with the deleted source" }]);
    await pool().query("UPDATE log_sources SET deleted_at = now() WHERE id = $1", [source.id]);
    await expect(getSourceDetail(source.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getSourceDetail(crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError);
  });
});
