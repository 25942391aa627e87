/**
 * Schema-driven log parsing and normalization (Panther log schema YAML -> normalized events with
 * p_ standard fields). Server-only: schemas are read from disk.
 */
export { normalizeRaw, normalizeRecord } from "./normalize";
export { getLogType, findLogType, listLogTypes, clearLogTypeCache, type RegistryOptions } from "./registry";
export { compileLogType, type CompiledLogType } from "./compile";
export {
  loadSchemas,
  parseSchemaText,
  defaultSchemasDir,
  clearSchemaCache,
  SchemaLoadError,
  type SchemaIssue,
  type LoadedSchema,
} from "./load-schemas";
export {
  FIELD_TYPES,
  TIME_FORMATS,
  INDICATOR_KINDS,
  INDEX_COLUMNS,
  type SchemaDefinition,
  type FieldDefinition,
  type ValueDefinition,
  type FieldType,
  type TimeFormat,
  type IndicatorKind,
  type IndexColumn,
} from "./schema-definition";
export { P_ANY_FIELDS, type PAnyField } from "./indicators";
export { storableText } from "./storable-text";
export type {
  NormalizeContext,
  ClassificationFailure,
  FailureCode,
  NormalizedEvent,
  EventIndex,
  NormalizeResult,
} from "./types";

/** Name of the Rapid7 audit log type, as Panther and pypanther spell it. */
export const RAPID7_AUDIT_LOG = "Rapid7.AuditLog";
