/**
 * Log types by name, compiled once per schema folder and process. Callers in the hot path should
 * fetch the CompiledLogType once per batch and reuse it rather than look it up per record.
 */
import path from "node:path";
import { NotFoundError } from "@/lib/errors";
import { compileLogType, type CompiledLogType } from "./compile";
import { clearSchemaCache, defaultSchemasDir, loadSchemas } from "./load-schemas";

export interface RegistryOptions {
  /** Folder of *.yml schemas; defaults to lib/logtypes/schemas under the working directory. */
  schemasDir?: string;
}

const compiled = new Map<string, ReadonlyMap<string, CompiledLogType>>();

function registryFor(options?: RegistryOptions): ReadonlyMap<string, CompiledLogType> {
  const folder = path.resolve(options?.schemasDir ?? defaultSchemasDir());
  let types = compiled.get(folder);
  if (!types) {
    types = new Map(loadSchemas(folder).map((s) => [s.definition.schema, compileLogType(s.definition, s.file)]));
    compiled.set(folder, types);
  }
  return types;
}

/** Throws NotFoundError for unknown names and SchemaLoadError for a broken schema folder. */
export function getLogType(name: string, options?: RegistryOptions): CompiledLogType {
  const types = registryFor(options);
  const logType = types.get(name);
  if (!logType) {
    const known = [...types.keys()].join(", ") || "none";
    throw new NotFoundError(`Unknown log type "${name}". Known log types: ${known}.`);
  }
  return logType;
}

export function findLogType(name: string, options?: RegistryOptions): CompiledLogType | undefined {
  return registryFor(options).get(name);
}

/** All log types, sorted by name. */
export function listLogTypes(options?: RegistryOptions): CompiledLogType[] {
  return [...registryFor(options).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** For tests and hot reload: forget compiled types (schema files are re-read too). */
export function clearLogTypeCache(): void {
  compiled.clear();
  clearSchemaCache();
}
