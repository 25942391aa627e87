/**
 * Schema-driven log parsing and normalization (Panther log schema YAML -> normalized events with
 * p_ standard fields). Server-only: schemas are read from disk.
 */
export { normalizeRaw, normalizeRecord } from "./normalize";
export { getLogType, findLogType, listLogTypes, clearLogTypeCache } from "./registry";
export { compileLogType, type CompiledLogType } from "./compile";
export { loadSchemas, parseSchemaText, defaultSchemasDir, SchemaLoadError } from "./load-schemas";
export { storableText } from "./storable-text";
export type { NormalizeContext, ClassificationFailure, FailureCode, NormalizedEvent, NormalizeResult } from "./types";

/** Name of the Rapid7 audit log type, as Panther and pypanther spell it. */
export const RAPID7_AUDIT_LOG = "Rapid7.AuditLog";
