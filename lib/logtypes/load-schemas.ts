/**
 * Reads and validates the log type YAML files. Runs once per process (results are cached per
 * folder), so clarity of the error beats speed: every problem names the file, the line, the field
 * path and what is wrong, and all problems of a file are reported together.
 */
import fs from "node:fs";
import path from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { ConfigurationError } from "@/lib/errors";
import { validateSchemaDefinition, type DefinitionIssue, type SchemaDefinition } from "./schema-definition";

export interface SchemaIssue {
  file: string;
  line?: number;
  column?: number;
  /** Dotted field path, e.g. `service_info.event.timestamp`; absent for top-level keys. */
  fieldPath?: string;
  /** The key inside that field (or at the top level) that is wrong, e.g. `type`. */
  property?: string;
  problem: string;
}

function formatIssue(issue: SchemaIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  const field = issue.fieldPath ? ` field "${issue.fieldPath}"` : "";
  const property = issue.property ? ` ${issue.property}:` : "";
  return `${where}:${field}${property} ${issue.problem}`;
}

export class SchemaLoadError extends ConfigurationError {
  readonly issues: readonly SchemaIssue[];
  constructor(issues: SchemaIssue[]) {
    const lines = issues.map(formatIssue);
    super(
      issues.length === 1
        ? `Invalid log type schema: ${lines[0]}`
        : `Invalid log type schemas (${issues.length} problems):\n${lines.map((l) => `  - ${l}`).join("\n")}`,
    );
    this.issues = issues;
  }
}

/** Default location; resolved from the working directory so it also works from .next builds. */
export function defaultSchemasDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), "lib/logtypes/schemas");
}

/**
 * Translates a zod issue path such as ["fields", 6, "fields", 1, "type"] into the field path
 * `service_info.event` and the property `type`, using the names found in the raw document.
 */
function describeIssuePath(raw: unknown, issuePath: readonly PropertyKey[]): { fieldPath?: string; property?: string } {
  const names: string[] = [];
  let node: unknown = raw;
  let i = 0;
  while (i < issuePath.length) {
    const key = issuePath[i];
    const next = issuePath[i + 1];
    if (key === "fields" && typeof next === "number") {
      const item = Array.isArray((node as { fields?: unknown })?.fields)
        ? ((node as { fields: unknown[] }).fields[next] as unknown)
        : undefined;
      const name = (item as { name?: unknown } | undefined)?.name;
      names.push(typeof name === "string" && name !== "" ? name : `fields[${next}]`);
      node = item;
      i += 2;
    } else if (key === "element" && names.length > 0 && i + 1 < issuePath.length) {
      names[names.length - 1] += "[]";
      node = (node as { element?: unknown } | undefined)?.element;
      i += 1;
    } else {
      break;
    }
  }
  const rest = issuePath
    .slice(i)
    .map((k, j) => (typeof k === "number" ? `[${k}]` : j === 0 ? String(k) : `.${String(k)}`));
  return {
    ...(names.length > 0 ? { fieldPath: names.join(".") } : {}),
    ...(rest.length > 0 ? { property: rest.join("") } : {}),
  };
}

/** The closest YAML node to an issue path that exists, for a line number. */
function locate(
  doc: Document,
  lineCounter: LineCounter,
  issuePath: readonly PropertyKey[],
): { line: number; column: number } | undefined {
  for (let len = issuePath.length; len >= 0; len--) {
    const node = doc.getIn(issuePath.slice(0, len) as (string | number)[], true);
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return undefined;
}

function toSchemaIssues(
  file: string,
  raw: unknown,
  issues: readonly DefinitionIssue[],
  doc: Document,
  lineCounter: LineCounter,
): SchemaIssue[] {
  const result = issues.map((issue): SchemaIssue => {
    const unknownKey = issue.unknownKeys?.[0];
    const described = describeIssuePath(raw, issue.path);
    return {
      file,
      ...locate(doc, lineCounter, unknownKey === undefined ? issue.path : [...issue.path, unknownKey]),
      ...described,
      ...(unknownKey !== undefined
        ? { property: described.property ? `${described.property}.${unknownKey}` : unknownKey }
        : {}),
      problem: issue.message,
    };
  });
  return result.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * Parses and validates one schema file's text. `file` is only used in error messages.
 * Throws SchemaLoadError.
 */
export function parseSchemaText(text: string, file: string): SchemaDefinition {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new SchemaLoadError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          file,
          line: pos.line,
          column: pos.col,
          problem: `YAML syntax error: ${e.message.split("\n")[0]}`,
        };
      }),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new SchemaLoadError([{ file, problem: `YAML could not be read: ${(error as Error).message}` }]);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new SchemaLoadError([{ file, problem: "the file must contain a YAML mapping with schema and fields" }]);
  }
  const validated = validateSchemaDefinition(raw);
  if (!validated.success) throw new SchemaLoadError(toSchemaIssues(file, raw, validated.issues, doc, lineCounter));
  return validated.data;
}

export interface LoadedSchema {
  /** Absolute path of the YAML file. */
  readonly file: string;
  readonly definition: SchemaDefinition;
}

const cache = new Map<string, readonly LoadedSchema[]>();

/**
 * Every `*.yml` / `*.yaml` in the folder, validated, sorted by file name. Each file must define
 * the log type named like the file (`Rapid7.AuditLog.yml` -> `schema: Rapid7.AuditLog`), so a
 * log type is always found where its name says. Failures are not cached: fix the file, retry.
 */
export function loadSchemas(dir: string = defaultSchemasDir()): readonly LoadedSchema[] {
  const folder = path.resolve(/*turbopackIgnore: true*/ dir);
  const hit = cache.get(folder);
  if (hit) return hit;

  let entries: string[];
  try {
    entries = fs.readdirSync(/*turbopackIgnore: true*/ folder);
  } catch (error) {
    throw new SchemaLoadError([
      { file: folder, problem: `cannot read the log type schema folder (${(error as Error).message})` },
    ]);
  }
  const files = entries.filter((f) => f.endsWith(".yml") || f.endsWith(".yaml")).sort();

  const issues: SchemaIssue[] = [];
  const loaded: LoadedSchema[] = [];
  const byName = new Map<string, string>();
  for (const name of files) {
    const file = path.join(/*turbopackIgnore: true*/ folder, name);
    try {
      const definition = parseSchemaText(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8"), file);
      const expectedName = name.replace(/\.ya?ml$/, "");
      if (definition.schema !== expectedName) {
        issues.push({
          file,
          property: "schema",
          problem: `defines "${definition.schema}" but the file is named for "${expectedName}"; rename one of them`,
        });
        continue;
      }
      const other = byName.get(definition.schema);
      if (other) {
        issues.push({ file, property: "schema", problem: `"${definition.schema}" is already defined in ${other}` });
        continue;
      }
      byName.set(definition.schema, file);
      loaded.push(Object.freeze({ file, definition }));
    } catch (error) {
      if (error instanceof SchemaLoadError) issues.push(...error.issues);
      else issues.push({ file, problem: `cannot read the file (${(error as Error).message})` });
    }
  }
  if (issues.length > 0) throw new SchemaLoadError(issues);

  const result = Object.freeze(loaded);
  cache.set(folder, result);
  return result;
}

export function clearSchemaCache(): void {
  cache.clear();
}
