/** Drives the Rapid7 simulator the console talks to (started by global setup) over its control API. */
export async function simulatorControl<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const origin = process.env.E2E_SIMULATOR_ORIGIN;
  if (!origin)
    throw new Error("E2E_SIMULATOR_ORIGIN is not set: the browser tests' global setup did not start the simulator.");
  const response = await fetch(`${origin}/_control${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A fresh admin key for the seeded us3 organization, unique to the calling test. */
export async function freshApiKey(label: string, admin = true): Promise<string> {
  const key = `e2e-${label}-${crypto.randomUUID()}`;
  await simulatorControl("POST", "/keys", { key, region: "us3", admin });
  return key;
}

type Stats = { requests: { key: string; family: "query" | "management"; status: number; count: number }[] };

/** The requests the simulator answered (or reset) that carried this key, by API family and status. */
export async function requestsWithKey(key: string): Promise<{ family: string; status: number; count: number }[]> {
  const stats = await simulatorControl<Stats>("GET", "/stats");
  return stats.requests
    .filter((entry) => entry.key === key)
    .map(({ family, status, count }) => ({ family, status, count }));
}

/** Drops queued faults and restores the default knobs, so one test's outage never reaches the next. */
export async function restoreSimulator(): Promise<void> {
  await simulatorControl("DELETE", "/faults");
  await simulatorControl("DELETE", "/knobs");
}
