import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/**
 * Compares the DMMF that `prisma generate` wrote (lib/generated/dmmf.json, from the
 * dmmf generator in schema.prisma) with what the migrations actually built, and lists
 * every difference: models, fields (type, nullability, database default), enums,
 * primary keys, unique and normal indexes (with Prisma's default names) and foreign keys.
 */
type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
};
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
type DmmfIndex = {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  name?: string;
  dbName?: string;
  fields: { name: string }[];
  algorithm?: string;
};
type Dmmf = {
  enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
};

export function loadDmmf(file = path.resolve("lib/generated/dmmf.json")): Dmmf {
  return JSON.parse(readFileSync(file, "utf8")) as Dmmf;
}

type Column = {
  table_name: string;
  column_name: string;
  is_nullable: "YES" | "NO";
  column_default: string | null;
  type: string;
};
type IndexRow = {
  table_name: string;
  index_name: string;
  is_unique: boolean;
  is_primary: boolean;
  columns: string[];
  method: string;
};
type ForeignKey = {
  table_name: string;
  constraint_name: string;
  columns: string[];
  foreign_table: string;
  foreign_columns: string[];
  on_delete: string;
};

const ON_DELETE: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };

export async function findSchemaDrift(connectionString: string, dmmf: Dmmf = loadDmmf()): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const columns = (
      await client.query<Column>(`
        SELECT c.relname AS table_name, a.attname AS column_name,
               CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS is_nullable,
               pg_get_expr(d.adbin, d.adrelid) AS column_default,
               format_type(a.atttypid, a.atttypmod) AS type
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND a.attnum > 0 AND NOT a.attisdropped`)
    ).rows;
    const indexes = (
      await client.query<IndexRow>(`
        SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique,
               ix.indisprimary AS is_primary, am.amname AS method,
               array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
        FROM pg_index ix
        JOIN pg_class t ON t.oid = ix.indrelid
        JOIN pg_class i ON i.oid = ix.indexrelid
        JOIN pg_am am ON am.oid = i.relam
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND NOT t.relispartition`)
    ).rows;
    const foreignKeys = (
      await client.query<ForeignKey>(`
        SELECT t.relname AS table_name, con.conname AS constraint_name, ft.relname AS foreign_table,
               con.confdeltype AS on_delete,
               array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
               array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = ft.oid AND a.attnum = k.attnum ORDER BY k.ord) AS foreign_columns
        FROM pg_constraint con
        JOIN pg_class t ON t.oid = con.conrelid
        JOIN pg_class ft ON ft.oid = con.confrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE con.contype = 'f' AND n.nspname = 'public' AND NOT t.relispartition`)
    ).rows;
    const enums = (
      await client.query<{ name: string; labels: string[] }>(`
        SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' GROUP BY t.typname`)
    ).rows;
    return compare(dmmf, columns, indexes, foreignKeys, enums);
  } finally {
    await client.end();
  }
}

