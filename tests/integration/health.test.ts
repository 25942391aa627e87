import { beforeAll, describe, expect, it } from "vitest";
import { disconnectDatabase, useDatabaseUrl } from "@/lib/db";
import { livenessReport } from "@/lib/liveness/report";
import { startHeartbeat } from "@/lib/worker/heartbeat";
import { useTestDatabase } from "../helpers/database";
import { freePort } from "../helpers/free-port";

beforeAll(async () => {
  await useTestDatabase();
});

describe("GET /api/health's report", () => {
  it("is 200 while the database answers, and says whether a worker is alive", async () => {
    expect(await livenessReport()).toEqual({
      httpStatus: 200,
      body: { status: "ok", database: "ok", worker: "offline", workers: 0 },
    });
    const heartbeat = await startHeartbeat({ intervalSeconds: 10, version: "test" });
    expect(await livenessReport()).toEqual({
      httpStatus: 200,
      body: { status: "ok", database: "ok", worker: "online", workers: 1 },
    });
    await heartbeat.stop();
  });

  it("is 503 when the database does not answer", async () => {
    await disconnectDatabase();
    // Nothing listens on this port.
    useDatabaseUrl(`postgresql://intake:pw@127.0.0.1:${await freePort()}/intake`);
    expect(await livenessReport()).toEqual({ httpStatus: 503, body: { status: "error", database: "unreachable" } });
    await disconnectDatabase();
  });
});
