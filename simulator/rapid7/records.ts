/**
 * Realistic Rapid7.AuditLog records (Panther's schema) and plain non-audit log lines.
 *
 * Action names and description wording follow Rapid7's audit-logging pages; the values of
 * access_method, product, result and service_info.type follow the (synthetic) fixtures in the API
 * notes, since no public real samples exist. Platform action names are undocumented, so the
 * "platform" profile uses assumed names; clients must treat `action` as an open string anyway.
 */
import { type Rng, uuidFromRng } from "./rng";

export type AuditProfile = "platform" | "idr" | "ivm";
export type MessageProfile = AuditProfile | "firewall";

export interface AuditRecordContext {
  /** Rapid7 customer (organization) id echoed in service_info.event. */
  customerId: string;
  /** Domain used for the organization's people, e.g. "acmecorp.example". */
  emailDomain: string;
}

export interface AuditRecord {
  action: string;
  audit_id: string;
  result: "SUCCESS" | "FAILURE";
  access_method: "UI" | "API" | "AUTOMATION";
  product: string;
  description: string;
  time: string;
  request?: { user: { email: string | null; name: string } };
  service_info: {
    type: "AUDIT";
    previousEntry?: Record<string, unknown>;
    event: {
      type: string;
      correlationId?: string;
      customerId?: string;
      updatedBy?: string;
      initiatorIdentification: {
        email?: string;
        userId?: string;
        apiKeyId?: string;
        automatedFlowName?: string;
        customerId?: string;
      };
      timestamp: number;
    };
  };
}

const PEOPLE = [
  { first: "Alice", last: "Nguyen", userId: "u-1001" },
  { first: "Bob", last: "Okafor", userId: "u-1002" },
  { first: "Carol", last: "Lindqvist", userId: "u-1003" },
  { first: "Dmitri", last: "Petrov", userId: "u-1004" },
  { first: "Esther", last: "Mensah", userId: "u-1005" },
  { first: "Farid", last: "Haddad", userId: "u-1006" },
  { first: "Grace", last: "Kowalski", userId: "u-1007" },
  { first: "Hiro", last: "Tanaka", userId: "u-1008" },
] as const;

const SERVICE_ACCOUNTS = [
  { name: "svc-terraform", apiKeyId: "ak-7731" },
  { name: "svc-soar-integration", apiKeyId: "ak-2209" },
  { name: "svc-siem-export", apiKeyId: "ak-5180" },
] as const;

const AUTOMATED_FLOWS = [
  "Nightly honeypot cleanup",
  "Collector health remediation",
  "Quarterly policy baseline sync",
  "Offboard departed employees",
] as const;

const LOG_NAMES = ["newnet", "Okta SSO", "AWS CloudTrail", "Palo Alto FW", "Windows DCs", "Zscaler Proxy"] as const;
const COLLECTORS = [
  "tulsa.collector.razor.com",
  "orlando.collector.razor.com",
  "dub-collector-01.corp.internal",
  "sfo-collector-02.corp.internal",
] as const;
const HONEYPOTS = [
  "Tulsa Honeypot (finance-db-1 - 10.4.2.111)",
  "Orlando Honeypot (hr-files-2 - 10.8.0.42)",
  "Dublin Honeypot (build-srv-3 - 10.12.5.9)",
] as const;
const ORCHESTRATORS = ["tls-orchestrator", "dub-orchestrator", "sfo-orchestrator-2"] as const;
const EVENT_SOURCES = [
  "Microsoft Active Directory",
  "Okta",
  "Palo Alto Networks Firewall",
  "AWS CloudTrail",
  "Microsoft 365",
  "Cisco Umbrella",
] as const;
const POLICIES = [
  "CIS Ubuntu 22.04 custom",
  "PCI baseline Windows Server 2022",
  "Acme hardened RHEL 9",
  "DISA STIG macOS 14 tailored",
] as const;
const RULE_TITLES = [
  "Ensure SSH root login is disabled",
  "Ensure password expiration is 365 days or less",
  "Ensure auditd service is enabled",
  "Ensure SMBv1 is disabled",
] as const;
const ROLES = ["Read Only", "Analyst", "Platform Admin", "Security Engineer"] as const;

interface ActionSpec {
  action: string;
  /** Relative frequency inside its profile. */
  weight: number;
  describe(rng: Rng, failed: boolean): string;
  previousEntry?(rng: Rng): Record<string, unknown>;
}

const quoted = (value: string): string => `"${value}"`;
const outcome = (failed: boolean, done: string, attempted: string): string => (failed ? attempted : done);

