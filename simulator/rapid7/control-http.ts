/**
 * HTTP mirror of SimulatorControl under /_control/*, for driving a simulator that runs in another
 * process (the demo, e2e tests). Unauthenticated: the simulator is a loopback test double.
 */
import type { ServerResponse } from "node:http";
import { z } from "zod";
import type { SimulatorControl } from "./control";
import { toJsonBytes } from "./json";
import { SimulatorStateError } from "./state";

export const CONTROL_PREFIX = "/_control";

class ControlRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const faultsBody = z.union([z.array(z.unknown()), z.object({ faults: z.array(z.unknown()) }).strict()]);
const resetBody = z
  .object({ seed: z.union([z.literal(false), z.record(z.string(), z.unknown())]).optional() })
  .strict();
const liveBody = z.object({ eventsPerMinute: z.number().min(0) }).strict();
const keyRightsBody = z.object({ admin: z.boolean() }).strict();

export function handleControlRequest(
  control: SimulatorControl,
  method: string,
  url: URL,
  bodyText: string,
  res: ServerResponse,
): void {
  let status = 200;
  let payload: unknown;
  try {
    payload = dispatch(control, method, url, parseBody(bodyText));
  } catch (error) {
    status = error instanceof ControlRequestError ? error.status : isInputError(error) ? 400 : 500;
    payload = { message: describeError(error) };
  }
  const bytes = toJsonBytes(payload ?? { ok: true });
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": bytes.length });
  res.end(bytes);
}

function dispatch(control: SimulatorControl, method: string, url: URL, body: unknown): unknown {
  const route = `${method} ${url.pathname.slice(CONTROL_PREFIX.length) || "/"}`;
  const query = Object.fromEntries(url.searchParams);
  switch (route) {
    case "GET /state":
      return control.describe();
    case "GET /logs/find":
      return control.findLog(query);
    case "GET /knobs":
      return control.getKnobs();
    case "POST /knobs":
      return control.setKnobs(body as Parameters<SimulatorControl["setKnobs"]>[0]);
    case "DELETE /knobs":
      return control.resetKnobs();
    case "POST /faults": {
      const parsed = faultsBody.parse(body);
      control.injectFaults(
        (Array.isArray(parsed) ? parsed : parsed.faults) as Parameters<SimulatorControl["injectFaults"]>[0],
      );
      return { pendingFaults: control.stats().pendingFaults };
    }
    case "DELETE /faults":
      control.clearFaults();
      return { pendingFaults: 0 };
    case "POST /chaos":
      control.setChaos(body as Parameters<SimulatorControl["setChaos"]>[0]);
      return { ok: true };
    case "DELETE /chaos":
      control.setChaos(null);
      return { ok: true };
    case "POST /events/append":
      return { entries: control.appendEvents(body as Parameters<SimulatorControl["appendEvents"]>[0]) };
    case "POST /events/late":
      return { entries: control.addLateEvents(body as Parameters<SimulatorControl["addLateEvents"]>[0]) };
    case "POST /bulk":
      return control.seedBulk(body as Parameters<SimulatorControl["seedBulk"]>[0]);
    case "GET /entries":
      return {
        entries: control.listEntries({
          ...query,
          ...(query.offset !== undefined ? { offset: Number(query.offset) } : {}),
          ...(query.limit !== undefined ? { limit: Number(query.limit) } : {}),
        } as Parameters<SimulatorControl["listEntries"]>[0]),
      };
    case "GET /stats":
      return control.stats();
    case "POST /reset": {
      const parsed = resetBody.parse(body);
      control.reset(parsed.seed as Parameters<SimulatorControl["reset"]>[0]);
      return { ok: true };
    }
    case "POST /keys":
      return control.addKey(body as Parameters<SimulatorControl["addKey"]>[0]);
    case "POST /orgs":
      return control.addOrg(body as Parameters<SimulatorControl["addOrg"]>[0]);
    case "DELETE /logs":
      return { removed: control.removeLog(query) };
    case "POST /live":
      control.setLiveEventsPerMinute(liveBody.parse(body).eventsPerMinute);
      return { ok: true };
  }
  const revoke = /^DELETE \/keys\/(.+)$/.exec(route);
  if (revoke) return { revoked: control.revokeKey(decodeURIComponent(revoke[1] ?? "")) };
  const rights = /^POST \/keys\/(.+)\/rights$/.exec(route);
  if (rights) return control.setKeyAdmin(decodeURIComponent(rights[1] ?? ""), keyRightsBody.parse(body).admin);
  throw new ControlRequestError(404, `unknown control endpoint: ${route}`);
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlRequestError(400, "body must be JSON");
  }
}

function isInputError(error: unknown): boolean {
  return error instanceof z.ZodError || error instanceof SimulatorStateError || error instanceof RangeError;
}

function describeError(error: unknown): string {
  if (error instanceof z.ZodError) {
    return error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
  }
  return error instanceof Error ? error.message : String(error);
}
