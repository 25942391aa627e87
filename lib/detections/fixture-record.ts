import type { RawRecord } from "./rule";

/**
 * Builds Rapid7 audit records for rule fixtures, shaped like the simulator's and the
 * API notes' samples: a person acts through the UI (request.user, updatedBy, initiator
 * email), an API key acts through the API (request.user with a null email and the
 * service account's name, initiator apiKeyId), an automation flow acts with no user.
 * Fixtures stay one readable line each, and every record is a real Rapid7.AuditLog
 * message (the fixture runner normalizes it with the production normalizer).
 */
export type FixtureRecordSpec = {
  /** RFC 3339 event time. */
  time: string;
  action: string;
  result?: "SUCCESS" | "FAILURE" | null;
  accessMethod?: "UI" | "API" | "AUTOMATION";
  product?: string;
  description?: string;
} & ({ email: string; name?: string } | { apiKeyId: string; name?: string } | { flow: string } | { name: string });

const CUSTOMER_ID = "9f8e7d6c-0000-4000-8000-00000000c0de";
let serial = 0;

export function auditRecord(spec: FixtureRecordSpec): RawRecord {
  serial += 1;
  const suffix = serial.toString(16).padStart(12, "0");
  let accessMethod: string;
  let request: RawRecord | undefined;
  let updatedBy: string | undefined;
  let initiator: RawRecord;
  if ("email" in spec) {
    accessMethod = spec.accessMethod ?? "UI";
    request = { user: { email: spec.email, name: spec.name ?? spec.email.split("@")[0] } };
    updatedBy = spec.email;
    initiator = { email: spec.email, userId: `u-${1000 + (serial % 900)}`, customerId: CUSTOMER_ID };
  } else if ("apiKeyId" in spec) {
    accessMethod = spec.accessMethod ?? "API";
    request = { user: { email: null, name: spec.name ?? "svc-terraform" } };
    initiator = { apiKeyId: spec.apiKeyId, customerId: CUSTOMER_ID };
  } else if ("flow" in spec) {
    accessMethod = spec.accessMethod ?? "AUTOMATION";
    initiator = { automatedFlowName: spec.flow, customerId: CUSTOMER_ID };
  } else {
    accessMethod = spec.accessMethod ?? "UI";
    request = { user: { email: null, name: spec.name } };
    initiator = { customerId: CUSTOMER_ID };
  }
  return {
    action: spec.action,
    audit_id: `f1c7a000-0000-4000-8000-${suffix}`,
    ...(spec.result === null ? {} : { result: spec.result ?? "SUCCESS" }),
    access_method: accessMethod,
    product: spec.product ?? "IDR",
    description: spec.description ?? `${spec.action} (fixture)`,
    time: spec.time,
    ...(request ? { request } : {}),
    service_info: {
      type: "AUDIT",
      event: {
        type: spec.action,
        correlationId: `c1a2b3c4-0000-4000-8000-${suffix}`,
        customerId: CUSTOMER_ID,
        ...(updatedBy ? { updatedBy } : {}),
        initiatorIdentification: initiator,
        timestamp: Date.parse(spec.time),
      },
    },
  };
}
