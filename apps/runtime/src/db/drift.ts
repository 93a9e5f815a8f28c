// Schema drift check: what schema.prisma says the database should look like (derived from the DMMF
// the way Prisma's migration engine would render it for PostgreSQL) versus what a migrated database
// actually contains (read from pg_catalog). Without Prisma's native schema engine (not downloadable
// offline) this is how we keep hand-written migrations honest.
import type pg from 'pg';
import type { DmmfDatamodel, DmmfDefault, DmmfField, DmmfModel } from './dmmf.ts';

export type DefaultSpec =
  | { kind: 'none' }
  /** A constant: compared by value ('' vs ''::text, 1 vs 1, running vs 'running'::"RunStatus"). */
  | { kind: 'literal'; value: string }
  /** An exact SQL expression as pg_get_expr prints it, e.g. CURRENT_TIMESTAMP. */
  | { kind: 'expr'; value: string }
  /** Some default must exist (dbgenerated(), autoincrement(), list literals). */
  | { kind: 'any' };

export interface IndexShape {
  columns: string[];
  unique: boolean;
  primary: boolean;
}

export interface ForeignKeyShape {
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface TableShape<Column> {
  columns: Record<string, Column>;
  /** By index name, primary key and unique constraints included (they are indexes in Postgres). */
  indexes: Record<string, IndexShape>;
  foreignKeys: Record<string, ForeignKeyShape>;
}

export interface ExpectedColumn {
  type: string;
  nullable: boolean;
  default: DefaultSpec;
}

export interface ActualColumn {
  type: string;
  nullable: boolean;
  /** pg_get_expr() of the column default, or null. */
  default: string | null;
}

export interface SchemaShape<Column> {
  enums: Record<string, string[]>;
  tables: Record<string, TableShape<Column>>;
}

export type ExpectedSchema = SchemaShape<ExpectedColumn>;
export type ActualSchema = SchemaShape<ActualColumn>;

/** Tables the database may have that schema.prisma does not describe. */
const IGNORED_TABLES = new Set(['_prisma_migrations']);

// ---------------------------------------------------------------- expected (from the DMMF)

/** Postgres' identifier limit; Prisma truncates generated constraint names to fit it. */
const MAX_IDENTIFIER = 63;

/** Prisma's default constraint/index names: <table>_<columns>_{pkey,key,idx,fkey}. */
export function prismaConstraintName(table: string, columns: string[], suffix: 'pkey' | 'key' | 'idx' | 'fkey'): string {
  const base = suffix === 'pkey' ? table : `${table}_${columns.join('_')}`;
  const room = MAX_IDENTIFIER - suffix.length - 1;
  return `${base.length > room ? base.slice(0, room) : base}_${suffix}`;
}

const tableName = (m: DmmfModel): string => m.dbName ?? m.name;
const columnName = (f: DmmfField): string => f.dbName ?? f.name;

export function expectedSchema(dm: DmmfDatamodel): ExpectedSchema {
  const enums: Record<string, string[]> = {};
  const enumDbName = new Map<string, string>();
  const enumValueDbName = new Map<string, Map<string, string>>();
  for (const e of dm.enums) {
    const name = e.dbName ?? e.name;
    enumDbName.set(e.name, name);
    enums[name] = e.values.map((v) => v.dbName ?? v.name);
    enumValueDbName.set(e.name, new Map(e.values.map((v) => [v.name, v.dbName ?? v.name])));
  }

  const models = new Map(dm.models.map((m) => [m.name, m]));
  const tables: Record<string, TableShape<ExpectedColumn>> = {};
  for (const model of dm.models) {
    const table = tableName(model);
    const columns: Record<string, ExpectedColumn> = {};
    for (const f of model.fields) {
      if (f.kind !== 'scalar' && f.kind !== 'enum') continue;
      const enumName = f.kind === 'enum' ? (enumDbName.get(f.type) ?? f.type) : undefined;
      columns[columnName(f)] = {
        type: `${enumName ?? scalarType(f)}${f.isList ? '[]' : ''}`,
        // Prisma renders list columns without NOT NULL, even for required lists.
        nullable: f.isList || !f.isRequired,
        default: defaultSpec(f, enumValueDbName.get(f.type)),
      };
    }

    const fieldColumn = (name: string): string => {
      const field = model.fields.find((f) => f.name === name);
      if (!field) throw new Error(`DMMF: model ${model.name} has no field ${name}`);
      return columnName(field);
    };
    const indexes: Record<string, IndexShape> = {};
    for (const idx of dm.indexes.filter((i) => i.model === model.name)) {
      if (idx.type === 'fulltext') continue; // MySQL only
      const cols = idx.fields.map((f) => fieldColumn(f.name));
      const suffix = idx.type === 'id' ? 'pkey' : idx.type === 'unique' ? 'key' : 'idx';
      indexes[idx.dbName ?? prismaConstraintName(table, cols, suffix)] = {
        columns: cols,
        unique: idx.type !== 'normal',
        primary: idx.type === 'id',
      };
    }

    const foreignKeys: Record<string, ForeignKeyShape> = {};
    for (const f of model.fields) {
      if (f.kind !== 'object' || !f.relationFromFields?.length) continue;
      const target = models.get(f.type);
      if (!target) throw new Error(`DMMF: relation ${model.name}.${f.name} points at unknown model ${f.type}`);
      const cols = f.relationFromFields.map(fieldColumn);
      const allOptional = f.relationFromFields.every((n) => !model.fields.find((x) => x.name === n)?.isRequired);
      // Note: a custom FK name (@relation(map: ...)) is not in the DMMF, so default names are assumed.
      foreignKeys[prismaConstraintName(table, cols, 'fkey')] = {
        columns: cols,
        refTable: tableName(target),
        refColumns: (f.relationToFields ?? []).map((n) => {
          const field = target.fields.find((x) => x.name === n);
          return field ? columnName(field) : n;
        }),
        // Prisma's defaults: Restrict (SetNull when every FK column is optional), Cascade on update.
        onDelete: referentialAction(f.relationOnDelete ?? (allOptional ? 'SetNull' : 'Restrict')),
        onUpdate: referentialAction(f.relationOnUpdate ?? 'Cascade'),
      };
    }
    tables[table] = { columns, indexes, foreignKeys };
  }
  return { enums, tables };
}

/** Native types (@db.X) as Postgres' format_type() prints them; `p` is "(args)" or "". */
const NATIVE_TYPES: Record<string, (p: string) => string> = {
  Uuid: () => 'uuid',
  Text: () => 'text',
  VarChar: (p) => `character varying${p}`,
  Char: (p) => `character${p || '(1)'}`,
  Timestamptz: (p) => `timestamp${p} with time zone`,
  Timestamp: (p) => `timestamp${p} without time zone`,
  Timetz: (p) => `time${p} with time zone`,
  Time: (p) => `time${p} without time zone`,
  Date: () => 'date',
  Integer: () => 'integer',
  SmallInt: () => 'smallint',
  BigInt: () => 'bigint',
  Real: () => 'real',
  DoublePrecision: () => 'double precision',
  Decimal: (p) => `numeric${p}`,
  Money: () => 'money',
  Boolean: () => 'boolean',
  Json: () => 'json',
  JsonB: () => 'jsonb',
  ByteA: () => 'bytea',
  Inet: () => 'inet',
  Citext: () => 'citext',
  Xml: () => 'xml',
};

/** Prisma's default PostgreSQL type for each scalar without @db.X. */
const DEFAULT_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

function scalarType(f: DmmfField): string {
  const [native, args = []] = f.nativeType ?? [];
  const p = args.length ? `(${args.join(',')})` : '';
  if (native) return NATIVE_TYPES[native]?.(p) ?? `${native.toLowerCase()}${p}`;
  return DEFAULT_TYPES[f.type] ?? f.type.toLowerCase();
}

/** What database default Prisma's migration would create for a field's @default. */
function defaultSpec(f: DmmfField, enumValues?: Map<string, string>): DefaultSpec {
  const d: DmmfDefault | undefined = f.default;
  if (d === undefined) return { kind: 'none' };
  if (Array.isArray(d)) return { kind: 'any' };
  if (typeof d === 'object') {
    switch (d.name) {
      case 'now':
        return { kind: 'expr', value: 'CURRENT_TIMESTAMP' };
      // Generated by Prisma Client, not by the database: no column default.
      case 'uuid':
      case 'cuid':
      case 'nanoid':
      case 'ulid':
        return { kind: 'none' };
      default:
        return { kind: 'any' }; // autoincrement(), dbgenerated(...), sequence(...)
    }
  }
  if (f.kind === 'enum' && typeof d === 'string') return { kind: 'literal', value: enumValues?.get(d) ?? d };
  return { kind: 'literal', value: String(d) };
}

function referentialAction(action: string): string {
  const map: Record<string, string> = {
    Cascade: 'CASCADE',
    Restrict: 'RESTRICT',
    NoAction: 'NO ACTION',
    SetNull: 'SET NULL',
    SetDefault: 'SET DEFAULT',
  };
  return map[action] ?? action.toUpperCase();
}

// ---------------------------------------------------------------- actual (from pg_catalog)

const PG_ACTIONS: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

const unquote = (s: string): string => s.replace(/"/g, '');

export async function readDatabaseSchema(client: pg.Client, schema = 'public'): Promise<ActualSchema> {
  const enums: Record<string, string[]> = {};
  const enumRows = await client.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 GROUP BY t.typname`,
    [schema],
  );
  for (const r of enumRows.rows) enums[r.name] = r.values;

  const tables: Record<string, TableShape<ActualColumn>> = {};
  const tableRows = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,
    [schema],
  );
  for (const { name } of tableRows.rows) {
    if (!IGNORED_TABLES.has(name)) tables[name] = { columns: {}, indexes: {}, foreignKeys: {} };
  }

  const columnRows = await client.query<{ table: string; name: string; type: string; notnull: boolean; default: string | null }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [schema],
  );
  for (const r of columnRows.rows) {
    const t = tables[r.table];
    if (t) t.columns[r.name] = { type: unquote(r.type), nullable: !r.notnull, default: r.default };
  }

  const indexRows = await client.query<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[] }>(
    `SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
            array(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnkeyatts) k ORDER BY k)::text[] AS columns
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1`,
    [schema],
  );
  for (const r of indexRows.rows) {
    const t = tables[r.table];
    if (t) t.indexes[r.name] = { columns: r.columns.map(unquote), unique: r.unique, primary: r.primary };
  }

  const fkRows = await client.query<{
    table: string;
    name: string;
    columns: string[];
    ref_table: string;
    ref_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT t.relname AS table, c.conname AS name, rt.relname AS ref_table,
            array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(num, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS columns,
            array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(num, ord)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS ref_columns,
            c.confdeltype AS on_delete, c.confupdtype AS on_update
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class rt ON rt.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND c.contype = 'f'`,
    [schema],
  );
  for (const r of fkRows.rows) {
    const t = tables[r.table];
    if (!t) continue;
    t.foreignKeys[r.name] = {
      columns: r.columns,
      refTable: r.ref_table,
      refColumns: r.ref_columns,
      onDelete: PG_ACTIONS[r.on_delete] ?? r.on_delete,
      onUpdate: PG_ACTIONS[r.on_update] ?? r.on_update,
    };
  }
  return { enums, tables };
}

