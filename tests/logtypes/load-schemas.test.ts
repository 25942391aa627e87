/** Schema files: validation errors name file, line, field path and problem; a new log type is just a YAML file. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError } from "@/lib/errors";
import {
  clearLogTypeCache,
  defaultSchemasDir,
  getLogType,
  listLogTypes,
  loadSchemas,
  normalizeRaw,
  parseSchemaText,
  SchemaLoadError,
} from "@/lib/logtypes";
import { ctx, expectFailure, expectOk } from "./helpers";

const tempDirs: string[] = [];
function tempFolder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "intake-logtypes-"));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => clearLogTypeCache());

function loadError(files: Record<string, string>): SchemaLoadError {
  const dir = tempFolder(files);
  try {
    loadSchemas(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaLoadError);
    return error as SchemaLoadError;
  }
  throw new Error("expected loadSchemas to throw");
}

const NESTED_UNKNOWN_TYPE = `schema: Acme.Broken
fields:
  - name: id
    type: string
  - name: service_info
    type: object
    fields:
      - name: event
        type: object
        fields:
          - name: kind
            type: strng
`;

describe("the shipped Rapid7 schema", () => {
  it("is the reference YAML, loaded from lib/logtypes/schemas by default", () => {
    expect(defaultSchemasDir()).toBe(path.resolve(process.cwd(), "lib/logtypes/schemas"));
    const [rapid7] = loadSchemas().filter((s) => s.definition.schema === "Rapid7.AuditLog");
    expect(rapid7?.file).toBe(path.join(defaultSchemasDir(), "Rapid7.AuditLog.yml"));
    const def = rapid7!.definition;
    expect(def.description).toBe("Rapid7 InsightIDR audit log");
    expect(def.referenceURL).toBe("https://docs.rapid7.com/insightidr/audit-logging/");
    expect(def.fields.map((f) => f.name)).toEqual([
      "action",
      "audit_id",
      "result",
      "access_method",
      "product",
      "description",
      "service_info",
      "time",
      "request",
    ]);
    expect(def.fields.filter((f) => f.required).map((f) => f.name)).toEqual(["action", "audit_id", "time"]);
  });

  it("compiles with time before service_info.event.timestamp and Rapid7 index columns", () => {
    const logType = getLogType("Rapid7.AuditLog");
    expect(logType.eventTimeFields).toEqual(["time", "service_info.event.timestamp"]);
    expect(logType.indexFields).toEqual({
      auditId: "audit_id",
      action: "action",
      result: "result",
      product: "product",
      description: "description",
    });
    expect(listLogTypes().map((t) => t.name)).toContain("Rapid7.AuditLog");
  });

  it("caches: the same objects until the cache is cleared", () => {
    expect(loadSchemas()).toBe(loadSchemas());
    const a = getLogType("Rapid7.AuditLog");
    expect(getLogType("Rapid7.AuditLog")).toBe(a);
    clearLogTypeCache();
    expect(getLogType("Rapid7.AuditLog")).not.toBe(a);
  });

  it("throws NotFoundError naming the known log types for an unknown name", () => {
    expect(() => getLogType("Rapid7.Nope")).toThrow(NotFoundError);
    expect(() => getLogType("Rapid7.Nope")).toThrow(
      /Unknown log type "Rapid7.Nope". Known log types: .*Rapid7.AuditLog/,
    );
  });
});

describe("schema validation errors", () => {
  it("reports malformed YAML with the file and line", () => {
    const error = loadError({ "Acme.Bad.yml": "schema: Acme.Bad\nfields:\n  - name: id\n    type: [string\n" });
    const file = error.issues[0]!.file;
    expect(path.basename(file)).toBe("Acme.Bad.yml");
    expect(error.issues[0]!.line).toBeGreaterThan(0);
    expect(error.issues[0]!.problem).toMatch(/^YAML syntax error: /);
    expect(error.message).toContain(`${file}:${error.issues[0]!.line}:`);
    expect(error.code).toBe("CONFIGURATION");
  });

  it("reports an unknown type with the file, line, field path and allowed types", () => {
    const error = loadError({ "Acme.Broken.yml": NESTED_UNKNOWN_TYPE });
    expect(error.issues).toHaveLength(1);
    const issue = error.issues[0]!;
    expect(issue).toMatchObject({
      line: 12,
      fieldPath: "service_info.event.kind",
      property: "type",
      problem:
        'unknown type "strng"; expected one of string, timestamp, object, json, bigint, int, float, boolean, array',
    });
    expect(path.basename(issue.file)).toBe("Acme.Broken.yml");
    expect(error.message).toBe(
      `Invalid log type schema: ${issue.file}:12:19: field "service_info.event.kind" type: unknown type "strng"; expected one of string, timestamp, object, json, bigint, int, float, boolean, array`,
    );
  });

  it("collects every problem of every file in one error, in line order", () => {
    const error = loadError({
      "Acme.One.yml": `schema: Acme.One
fields:
  - name: when
    type: timestamp
  - name: id
    requierd: true
    type: string
  - name: id
    type: string
    indicators: [emial]
  - name: n
    type: int
    isEventTime: true
  - name: tags
    type: array
  - name: p_custom
    type: string
`,
      "Acme.Two.yml": NESTED_UNKNOWN_TYPE.replace("Acme.Broken", "Acme.Two"),
    });
    const summary = error.issues.map(
      (i) => `${path.basename(i.file)} ${i.fieldPath ?? "-"} ${i.property ?? "-"}: ${i.problem}`,
    );
    expect(summary).toEqual([
      "Acme.One.yml when timeFormats: a timestamp field needs timeFormats (for example [rfc3339])",
      'Acme.One.yml id requierd: unknown key "requierd"',
      'Acme.One.yml id name: duplicate field name "id" (first declared at fields[1])',
      'Acme.One.yml id indicators[0]: unknown indicator "emial"; expected one of ip, domain, hostname, net_addr, url, email, username, md5, sha1, sha256, trace_id, aws_arn, aws_account_id, aws_instance_id, aws_tag, mac, serial_number',
      "Acme.One.yml n isEventTime: isEventTime is only allowed on timestamp fields, not on type int",
      "Acme.One.yml tags element: an array field needs an element definition (for example element: {type: string})",
      'Acme.One.yml p_custom name: top-level field names starting with "p_" are reserved for standard fields',
      'Acme.Two.yml service_info.event.kind type: unknown type "strng"; expected one of string, timestamp, object, json, bigint, int, float, boolean, array',
    ]);
    expect(error.message).toMatch(/^Invalid log type schemas \(8 problems\):\n {2}- /);
  });

  it.each([
    [
      "a file named for another log type",
      { "Acme.Other.yml": "schema: Acme.Name\nfields:\n  - name: a\n    type: string\n" },
      'defines "Acme.Name" but the file is named for "Acme.Other"',
    ],
    [
      "a missing schema name",
      { "Acme.X.yml": "fields:\n  - name: a\n    type: string\n" },
      '"schema" (the log type name) is missing',
    ],
    [
      "a bad schema name",
      { "acme.x.yml": "schema: acme.x\nfields:\n  - name: a\n    type: string\n" },
      'schema must look like "Vendor.LogName"',
    ],
    ["no fields", { "Acme.X.yml": "schema: Acme.X\nfields: []\n" }, "fields must list at least one field"],
    ["a scalar document", { "Acme.X.yml": "just text\n" }, "the file must contain a YAML mapping"],
    [
      "an object without fields",
      { "Acme.X.yml": "schema: Acme.X\nfields:\n  - name: o\n    type: object\n" },
      "an object field needs a non-empty fields list",
    ],
    [
      "a __proto__ field",
      { "Acme.X.yml": "schema: Acme.X\nfields:\n  - name: __proto__\n    type: string\n" },
      "the field name __proto__ is not allowed",
    ],
    [
      "duplicate YAML keys",
      { "Acme.X.yml": "schema: Acme.X\nschema: Acme.X\nfields:\n  - name: a\n    type: string\n" },
      "YAML syntax error: Map keys must be unique",
    ],
    [
      "an index pointing nowhere",
      { "Acme.X.yml": "schema: Acme.X\nindex:\n  auditId: nope\nfields:\n  - name: a\n    type: string\n" },
      'index.auditId points at "nope", which is not a field of this schema',
    ],
    [
      "an index on an object",
      {
        "Acme.X.yml":
          "schema: Acme.X\nindex:\n  action: o\nfields:\n  - name: o\n    type: object\n    fields:\n      - name: a\n        type: string\n",
      },
      "only scalar fields can be indexed",
    ],
    [
      "a timeFormat that does not exist",
      { "Acme.X.yml": "schema: Acme.X\nfields:\n  - name: t\n    type: timestamp\n    timeFormats: [iso8601]\n" },
      'unknown time format "iso8601"',
    ],
  ])("rejects %s", (_label, files, problem) => {
    expect(loadError(files).message).toContain(problem);
  });

  it("does not cache a failed load: fixing the file is enough", () => {
    const dir = tempFolder({ "Acme.Fix.yml": "schema: Acme.Fix\nfields:\n  - name: a\n    type: strin\n" });
    expect(() => loadSchemas(dir)).toThrow(SchemaLoadError);
    fs.writeFileSync(path.join(dir, "Acme.Fix.yml"), "schema: Acme.Fix\nfields:\n  - name: a\n    type: string\n");
    expect(loadSchemas(dir).map((s) => s.definition.schema)).toEqual(["Acme.Fix"]);
  });

  it("reports a missing folder", () => {
    expect(() => loadSchemas(path.join(os.tmpdir(), "intake-no-such-folder-xyz"))).toThrow(
      /cannot read the log type schema folder/,
    );
  });

  it("parseSchemaText names the file it was given", () => {
    expect(() => parseSchemaText("schema: A.B\nfields: 3\n", "custom/A.B.yml")).toThrow(
      /^Invalid log type schema: custom\/A\.B\.yml:2:9: fields: /,
    );
  });
});

describe("a second log type needs only a YAML file", () => {
  const ACME = `schema: Acme.Login
description: Acme SSO sign-in events
referenceURL: https://example.com/acme/login-events
index:
  auditId: event_id
  action: outcome.verb
  result: outcome.status
fields:
  - name: event_id
    required: true
    type: string
  - name: ts
    type: timestamp
    timeFormats: [unix]
    isEventTime: true
  - name: actor
    required: true
    type: object
    fields:
      - name: login
        type: string
        indicators: [username]
      - name: mail
        type: string
        indicators: [email]
      - name: ip
        type: string
        indicators: [ip]
      - name: seen
        type: timestamp
        timeFormats: [rfc3339]
        isEventTime: true
  - name: outcome
    type: object
    fields:
      - name: verb
        type: string
      - name: status
        type: string
      - name: attempts
        type: int
  - name: product
    type: string
  - name: labels
    type: array
    element:
      type: string
`;

  it("loads, lists and normalizes records of the new type", () => {
    const dir = tempFolder({ "Acme.Login.yml": ACME });
    expect(listLogTypes({ schemasDir: dir }).map((t) => t.name)).toEqual(["Acme.Login"]);
    const logType = getLogType("Acme.Login", { schemasDir: dir });
    expect(logType.description).toBe("Acme SSO sign-in events");
    expect(logType.eventTimeFields).toEqual(["ts", "actor.seen"]);
    expect(logType.indexFields).toEqual({
      auditId: "event_id",
      action: "outcome.verb",
      result: "outcome.status",
      product: "product",
      description: null,
    });

    const raw = JSON.stringify({
      event_id: "evt-1",
      ts: 1717060800.5,
      actor: { login: "jdoe", mail: "JDoe@Example.com", ip: "192.0.2.10", seen: "2024-05-30T09:19:00Z", extra: 1 },
      outcome: { verb: "login", status: "denied", attempts: "3" },
      product: "sso",
      labels: ["mfa", "web"],
    });
    const event = expectOk(normalizeRaw(logType, raw, ctx));
    expect(JSON.stringify(event.record)).toBe(
      JSON.stringify({
        event_id: "evt-1",
        ts: "2024-05-30T09:20:00.500Z",
        actor: { login: "jdoe", mail: "JDoe@Example.com", ip: "192.0.2.10", seen: "2024-05-30T09:19:00.000Z" },
        outcome: { verb: "login", status: "denied", attempts: 3 },
        product: "sso",
        labels: ["mfa", "web"],
        p_log_type: "Acme.Login",
        p_row_id: event.rowId,
        p_event_time: "2024-05-30T09:20:00.500Z",
        p_parse_time: "2024-05-31T08:00:00.000Z",
        p_source_id: ctx.sourceId,
        p_source_label: ctx.sourceLabel,
        p_any_ip_addresses: ["192.0.2.10"],
        p_any_emails: ["JDoe@Example.com"],
        p_any_usernames: ["jdoe"],
      }),
    );
    expect(event.index).toEqual({
      auditId: "evt-1",
      action: "login",
      result: "denied",
      product: "sso",
      description: null,
      emails: ["JDoe@Example.com"],
      usernames: ["jdoe"],
    });

    // Without ts the nested event time is used.
    const fallback = expectOk(
      normalizeRaw(logType, '{"event_id":"e2","actor":{"seen":"2024-05-30T09:19:00+01:00"}}', ctx),
    );
    expect(fallback.record.p_event_time).toBe("2024-05-30T08:19:00.000Z");
    expect(fallback.index.action).toBe("");

    const failure = expectFailure(normalizeRaw(logType, '{"event_id":"e3"}', ctx));
    expect(failure.reason).toBe('Field "actor" is required but missing.');
  });
});
