/**
 * The log type schema format: Panther's custom-log YAML (`schema`, `fields`, `type`,
 * `timeFormats`, `isEventTime`, `indicators`, ...), restricted to the JSON subset Intake
 * implements, plus one optional Intake extension (`index`).
 *
 * Everything a schema may say is a closed list here, so a typo in a YAML file is a load-time
 * error with a file and a field path instead of a silently ignored key at 3 a.m.
 */
import { z } from "zod";

export const FIELD_TYPES = [
  "string",
  "timestamp",
  "object",
  "json",
  "bigint",
  "int",
  "float",
  "boolean",
  "array",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const TIME_FORMATS = ["rfc3339", "unix", "unix_ms", "unix_us", "unix_ns"] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

/** Panther's indicator scanners that Intake implements; each feeds one or two `p_any_*` fields. */
export const INDICATOR_KINDS = [
  "ip",
  "domain",
  "hostname",
  "net_addr",
  "url",
  "email",
  "username",
  "md5",
  "sha1",
  "sha256",
  "trace_id",
  "aws_arn",
  "aws_account_id",
  "aws_instance_id",
  "aws_tag",
  "mac",
  "serial_number",
] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** Columns the event store indexes besides the indicator arrays. */
export const INDEX_COLUMNS = ["auditId", "action", "result", "product", "description"] as const;
export type IndexColumn = (typeof INDEX_COLUMNS)[number];

export interface ValueDefinition {
  type: FieldType;
  description?: string | undefined;
  timeFormats?: TimeFormat[] | undefined;
  isEventTime?: boolean | undefined;
  indicators?: IndicatorKind[] | undefined;
  fields?: FieldDefinition[] | undefined;
  element?: ValueDefinition | undefined;
}

export interface FieldDefinition extends ValueDefinition {
  name: string;
  required?: boolean | undefined;
}

export interface SchemaDefinition {
  version?: 0 | undefined;
  schema: string;
  description?: string | undefined;
  referenceURL?: string | undefined;
  fields: FieldDefinition[];
  /** Intake extension: index column -> dotted field path. Unset columns use a naming convention. */
  index?: Partial<Record<IndexColumn, string>> | undefined;
}

// Panther's own JSON Schema for log schemas uses this pattern for `schema`.
const SCHEMA_NAME = /^[A-Z][A-Za-z0-9_]*(\.[A-Z][A-Za-z0-9_]*)*$/;

const oneOf = (values: readonly string[]) => values.join(", ");

const fieldType = z.enum(FIELD_TYPES, {
  error: (issue) =>
    issue.input === undefined
      ? `"type" is missing; expected one of ${oneOf(FIELD_TYPES)}`
      : `unknown type ${JSON.stringify(issue.input)}; expected one of ${oneOf(FIELD_TYPES)}`,
});

const timeFormat = z.enum(TIME_FORMATS, {
  error: (issue) => `unknown time format ${JSON.stringify(issue.input)}; expected one of ${oneOf(TIME_FORMATS)}`,
});

const indicatorKind = z.enum(INDICATOR_KINDS, {
  error: (issue) => `unknown indicator ${JSON.stringify(issue.input)}; expected one of ${oneOf(INDICATOR_KINDS)}`,
});

const valueShape = {
  type: fieldType,
  description: z.string().optional(),
  timeFormats: z.array(timeFormat).min(1, "timeFormats must list at least one format").optional(),
  isEventTime: z.boolean().optional(),
  indicators: z.array(indicatorKind).optional(),
  fields: z.lazy(() => fieldList).optional(),
  element: z.lazy(() => elementDefinition).optional(),
};

/** Rules that depend on `type`; shared by fields and array elements. */
function checkTypeRules(value: ValueDefinition, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", message, path: [path] });
  if (value.type === "timestamp") {
    if (!value.timeFormats) issue("timeFormats", "a timestamp field needs timeFormats (for example [rfc3339])");
  } else {
    if (value.timeFormats)
      issue("timeFormats", `timeFormats is only allowed on timestamp fields, not on type ${value.type}`);
    if (value.isEventTime)
      issue("isEventTime", `isEventTime is only allowed on timestamp fields, not on type ${value.type}`);
  }
  if (value.type === "object") {
    if (!value.fields || value.fields.length === 0) issue("fields", "an object field needs a non-empty fields list");
  } else if (value.fields) {
    issue("fields", `fields is only allowed on object fields, not on type ${value.type}`);
  }
  if (value.type === "array") {
    if (!value.element)
      issue("element", "an array field needs an element definition (for example element: {type: string})");
  } else if (value.element) {
    issue("element", `element is only allowed on array fields, not on type ${value.type}`);
  }
  if (value.indicators && value.indicators.length > 0 && value.type !== "string") {
    issue("indicators", `indicators are only allowed on string values, not on type ${value.type}`);
  }
}

const elementDefinition: z.ZodType<ValueDefinition> = z.strictObject(valueShape).superRefine((value, ctx) => {
  checkTypeRules(value, ctx);
  if (value.isEventTime) {
    ctx.addIssue({ code: "custom", message: "isEventTime is not supported on array elements", path: ["isEventTime"] });
  }
});

const fieldDefinition: z.ZodType<FieldDefinition> = z
  .strictObject({
    name: z
      .string({ error: (issue) => (issue.input === undefined ? '"name" is missing' : '"name" must be a string') })
      .min(1, "name must not be empty")
      // `out[name] = v` with this name would replace the prototype of the output object.
      .refine((name) => name !== "__proto__", "the field name __proto__ is not allowed"),
    required: z.boolean().optional(),
    ...valueShape,
  })
  .superRefine(checkTypeRules);

const fieldList: z.ZodType<FieldDefinition[]> = z.array(fieldDefinition);

const indexShape = z.strictObject(
  Object.fromEntries(INDEX_COLUMNS.map((c) => [c, z.string().min(1).optional()])) as Record<
    IndexColumn,
    z.ZodOptional<z.ZodString>
  >,
);

/** Finds a field by dotted path through object fields; arrays are not traversed. */
export function resolveFieldPath(fields: readonly FieldDefinition[], path: string): FieldDefinition | undefined {
  let current: readonly FieldDefinition[] | undefined = fields;
  let found: FieldDefinition | undefined;
  for (const segment of path.split(".")) {
    if (!current) return undefined;
    found = current.find((f) => f.name === segment);
    if (!found) return undefined;
    current = found.type === "object" ? found.fields : undefined;
  }
  return found;
}

export const INDEXABLE_TYPES: ReadonlySet<FieldType> = new Set([
  "string",
  "timestamp",
  "bigint",
  "int",
  "float",
  "boolean",
]);

export const schemaDefinition: z.ZodType<SchemaDefinition> = z
  .strictObject({
    version: z.literal(0).optional(),
    schema: z
      .string({ error: '"schema" (the log type name) is missing' })
      .regex(
        SCHEMA_NAME,
        'schema must look like "Vendor.LogName" (letters, digits, underscores; each part starts upper-case)',
      ),
    description: z.string().optional(),
    referenceURL: z.string().optional(),
    fields: fieldList.refine((fields) => fields.length > 0, "fields must list at least one field"),
    index: indexShape.optional(),
  })
  .superRefine((schema, ctx) => {
    for (const column of INDEX_COLUMNS) {
      const target = schema.index?.[column];
      if (target === undefined) continue;
      const field = resolveFieldPath(schema.fields, target);
      if (!field) {
        ctx.addIssue({
          code: "custom",
          message: `index.${column} points at "${target}", which is not a field of this schema`,
          path: ["index", column],
        });
      } else if (!INDEXABLE_TYPES.has(field.type)) {
        ctx.addIssue({
          code: "custom",
          message: `index.${column} points at "${target}" of type ${field.type}; only scalar fields can be indexed`,
          path: ["index", column],
        });
      }
    }
  });

export interface DefinitionIssue {
  /** Path into the raw document, e.g. ["fields", 6, "fields", 1, "type"]. */
  path: PropertyKey[];
  message: string;
  /** Set for unknown keys; path then points at the object holding them. */
  unknownKeys?: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Name rules checked on the raw document rather than in zod, so that they are reported together
 * with type errors elsewhere in the file (zod skips refinements once a nested value failed).
 */
function nameIssues(raw: unknown): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const walk = (fields: unknown, path: PropertyKey[], topLevel: boolean) => {
    if (!Array.isArray(fields)) return;
    const seen = new Map<string, number>();
    fields.forEach((field: unknown, i) => {
      if (!isRecord(field)) return;
      const name = field.name;
      if (typeof name === "string") {
        const first = seen.get(name);
        if (first !== undefined) {
          issues.push({
            path: [...path, i, "name"],
            message: `duplicate field name "${name}" (first declared at fields[${first}])`,
          });
        } else {
          seen.set(name, i);
        }
        if (topLevel && name.startsWith("p_")) {
          issues.push({
            path: [...path, i, "name"],
            message: 'top-level field names starting with "p_" are reserved for standard fields',
          });
        }
      }
      walk(field.fields, [...path, i, "fields"], false);
      let element: unknown = field.element;
      const elementPath: PropertyKey[] = [...path, i, "element"];
      while (isRecord(element)) {
        walk(element.fields, [...elementPath, "fields"], false);
        element = element.element;
        elementPath.push("element");
      }
    });
  };
  if (isRecord(raw)) walk(raw.fields, ["fields"], true);
  return issues;
}

/** zod's structural validation plus the name rules; issues come back unsorted. */
export function validateSchemaDefinition(
  raw: unknown,
): { success: true; data: SchemaDefinition } | { success: false; issues: DefinitionIssue[] } {
  const parsed = schemaDefinition.safeParse(raw);
  const issues: DefinitionIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        if (issue.code === "unrecognized_keys") {
          return {
            path: issue.path,
            message: `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`,
            unknownKeys: issue.keys,
          };
        }
        // zod's generic wording for an absent required key is "Invalid input: expected ..., received undefined".
        const missing =
          issue.code === "invalid_type" && issue.input === undefined && issue.message.startsWith("Invalid input");
        return { path: issue.path, message: missing ? "is missing" : issue.message };
      });
  issues.push(...nameIssues(raw));
  if (issues.length > 0 || !parsed.success) return { success: false, issues };
  return { success: true, data: parsed.data };
}