const IDR_ACTIONS: readonly ActionSpec[] = [
  {
    action: "LOG_CREATED",
    weight: 6,
    describe: (rng, failed) => {
      const name = quoted(rng.pick(LOG_NAMES));
      return outcome(failed, `Log ${name} was created`, `Log ${name} could not be created`);
    },
  },
  {
    action: "LOG_UPDATED",
    weight: 10,
    describe: (rng, failed) => {
      const name = quoted(rng.pick(LOG_NAMES));
      return outcome(failed, `Log ${name} was updated`, `Log ${name} could not be updated`);
    },
    previousEntry: (rng) => ({
      name: rng.pick(LOG_NAMES),
      retention_period: rng.pick(["default", "30d", "90d", "365d"]),
      source_type: rng.pick(["TOKEN", "AGENT", "API"]),
    }),
  },
  {
    action: "LOG_DELETED",
    weight: 2,
    describe: (rng, failed) => {
      const name = quoted(rng.pick(LOG_NAMES));
      return outcome(failed, `Log ${name} was deleted`, `Log ${name} could not be deleted`);
    },
  },
  {
    action: "ACTIVATE_COLLECTOR",
    weight: 4,
    describe: (rng, failed) => {
      const collector = rng.pick(COLLECTORS);
      return outcome(failed, `Collector ${collector} activated`, `Collector ${collector} activation failed`);
    },
  },
  {
    action: "DELETE_COLLECTOR",
    weight: 1,
    describe: (rng, failed) => {
      const collector = rng.pick(COLLECTORS);
      return outcome(failed, `Collector ${collector} deleted`, `Collector ${collector} deletion failed`);
    },
  },
  {
    action: "COPY_EVENT_SOURCES",
    weight: 2,
    describe: (rng, failed) => {
      const from = rng.pick(COLLECTORS);
      const to = rng.pick(COLLECTORS.filter((c) => c !== from));
      return outcome(
        failed,
        `Event sources copied from collector ${from} to ${to}`,
        `Copying event sources from collector ${from} to ${to} failed`,
      );
    },
  },
  {
    action: "ACTIVATE_HONEYPOT",
    weight: 2,
    describe: (rng, failed) => {
      const honeypot = rng.pick(HONEYPOTS);
      return outcome(failed, `${honeypot} activated`, `${honeypot} activation failed`);
    },
  },
  {
    action: "DELETE_HONEYPOT",
    weight: 1,
    describe: (rng, failed) => {
      const honeypot = rng.pick(HONEYPOTS);
      return outcome(failed, `${honeypot} deleted`, `${honeypot} deletion failed`);
    },
  },
  {
    action: "ACTIVATE_ORCHESTRATOR",
    weight: 1,
    describe: (rng, failed) => {
      const orchestrator = rng.pick(ORCHESTRATORS);
      return outcome(
        failed,
        `Orchestrator ${orchestrator} activated`,
        `Orchestrator ${orchestrator} activation failed`,
      );
    },
  },
  {
    action: "DELETE_ORCHESTRATOR",
    weight: 1,
    describe: (rng, failed) => {
      const orchestrator = rng.pick(ORCHESTRATORS);
      return outcome(failed, `Orchestrator ${orchestrator} deleted`, `Orchestrator ${orchestrator} deletion failed`);
    },
  },
  {
    action: "ADD_EVENT_SOURCE",
    weight: 5,
    describe: (rng, failed) => {
      const source = rng.pick(EVENT_SOURCES);
      const collector = rng.pick(COLLECTORS);
      return outcome(
        failed,
        `Event source ${source} added to collector ${collector}`,
        `Adding event source ${source} to collector ${collector} failed`,
      );
    },
  },
];

const policyAction = (
  action: string,
  weight: number,
  done: string,
  attempted: string,
  previousEntry?: ActionSpec["previousEntry"],
): ActionSpec => ({
  action,
  weight,
  describe: (rng, failed) => {
    const policy = quoted(rng.pick(POLICIES));
    return `Policy ${policy} ${failed ? attempted : done}`;
  },
  ...(previousEntry ? { previousEntry } : {}),
});

