/**
 * The simulated Rapid7 world: organizations (each living in one region), their logs and log sets,
 * and the API keys that reach them.
 */
import { BulkSegment } from "./bulk-segment";
import { LogEntries, StoredEntry } from "./entries";
import type { AuditRecordContext, MessageProfile } from "./records";
import type { Rapid7Region } from "./regions";
import { stableUuid } from "./rng";
import { MAX_BULK_SEGMENTS, SequenceAllocator } from "./sequence";

export interface LogRecord {
  id: string;
  name: string;
  orgId: string;
  region: Rapid7Region;
  logset: { id: string; name: string };
  sourceType: string;
  /** Audit logs need an admin key to query. */
  audit: boolean;
  profile: MessageProfile;
  entries: LogEntries;
}

export interface OrgRecord {
  id: string;
  name: string;
  region: Rapid7Region;
  context: AuditRecordContext;
  logs: LogRecord[];
}

export interface KeyRecord {
  key: string;
  orgId: string;
  admin: boolean;
}

export interface LogInput {
  name: string;
  logsetName: string;
  id?: string;
  sourceType?: string;
  /** Defaults to true when the log or log set name mentions "audit". */
  audit?: boolean;
  /** What kind of messages generated events get; inferred from the name when omitted. */
  profile?: MessageProfile;
}

export interface OrgInput {
  name: string;
  region: Rapid7Region;
  id?: string;
  emailDomain?: string;
  logs?: LogInput[];
  keys?: Array<{ key: string; admin: boolean }>;
}

/** Identifies a log: by id, or by name within a region (and optionally an org). */
export interface LogSelector {
  region?: Rapid7Region;
  orgId?: string;
  logId?: string;
  logName?: string;
}

export interface LogSnapshot {
  id: string;
  name: string;
  orgId: string;
  region: Rapid7Region;
  logset: { id: string; name: string };
  sourceType: string;
  audit: boolean;
  profile: MessageProfile;
  entryCount: number;
}

export interface OrgSnapshot {
  id: string;
  name: string;
  region: Rapid7Region;
  customerId: string;
  logs: LogSnapshot[];
}

export interface KeySnapshot {
  key: string;
  orgId: string;
  region: Rapid7Region;
  admin: boolean;
}

export class SimulatorStateError extends Error {}

export interface LogsetView {
  id: string;
  name: string;
  logs: LogRecord[];
}

export class SimulatorState {
  private readonly orgs = new Map<string, OrgRecord>();
  private readonly logs = new Map<string, LogRecord>();
  private readonly keys = new Map<string, KeyRecord>();
  private readonly sequences = new SequenceAllocator();
  private bulkSlotsUsed = 0;

  addOrg(input: OrgInput): OrgRecord {
    const id = input.id ?? stableUuid("org", input.region, input.name);
    if (this.orgs.has(id)) throw new SimulatorStateError(`organization ${id} already exists`);
    const org: OrgRecord = {
      id,
      name: input.name,
      region: input.region,
      context: {
        customerId: id,
        emailDomain: input.emailDomain ?? `${input.name.toLowerCase().replace(/[^a-z0-9]+/g, "")}.example`,
      },
      logs: [],
    };
    this.orgs.set(id, org);
    for (const log of input.logs ?? []) this.addLog(org.id, log);
    for (const key of input.keys ?? []) this.addKey({ key: key.key, orgId: org.id, admin: key.admin });
    return org;
  }

  addLog(orgId: string, input: LogInput): LogRecord {
    const org = this.requireOrg(orgId);
    const id = input.id ?? stableUuid("log", org.id, input.name);
    if (this.logs.has(id)) throw new SimulatorStateError(`log ${id} already exists`);
    const audit = input.audit ?? /audit/i.test(`${input.name} ${input.logsetName}`);
    const log: LogRecord = {
      id,
      name: input.name,
      orgId: org.id,
      region: org.region,
      logset: { id: stableUuid("logset", org.id, input.logsetName), name: input.logsetName },
      sourceType: input.sourceType ?? (audit ? "internal" : "token"),
      audit,
      profile: input.profile ?? inferProfile(input.name, audit),
      entries: new LogEntries(),
    };
    this.logs.set(id, log);
    org.logs.push(log);
    return log;
  }

  addKey(input: { key: string; orgId?: string; region?: Rapid7Region; admin: boolean }): KeyRecord {
    if (!input.key) throw new SimulatorStateError("key must not be empty");
    const org = input.orgId
      ? this.requireOrg(input.orgId)
      : [...this.orgs.values()].find((candidate) => candidate.region === input.region);
    if (!org) throw new SimulatorStateError(`no organization in region ${input.region ?? "(none given)"}`);
    const record: KeyRecord = { key: input.key, orgId: org.id, admin: input.admin };
    this.keys.set(input.key, record);
    return record;
  }

