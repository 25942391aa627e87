/** Shared helpers for the Rapid7 simulator tests: everything goes over loopback HTTP with fetch. */
import {
  DEMO_US3_ADMIN_KEY,
  type Rapid7Simulator,
  type Rapid7SimulatorOptions,
  startRapid7Simulator,
} from "@/simulator/rapid7";

export interface Rapid7Link {
  rel: string;
  href: string;
}

export interface Rapid7Event {
  labels: unknown[];
  timestamp: number;
  sequence_number: number;
  sequence_number_str: string;
  log_id: string;
  message: string;
  links: Rapid7Link[];
}

/** Union of the bodies the simulator answers with; each test reads the fields it expects. */
export interface Rapid7Body {
  message?: string;
  code?: number;
  id?: string;
  logs?: unknown;
  log?: Record<string, unknown>;
  logsets?: Array<Record<string, unknown>>;
  progress?: number;
  leql?: { statement: string; during: { from: number; to: number; time_range?: string } };
  events?: Rapid7Event[];
  links?: Rapid7Link[];
  statistics?: {
    count: number;
    groups: Array<Record<string, { count: number }>>;
    stats: { global_timeseries: { count: number } };
  };
}

export interface ApiResult {
  status: number;
  headers: Headers;
  text: string;
  body: Rapid7Body;
}

export const FIXED_NOW = Date.UTC(2025, 5, 2, 12, 0, 0);

/** A simulator on a random port with the default demo seed and a controllable clock. */
export async function startTestSimulator(
  options: Rapid7SimulatorOptions = {},
): Promise<{ sim: Rapid7Simulator; clock: { now: number } }> {
  const clock = { now: FIXED_NOW };
  const sim = await startRapid7Simulator({ now: () => clock.now, ...options });
  return { sim, clock };
}

export async function call(
  url: string,
  options: { key?: string | null; method?: string; json?: unknown; headerName?: string } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? DEMO_US3_ADMIN_KEY : options.key;
  if (key !== null) headers[options.headerName ?? "X-Api-Key"] = key;
  if (options.json !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method: options.method ?? "GET",
    headers,
    ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
  });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.startsWith("application/json") ?? false;
  const body = (isJson ? JSON.parse(text) : {}) as Rapid7Body;
  return { status: response.status, headers: response.headers, text, body };
}

export function api(sim: Rapid7Simulator, region: string, path: string): string {
  return `${sim.baseUrlTemplate.replace("{region}", region)}/${path}`;
}

export function queryUrl(
  sim: Rapid7Simulator,
  logIds: string | string[],
  params: Record<string, string | number | boolean | undefined>,
  region = "us3",
): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
  const ids = Array.isArray(logIds) ? logIds.join(":") : logIds;
  return `${api(sim, region, `log_search/query/logs/${ids}`)}?${search.toString()}`;
}

export function linkOf(body: Rapid7Body, rel: string): string | undefined {
  return body.links?.find((link) => link.rel.toLowerCase() === rel.toLowerCase())?.href;
}

/**
 * A careful client: polls Self while a query is pending (202, or any Self link), takes events from
 * completed pages and follows Next. Returns every event and the status sequence it saw.
 */
export async function readAllPages(
  startUrl: string,
  options: { key?: string; maxRequests?: number } = {},
): Promise<{ events: Rapid7Event[]; statuses: number[] }> {
  const events: Rapid7Event[] = [];
  const statuses: number[] = [];
  let url: string | undefined = startUrl;
  while (url) {
    if (statuses.length >= (options.maxRequests ?? 1000)) throw new Error("too many requests");
    const result = await call(url, options.key ? { key: options.key } : {});
    statuses.push(result.status);
    if (result.status !== 200 && result.status !== 202) throw new Error(`unexpected ${result.status}: ${result.text}`);
    const self = linkOf(result.body, "Self");
    if (result.status === 202 || self) {
      url = self;
      continue;
    }
    const page = result.body.events ?? [];
    events.push(...page);
    // Quirky final pages may carry a Next link to an empty page; stop on an empty page.
    url = page.length > 0 ? linkOf(result.body, "Next") : undefined;
  }
  return { events, statuses };
}

export function auditIdOf(event: Rapid7Event): string {
  return (JSON.parse(event.message) as { audit_id: string }).audit_id;
}