const IVM_ACTIONS: readonly ActionSpec[] = [
  policyAction("SAVE_POLICY", 8, "saved", "save failed"),
  policyAction("UPDATE_POLICY_DESCRIPTION", 4, "description updated", "description update failed", (rng) => ({
    policyName: rng.pick(POLICIES),
    description: rng.pick(["Baseline for production servers", "Draft - do not assign", "Tailored for PCI scope"]),
  })),
  policyAction("UPDATE_POLICY_CPE_INFO", 2, "CPE information updated", "CPE information update failed", (rng) => ({
    cpe: rng.pick([
      "cpe:/o:canonical:ubuntu_linux:22.04",
      "cpe:/o:microsoft:windows_server_2022",
      "cpe:/o:redhat:enterprise_linux:9",
    ]),
  })),
  policyAction("UPDATE_POLICY_RULE_INFO", 4, "rule information updated", "rule information update failed", (rng) => ({
    ruleId: `rule-${rng.between(100, 999)}`,
    title: rng.pick(RULE_TITLES),
    severity: rng.pick(["low", "medium", "high", "critical"]),
  })),
  policyAction("CREATE_NEW_RULE", 3, "rule created", "rule creation failed"),
  policyAction("REORDER_RULES", 1, "rules reordered", "rule reordering failed"),
  policyAction("DELETE_RULES", 1, "rules deleted", "rule deletion failed"),
  policyAction("DISABLE_RULES", 2, "rules disabled", "disabling rules failed"),
  policyAction("ENABLE_RULES", 2, "rules enabled", "enabling rules failed"),
  policyAction("IMPORT_RULES", 1, "rules imported", "rule import failed"),
];

// Assumed names: Rapid7 does not publish the platform (users, keys, roles) action list.
const PLATFORM_ACTIONS: readonly ActionSpec[] = [
  {
    action: "CREATE_API_KEY",
    weight: 2,
    describe: (rng, failed) => {
      const name = quoted(rng.pick(SERVICE_ACCOUNTS).name);
      return outcome(
        failed,
        `Organization API key ${name} created`,
        `Organization API key ${name} could not be created`,
      );
    },
  },
  {
    action: "DELETE_API_KEY",
    weight: 1,
    describe: (rng, failed) => {
      const name = quoted(rng.pick(SERVICE_ACCOUNTS).name);
      return outcome(
        failed,
        `Organization API key ${name} deleted`,
        `Organization API key ${name} could not be deleted`,
      );
    },
  },
  {
    action: "INVITE_USER",
    weight: 2,
    describe: (rng, failed) => {
      const person = rng.pick(PEOPLE);
      return outcome(
        failed,
        `User ${person.first} ${person.last} invited`,
        `Inviting user ${person.first} ${person.last} failed`,
      );
    },
  },
  {
    action: "UPDATE_USER_ROLES",
    weight: 3,
    describe: (rng, failed) => {
      const person = rng.pick(PEOPLE);
      return outcome(
        failed,
        `Roles of ${person.first} ${person.last} updated`,
        `Updating roles of ${person.first} ${person.last} failed`,
      );
    },
    previousEntry: (rng) => ({ roles: [rng.pick(ROLES)] }),
  },
  {
    action: "REMOVE_USER",
    weight: 1,
    describe: (rng, failed) => {
      const person = rng.pick(PEOPLE);
      return outcome(
        failed,
        `User ${person.first} ${person.last} removed`,
        `Removing user ${person.first} ${person.last} failed`,
      );
    },
  },
];

const PROFILE_ACTIONS: Record<AuditProfile, { product: string; actions: readonly ActionSpec[]; totalWeight: number }> =
  {
    idr: withTotal("IDR", IDR_ACTIONS),
    ivm: withTotal("IVM", IVM_ACTIONS),
    platform: withTotal("PLATFORM", PLATFORM_ACTIONS),
  };

function withTotal(product: string, actions: readonly ActionSpec[]) {
  return { product, actions, totalWeight: actions.reduce((sum, a) => sum + a.weight, 0) };
}

function pickWeighted(rng: Rng, profile: AuditProfile): ActionSpec {
  const { actions, totalWeight } = PROFILE_ACTIONS[profile];
  let roll = rng.next() * totalWeight;
  for (const spec of actions) {
    roll -= spec.weight;
    if (roll < 0) return spec;
  }
  return actions[actions.length - 1] as ActionSpec;
}

/**
 * Ingestion lag between the record's own `time` and the Log Search envelope timestamp:
 * mostly sub-second to a few seconds, with a tail up to 30 s.
 */
export function ingestionDelayMs(rng: Rng): number {
  const r = rng.next();
  return 100 + Math.floor(29_900 * r * r * r);
}