  revokeKey(key: string): boolean {
    return this.keys.delete(key);
  }

  /** Grants or takes away a key's Administrator rights (without them, audit log queries answer 403). */
  setKeyAdmin(key: string, admin: boolean): KeyRecord {
    const record = this.keys.get(key);
    if (!record) throw new SimulatorStateError(`unknown key ${key}`);
    record.admin = admin;
    return record;
  }

  /** Deletes a log (audit logging turned off, or the log removed): it leaves the log list and queries for it answer 404. */
  removeLog(logId: string): boolean {
    const log = this.logs.get(logId);
    if (!log) return false;
    this.logs.delete(logId);
    const org = this.orgs.get(log.orgId);
    if (org) org.logs = org.logs.filter((candidate) => candidate.id !== logId);
    return true;
  }

  keyRecord(key: string): KeyRecord | undefined {
    return this.keys.get(key);
  }

  org(orgId: string): OrgRecord | undefined {
    return this.orgs.get(orgId);
  }

  requireOrg(orgId: string): OrgRecord {
    const org = this.orgs.get(orgId);
    if (!org) throw new SimulatorStateError(`unknown organization ${orgId}`);
    return org;
  }

  log(logId: string): LogRecord | undefined {
    return this.logs.get(logId);
  }

  allLogs(): IterableIterator<LogRecord> {
    return this.logs.values();
  }

  findLog(selector: LogSelector): LogRecord {
    if (selector.logId) {
      const log = this.logs.get(selector.logId);
      if (!log) throw new SimulatorStateError(`unknown log ${selector.logId}`);
      return log;
    }
    if (!selector.logName) throw new SimulatorStateError("give logId, or logName with region or orgId");
    const matches = [...this.logs.values()].filter(
      (log) =>
        log.name === selector.logName &&
        (!selector.region || log.region === selector.region) &&
        (!selector.orgId || log.orgId === selector.orgId),
    );
    if (matches.length === 0) throw new SimulatorStateError(`no log named "${selector.logName}"`);
    if (matches.length > 1)
      throw new SimulatorStateError(`several logs are named "${selector.logName}": add region or orgId`);
    return matches[0] as LogRecord;
  }

  /** Log sets are implied by the logs that name them, in first-seen order. */
  logsets(org: OrgRecord): LogsetView[] {
    const byId = new Map<string, LogsetView>();
    for (const log of org.logs) {
      const view = byId.get(log.logset.id) ?? { id: log.logset.id, name: log.logset.name, logs: [] };
      view.logs.push(log);
      byId.set(view.id, view);
    }
    return [...byId.values()];
  }

  appendEntry(
    log: LogRecord,
    timestampMs: number,
    message: string,
    auditId: string | undefined,
    messageLiteral?: string,
  ): StoredEntry {
    const entry = new StoredEntry(this.sequences.allocate(timestampMs), timestampMs, message, auditId, messageLiteral);
    log.entries.insert(entry);
    return entry;
  }

  addBulkSegment(log: LogRecord, range: { fromMs: number; toMs: number; count: number; seed: number }): BulkSegment {
    if (this.bulkSlotsUsed >= MAX_BULK_SEGMENTS) {
      throw new SimulatorStateError(`at most ${MAX_BULK_SEGMENTS} bulk segments per simulator; reset first`);
    }
    const org = this.requireOrg(log.orgId);
    const segment = new BulkSegment({
      slot: this.bulkSlotsUsed,
      ...range,
      profile: log.profile,
      context: org.context,
    });
    this.bulkSlotsUsed++;
    log.entries.addBulkSegment(segment);
    return segment;
  }

  snapshotLog(log: LogRecord): LogSnapshot {
    return {
      id: log.id,
      name: log.name,
      orgId: log.orgId,
      region: log.region,
      logset: { ...log.logset },
      sourceType: log.sourceType,
      audit: log.audit,
      profile: log.profile,
      entryCount: log.entries.size,
    };
  }

  snapshotOrg(org: OrgRecord): OrgSnapshot {
    return {
      id: org.id,
      name: org.name,
      region: org.region,
      customerId: org.context.customerId,
      logs: org.logs.map((log) => this.snapshotLog(log)),
    };
  }

  describe(): { orgs: OrgSnapshot[]; keys: KeySnapshot[] } {
    return {
      orgs: [...this.orgs.values()].map((org) => this.snapshotOrg(org)),
      keys: [...this.keys.values()].map((record) => ({
        key: record.key,
        orgId: record.orgId,
        region: this.requireOrg(record.orgId).region,
        admin: record.admin,
      })),
    };
  }
}

function inferProfile(name: string, audit: boolean): MessageProfile {
  if (!audit) return "firewall";
  if (/insightvm|\bivm\b|policy/i.test(name)) return "ivm";
  if (/platform/i.test(name)) return "platform";
  return "idr";
}