// ---------------------------------------------------------------- comparison

/** Every difference, as one readable line each; empty when the database matches the schema. */
export function diffSchemas(expected: ExpectedSchema, actual: ActualSchema): string[] {
  const out: string[] = [];
  diffKeys('enum', expected.enums, actual.enums, out, (name, exp, act) => {
    if (exp.join(',') !== act.join(',')) {
      out.push(`enum ${name}: values are [${act.join(', ')}] in the database, [${exp.join(', ')}] in schema.prisma`);
    }
  });
  diffKeys('table', expected.tables, actual.tables, out, (table, exp, act) => {
    diffKeys(`column of ${table}:`, exp.columns, act.columns, out, (col, e, a) => {
      const where = `column ${table}.${col}`;
      if (e.type !== a.type) out.push(`${where}: type is ${a.type} in the database, ${e.type} in schema.prisma`);
      if (e.nullable !== a.nullable) {
        const say = (n: boolean): string => (n ? 'nullable' : 'NOT NULL');
        out.push(`${where}: ${say(a.nullable)} in the database, ${say(e.nullable)} in schema.prisma`);
      }
      const problem = defaultProblem(e.default, a.default);
      if (problem) out.push(`${where}: ${problem}`);
    });
    diffKeys(`index on ${table}:`, exp.indexes, act.indexes, out, (name, e, a) => {
      const shape = (i: IndexShape): string => `${i.primary ? 'PRIMARY KEY' : i.unique ? 'UNIQUE' : 'INDEX'} (${i.columns.join(', ')})`;
      if (shape(e) !== shape(a)) out.push(`index ${name}: ${shape(a)} in the database, ${shape(e)} in schema.prisma`);
    });
    diffKeys(`foreign key on ${table}:`, exp.foreignKeys, act.foreignKeys, out, (name, e, a) => {
      const shape = (k: ForeignKeyShape): string =>
        `(${k.columns.join(', ')}) → ${k.refTable}(${k.refColumns.join(', ')}) ON DELETE ${k.onDelete} ON UPDATE ${k.onUpdate}`;
      if (shape(e) !== shape(a)) out.push(`foreign key ${name}: ${shape(a)} in the database, ${shape(e)} in schema.prisma`);
    });
  });
  return out;
}