export function generateAuditRecord(
  rng: Rng,
  profile: AuditProfile,
  timeMs: number,
  auditId: string,
  context: AuditRecordContext,
): AuditRecord {
  const spec = pickWeighted(rng, profile);
  const failed = rng.chance(0.07);
  const correlationId = uuidFromRng(rng);
  const description = spec.describe(rng, failed);
  const previousEntry = spec.previousEntry?.(rng);
  // IVM's policy builder omits correlation and customer ids (as in the fixtures).
  const customerId = profile === "ivm" ? undefined : context.customerId;
  const initiator = pickInitiator(rng, context, customerId);

  // Every record has the same keys in the documented order; absent ones are undefined, which
  // JSON.stringify drops. One object shape keeps bulk generation fast.
  return {
    action: spec.action,
    audit_id: auditId,
    result: failed ? "FAILURE" : "SUCCESS",
    access_method: initiator.accessMethod,
    product: PROFILE_ACTIONS[profile].product,
    description,
    time: new Date(timeMs).toISOString(),
    request: initiator.requestUser ? { user: initiator.requestUser } : undefined,
    service_info: {
      type: "AUDIT",
      previousEntry,
      event: {
        type: spec.action,
        correlationId: customerId === undefined ? undefined : correlationId,
        customerId,
        updatedBy: initiator.updatedBy,
        initiatorIdentification: initiator.identification,
        timestamp: timeMs,
      },
    },
  };
}

interface Initiator {
  accessMethod: AuditRecord["access_method"];
  requestUser: { email: string | null; name: string } | undefined;
  updatedBy: string | undefined;
  identification: AuditRecord["service_info"]["event"]["initiatorIdentification"];
}

/** Mostly people in the UI, some API-key integrations, a few automation flows. */
function pickInitiator(rng: Rng, context: AuditRecordContext, customerId: string | undefined): Initiator {
  const roll = rng.next();
  if (roll < 0.72) {
    const person = rng.pick(PEOPLE);
    const email = `${person.first}.${person.last}@${context.emailDomain}`.toLowerCase();
    return {
      accessMethod: rng.chance(0.85) ? "UI" : "API",
      requestUser: { email, name: `${person.first} ${person.last}` },
      updatedBy: email,
      identification: { email, userId: person.userId, apiKeyId: undefined, automatedFlowName: undefined, customerId },
    };
  }
  if (roll < 0.9) {
    const account = rng.pick(SERVICE_ACCOUNTS);
    return {
      accessMethod: "API",
      requestUser: { email: null, name: account.name },
      updatedBy: undefined,
      identification: {
        email: undefined,
        userId: undefined,
        apiKeyId: account.apiKeyId,
        automatedFlowName: undefined,
        customerId,
      },
    };
  }
  return {
    accessMethod: "AUTOMATION",
    requestUser: undefined,
    updatedBy: undefined,
    identification: {
      email: undefined,
      userId: undefined,
      apiKeyId: undefined,
      automatedFlowName: rng.pick(AUTOMATED_FLOWS),
      customerId,
    },
  };
}

const FIREWALL_HOSTS = ["fw-edge-01", "fw-edge-02", "fw-dc-core"] as const;
const FIREWALL_RULES = ["allow-web-out", "allow-dns", "deny-smb-inbound", "allow-vpn", "default-deny"] as const;

/** A syslog-style firewall line: deliberately not JSON, like most non-audit logs. */
export function generateFirewallLine(rng: Rng, timestampMs: number): string {
  const rule = rng.pick(FIREWALL_RULES);
  const action = rule.startsWith("deny") || rule === "default-deny" ? "deny" : "allow";
  const src = `10.${rng.between(0, 40)}.${rng.between(0, 255)}.${rng.between(1, 254)}:${rng.between(1024, 65535)}`;
  const dst = `${rng.between(1, 223)}.${rng.between(0, 255)}.${rng.between(0, 255)}.${rng.between(1, 254)}:${rng.pick([53, 443, 445, 80, 1194])}`;
  return (
    `${new Date(timestampMs).toISOString()} ${rng.pick(FIREWALL_HOSTS)} action=${action} ` +
    `proto=${rng.pick(["tcp", "udp"])} src=${src} dst=${dst} rule="${rule}" bytes=${rng.between(60, 250_000)}`
  );
}

export interface GeneratedMessage {
  message: string;
  auditId?: string;
}

/**
 * One message for a log of the given profile whose envelope (ingestion) timestamp is `envelopeMs`.
 * Audit records get an event `time` slightly before the envelope, as real ingestion lags.
 */
export function generateMessage(
  rng: Rng,
  profile: MessageProfile,
  envelopeMs: number,
  auditId: string,
  context: AuditRecordContext,
): GeneratedMessage {
  if (profile === "firewall") return { message: generateFirewallLine(rng, envelopeMs) };
  const record = generateAuditRecord(rng, profile, envelopeMs - ingestionDelayMs(rng), auditId, context);
  return { message: JSON.stringify(record), auditId };
}
