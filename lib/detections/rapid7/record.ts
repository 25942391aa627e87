import type { DetectionEvent, Person } from "../rule";

/**
 * Reading a normalized Rapid7.AuditLog record. The schema makes every field but action,
 * audit_id and time optional, and Rapid7 fills them differently for people, API keys and
 * automation flows, so each accessor checks the shape and returns undefined rather than
 * throwing: a rule must never fail on an odd record.
 */
type Json = Record<string, unknown>;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function object(value: unknown): Json | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

function serviceEvent(event: DetectionEvent): Json | undefined {
  return object(object(event.record.service_info)?.event);
}

/** UI, API or AUTOMATION (upper-cased); undefined when absent. */
function accessMethodOf(event: DetectionEvent): string | undefined {
  return text(event.record.access_method)?.toUpperCase();
}

type Initiator = { email?: string; userId?: string; apiKeyId?: string; automatedFlowName?: string };

/** service_info.event.initiatorIdentification: who Rapid7 says started the action. */
function initiatorOf(event: DetectionEvent): Initiator {
  const initiator = object(serviceEvent(event)?.initiatorIdentification);
  const out: Initiator = {};
  const email = text(initiator?.email);
  const userId = text(initiator?.userId);
  const apiKeyId = text(initiator?.apiKeyId);
  const automatedFlowName = text(initiator?.automatedFlowName);
  if (email) out.email = email;
  if (userId) out.userId = userId;
  if (apiKeyId) out.apiKeyId = apiKeyId;
  if (automatedFlowName) out.automatedFlowName = automatedFlowName;
  return out;
}

/** request.user: the signed-in user, or the service account's name for API-key calls (email null). */
function requestUserOf(event: DetectionEvent): { email?: string; name?: string } {
  const user = object(object(event.record.request)?.user);
  const out: { email?: string; name?: string } = {};
  const email = text(user?.email);
  const name = text(user?.name);
  if (email) out.email = email;
  if (name) out.name = name;
  return out;
}

/** The API key that made the change, if one did. */
export function apiKeyIdOf(event: DetectionEvent): string | undefined {
  return initiatorOf(event).apiKeyId;
}

/** Made through the API: access_method API, or an initiator identified by an API key id. */
export function isApiKeyActivity(event: DetectionEvent): boolean {
  return accessMethodOf(event) === "API" || apiKeyIdOf(event) !== undefined;
}

/** A failed action (result FAILURE); records without a result are treated as done. */
export function isFailure(event: DetectionEvent): boolean {
  return event.result?.toUpperCase() === "FAILURE";
}

/**
 * Who acted, as the event store can look them up: a person's email first (initiator,
 * then request user, then updatedBy), else the API key, else the request user's name.
 * Automation flows have no person: null.
 */
export function personOf(event: DetectionEvent): Person | null {
  const initiator = initiatorOf(event);
  const user = requestUserOf(event);
  const email = initiator.email ?? user.email ?? text(serviceEvent(event)?.updatedBy);
  if (email) return { kind: "email", value: email };
  if (initiator.apiKeyId) return { kind: "apiKey", value: initiator.apiKeyId };
  if (user.name) return { kind: "username", value: user.name };
  return null;
}

/** A human (email or name), not an API key or automation: who "familiar" and "seen" apply to. */
export function humanOf(event: DetectionEvent): Person | null {
  const person = personOf(event);
  if (!person || person.kind === "apiKey" || apiKeyIdOf(event) || accessMethodOf(event) === "AUTOMATION") return null;
  return person;
}

/**
 * A stable, readable name for whoever acted, used as a dedup key and in alert titles:
 * "alice@example.com", "API key ak-7731", "svc-terraform", "automation Nightly cleanup".
 * Only identifiers go in (not the service account's display name next to a key), so
 * one actor always gets one label.
 */
export function actorLabelOf(event: DetectionEvent): string {
  const initiator = initiatorOf(event);
  const person = personOf(event);
  if (person?.kind === "apiKey") return `API key ${person.value}`;
  if (person) return person.value;
  if (initiator.automatedFlowName) return `automation ${initiator.automatedFlowName}`;
  return "unknown actor";
}