function diffKeys<E, A>(
  what: string,
  expected: Record<string, E>,
  actual: Record<string, A>,
  out: string[],
  both: (key: string, e: E, a: A) => void,
): void {
  for (const key of Object.keys(expected).sort()) {
    const a = actual[key];
    if (a === undefined) out.push(`${what} ${key} is in schema.prisma but missing from the database`);
    else both(key, expected[key]!, a);
  }
  for (const key of Object.keys(actual).sort()) {
    if (!(key in expected)) out.push(`${what} ${key} is in the database but not in schema.prisma`);
  }
}

function defaultProblem(expected: DefaultSpec, actual: string | null): string | undefined {
  const shown = actual ?? 'no default';
  switch (expected.kind) {
    case 'none':
      return actual === null ? undefined : `default is ${shown} in the database, none in schema.prisma`;
    case 'any':
      return actual !== null ? undefined : 'no default in the database, but schema.prisma has @default';
    case 'expr':
      return actual === expected.value ? undefined : `default is ${shown} in the database, ${expected.value} in schema.prisma`;
    case 'literal':
      return actual !== null && literalValue(actual) === expected.value
        ? undefined
        : `default is ${shown} in the database, ${JSON.stringify(expected.value)} in schema.prisma`;
  }
}

/** The constant inside a default expression: `'x'::text` → x, `1` → 1, `'running'::"RunStatus"` → running. */
function literalValue(expr: string): string {
  const quoted = /^'((?:[^']|'')*)'(?:::.+)?$/s.exec(expr);
  if (quoted) return quoted[1]!.replace(/''/g, "'");
  const parenthesised = /^\((.*)\)(?:::.+)?$/.exec(expr); // negative numbers: '(-1)'
  return parenthesised ? parenthesised[1]! : expr;
}