function compare(
  dmmf: Dmmf,
  columns: Column[],
  indexes: IndexRow[],
  foreignKeys: ForeignKey[],
  enums: { name: string; labels: string[] }[],
): string[] {
  const problems: string[] = [];
  const enumNames = new Map(dmmf.enums.map((e) => [e.name, e.dbName ?? e.name]));

  for (const dmmfEnum of dmmf.enums) {
    const dbName = dmmfEnum.dbName ?? dmmfEnum.name;
    const found = enums.find((e) => e.name === dbName);
    const expected = dmmfEnum.values.map((v) => v.dbName ?? v.name);
    if (!found) problems.push(`enum ${dbName} is missing`);
    else if (found.labels.join(",") !== expected.join(",")) {
      problems.push(`enum ${dbName} has values [${found.labels}] but the schema says [${expected}]`);
    }
  }

  const tables = new Set(columns.map((c) => c.table_name));
  const modelTables = new Set<string>();
  for (const model of dmmf.models) {
    const table = model.dbName ?? model.name;
    modelTables.add(table);
    if (!tables.has(table)) {
      problems.push(`table ${table} (model ${model.name}) is missing`);
      continue;
    }
    const tableColumns = new Map(columns.filter((c) => c.table_name === table).map((c) => [c.column_name, c]));
    const modelColumns = new Set<string>();
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      const column = field.dbName ?? field.name;
      modelColumns.add(column);
      const actual = tableColumns.get(column);
      if (!actual) {
        problems.push(`column ${table}.${column} (${model.name}.${field.name}) is missing`);
        continue;
      }
      const expectedType = postgresType(field, enumNames);
      if (actual.type !== expectedType) {
        problems.push(`column ${table}.${column} is ${actual.type} but the schema says ${expectedType}`);
      }
      // Prisma Migrate creates scalar lists as nullable array columns whatever the schema says.
      const expectNullable = !field.isRequired || field.isList;
      if ((actual.is_nullable === "YES") !== expectNullable) {
        problems.push(
          `column ${table}.${column} is ${actual.is_nullable === "YES" ? "nullable" : "NOT NULL"} but the schema says ${expectNullable ? "optional" : "required"}`,
        );
      }
      const expectDbDefault = hasDatabaseDefault(field);
      if (expectDbDefault !== (actual.column_default !== null)) {
        problems.push(
          `column ${table}.${column} ${actual.column_default === null ? "has no" : `has a (${actual.column_default})`} database default but the schema ${expectDbDefault ? "declares one" : "does not"}`,
        );
      }
    }
    for (const column of tableColumns.keys()) {
      if (!modelColumns.has(column))
        problems.push(`column ${table}.${column} exists but is not in model ${model.name}`);
    }
  }
  for (const table of tables) {
    if (table !== "_prisma_migrations" && !modelTables.has(table))
      problems.push(`table ${table} exists but no model maps to it`);
  }

  for (const index of dmmf.indexes) {
    const model = dmmf.models.find((m) => m.name === index.model);
    if (!model) continue;
    const table = model.dbName ?? model.name;
    const wantColumns = index.fields.map((f) => {
      const field = model.fields.find((candidate) => candidate.name === f.name);
      return field?.dbName ?? f.name;
    });
    const suffix = index.type === "id" ? "pkey" : index.type === "unique" ? "key" : "idx";
    const expectedName =
      index.dbName ?? (index.type === "id" ? `${table}_pkey` : `${table}_${wantColumns.join("_")}_${suffix}`);
    const found = indexes.find((i) => i.table_name === table && i.index_name === expectedName);
    const label = `${index.type} index ${expectedName} on ${table}(${wantColumns.join(", ")})`;
    if (!found) {
      problems.push(`${label} is missing`);
      continue;
    }
    if (found.columns.join(",") !== wantColumns.join(","))
      problems.push(`${label} covers (${found.columns.join(", ")}) instead`);
    if (index.type === "id" && !found.is_primary) problems.push(`${label} is not the primary key`);
    if (index.type === "unique" && !found.is_unique) problems.push(`${label} is not unique`);
    if (index.type === "normal" && found.is_unique) problems.push(`${label} is unique but the schema says it is not`);
    const method = (index.algorithm ?? "BTree").toLowerCase();
    if (found.method !== method) problems.push(`${label} uses ${found.method} instead of ${method}`);
  }

  for (const model of dmmf.models) {
    const table = model.dbName ?? model.name;
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const target = dmmf.models.find((m) => m.name === field.type);
      if (!target) continue;
      const fromColumns = field.relationFromFields.map((name) => columnName(model, name));
      const toColumns = (field.relationToFields ?? []).map((name) => columnName(target, name));
      const targetTable = target.dbName ?? target.name;
      const expectedName = `${table}_${fromColumns.join("_")}_fkey`;
      const found = foreignKeys.find((fk) => fk.table_name === table && fk.constraint_name === expectedName);
      const label = `foreign key ${expectedName} (${model.name}.${field.name} -> ${target.name})`;
      if (!found) {
        problems.push(`${label} is missing`);
        continue;
      }
      if (
        found.foreign_table !== targetTable ||
        found.columns.join() !== fromColumns.join() ||
        found.foreign_columns.join() !== toColumns.join()
      ) {
        problems.push(
          `${label} links ${found.table_name}(${found.columns}) to ${found.foreign_table}(${found.foreign_columns})`,
        );
      }
      const fromFieldsRequired = field.relationFromFields.every(
        (name) => model.fields.find((f) => f.name === name)?.isRequired,
      );
      const expectedOnDelete = field.relationOnDelete ?? (fromFieldsRequired ? "Restrict" : "SetNull");
      const actualOnDelete = ON_DELETE[found.on_delete] ?? found.on_delete;
      if (actualOnDelete !== expectedOnDelete)
        problems.push(`${label} has ON DELETE ${actualOnDelete} but the schema says ${expectedOnDelete}`);
    }
  }
  return problems;
}

function columnName(model: DmmfModel, fieldName: string): string {
  const field = model.fields.find((f) => f.name === fieldName);
  return field?.dbName ?? fieldName;
}

function postgresType(field: DmmfField, enumNames: Map<string, string>): string {
  const base = baseType(field, enumNames);
  return field.isList ? `${base}[]` : base;
}

function baseType(field: DmmfField, enumNames: Map<string, string>): string {
  if (field.kind === "enum") return quoteIdentifier(enumNames.get(field.type) ?? field.type);
  const [native, args = []] = field.nativeType ?? [];
  switch (native) {
    case "Uuid":
      return "uuid";
    case "Text":
      return "text";
    case "VarChar":
      return args.length ? `character varying(${args[0]})` : "character varying";
    case "Char":
      return `character(${args[0] ?? 1})`;
    case "Inet":
      return "inet";
    case "Citext":
      return "citext";
    case "SmallInt":
      return "smallint";
    case "Integer":
      return "integer";
    case "BigInt":
      return "bigint";
    case "Real":
      return "real";
    case "DoublePrecision":
      return "double precision";
    case "Decimal":
      return args.length ? `numeric(${args.join(",")})` : "numeric";
    case "Timestamptz":
      return `timestamp(${args[0] ?? 6}) with time zone`;
    case "Timestamp":
      return `timestamp(${args[0] ?? 6}) without time zone`;
    case "Date":
      return "date";
    case "JsonB":
      return "jsonb";
    case "Json":
      return "json";
    case "ByteA":
      return "bytea";
    default:
      break;
  }
  switch (field.type) {
    case "String":
      return "text";
    case "Int":
      return "integer";
    case "BigInt":
      return "bigint";
    case "Float":
      return "double precision";
    case "Decimal":
      return "numeric(65,30)";
    case "Boolean":
      return "boolean";
    case "DateTime":
      return "timestamp(3) without time zone";
    case "Json":
      return "jsonb";
    case "Bytes":
      return "bytea";
    default:
      return field.type;
  }
}

function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`;
}

/** Defaults Prisma computes in the client (uuid(), cuid(), @updatedAt) leave no trace in the database. */
function hasDatabaseDefault(field: DmmfField): boolean {
  if (!field.hasDefaultValue) return false;
  const fn = (field.default as { name?: string } | undefined)?.name;
  return !(fn === "uuid" || fn === "cuid" || fn === "nanoid" || fn === "ulid");
}
