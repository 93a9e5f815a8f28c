// Fails when prisma/schema.prisma and the database produced by prisma/migrations drift apart.
// If this fails after a schema change: write a new migration (prisma/migrations/<ts>_<name>/
// migration.sql) that brings the database to what the messages below say schema.prisma wants.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDmmf, type DmmfDatamodel } from './dmmf.ts';
import { type ActualSchema, diffSchemas, expectedSchema, readDatabaseSchema } from './drift.ts';
import { migrate } from './migrate.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

const schemaFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../prisma/schema.prisma');
const schemaText = fs.readFileSync(schemaFile, 'utf8');

/** A deep copy of the real data model for a test to mutate. */
const cloneDmmf = (): DmmfDatamodel => structuredClone(loadDmmf(schemaText));

describe('schema.prisma vs migrated database', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let actual: ActualSchema;

  beforeAll(async () => {
    db = await createTestDatabase('drift');
    await migrate(db.url);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    actual = await readDatabaseSchema(client);
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  }, 60_000);

  it('has no drift', () => {
    expect(diffSchemas(expectedSchema(loadDmmf(schemaText)), actual)).toEqual([]);
  });

  it('derives a non-trivial expectation (guards against comparing two empty schemas)', () => {
    const expected = expectedSchema(loadDmmf(schemaText));
    expect(Object.keys(expected.tables)).toEqual(expect.arrayContaining(['flow_versions', 'flows', 'outbox', 'runs', 'users', 'tasks']));
    expect(expected.enums).toMatchObject({
      Role: ['admin', 'process_owner', 'staff', 'manager', 'auditor', 'developer'],
      RunStatus: ['running', 'completed', 'failed', 'cancelled', 'terminated'],
      TaskStatus: ['open', 'completed', 'cancelled', 'timed_out'],
    });
    const users = expected.tables.users!;
    expect(users.columns.id).toEqual({ type: 'uuid', nullable: false, default: { kind: 'none' } });
    expect(users.columns.roles).toEqual({ type: 'Role[]', nullable: true, default: { kind: 'none' } });
    expect(users.columns.created_at).toEqual({
      type: 'timestamp(3) with time zone',
      nullable: false,
      default: { kind: 'expr', value: 'CURRENT_TIMESTAMP' },
    });
    expect(users.indexes.users_email_key).toEqual({ columns: ['email'], unique: true, primary: false });
    const flows = expected.tables.flows!;
    expect(flows.columns.updated_at!.default).toEqual({ kind: 'none' });
    expect(flows.columns.draft!.type).toBe('jsonb');
    expect(flows.columns.draft_revision).toEqual({ type: 'integer', nullable: false, default: { kind: 'literal', value: '1' } });
    expect(flows.foreignKeys.flows_owner_id_fkey).toEqual({
      columns: ['owner_id'],
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'RESTRICT',
      onUpdate: 'CASCADE',
    });
    expect(expected.tables.runs!.indexes.runs_flow_id_started_at_idx).toEqual({
      columns: ['flow_id', 'started_at'],
      unique: false,
      primary: false,
    });
    expect(expected.tables.runs!.columns.status!.default).toEqual({ kind: 'literal', value: 'running' });
  });

  // The comparison must be able to fail: feed it mutated models (the real files stay untouched).
  describe('reports a difference when the schema changes', () => {
    it('renamed column (@map edited in the schema text)', () => {
      const mutated = schemaText.replace('@map("display_name")', '@map("display_nm")');
      expect(mutated).not.toBe(schemaText);
      expect(diffSchemas(expectedSchema(loadDmmf(mutated)), actual)).toEqual([
        'column of users: display_nm is in schema.prisma but missing from the database',
        'column of users: display_name is in the database but not in schema.prisma',
      ]);
    });

    it('new model (table missing from the database)', () => {
      const mutated = `${schemaText}\nmodel AuditLog {\n  id Int @id @default(autoincrement())\n  @@map("audit_log")\n}\n`;
      expect(diffSchemas(expectedSchema(loadDmmf(mutated)), actual)).toEqual([
        'table audit_log is in schema.prisma but missing from the database',
      ]);
    });

    it('nullability, type and default changes', () => {
      const dm = cloneDmmf();
      const flow = dm.models.find((m) => m.name === 'Flow')!;
      flow.fields.find((f) => f.name === 'name')!.isRequired = false;
      flow.fields.find((f) => f.name === 'draftRevision')!.type = 'BigInt';
      flow.fields.find((f) => f.name === 'description')!.default = 'untitled';
      flow.fields.find((f) => f.name === 'updatedAt')!.default = { name: 'now', args: [] };
      expect(diffSchemas(expectedSchema(dm), actual)).toEqual([
        'column flows.description: default is \'\'::text in the database, "untitled" in schema.prisma',
        'column flows.draft_revision: type is integer in the database, bigint in schema.prisma',
        'column flows.name: NOT NULL in the database, nullable in schema.prisma',
        'column flows.updated_at: default is no default in the database, CURRENT_TIMESTAMP in schema.prisma',
      ]);
    });

    it('native type change (timestamptz precision)', () => {
      const dm = cloneDmmf();
      const run = dm.models.find((m) => m.name === 'Run')!;
      run.fields.find((f) => f.name === 'endedAt')!.nativeType = ['Timestamptz', ['6']];
      expect(diffSchemas(expectedSchema(dm), actual)).toEqual([
        'column runs.ended_at: type is timestamp(3) with time zone in the database, timestamp(6) with time zone in schema.prisma',
      ]);
    });

    it('enum value added', () => {
      const dm = cloneDmmf();
      dm.enums.find((e) => e.name === 'RunStatus')!.values.push({ name: 'paused', dbName: null });
      expect(diffSchemas(expectedSchema(dm), actual)).toEqual([
        'enum RunStatus: values are [running, completed, failed, cancelled, terminated] in the database, [running, completed, failed, cancelled, terminated, paused] in schema.prisma',
      ]);
    });

    it('index removed, unique index changed, relation action changed', () => {
      const dm = cloneDmmf();
      dm.indexes = dm.indexes.filter((i) => !(i.model === 'Run' && i.type === 'normal' && i.fields[0]?.name === 'status'));
      const fv = dm.indexes.find((i) => i.model === 'FlowVersion' && i.type === 'unique')!;
      fv.fields = [{ name: 'flowId' }, { name: 'contentHash' }];
      fv.dbName = 'flow_versions_flow_id_version_key';
      const owner = dm.models.find((m) => m.name === 'Flow')!.fields.find((f) => f.name === 'owner')!;
      owner.relationOnDelete = 'Cascade';
      expect(diffSchemas(expectedSchema(dm), actual)).toEqual([
        'index flow_versions_flow_id_version_key: UNIQUE (flow_id, version) in the database, UNIQUE (flow_id, content_hash) in schema.prisma',
        'foreign key flows_owner_id_fkey: (owner_id) → users(id) ON DELETE RESTRICT ON UPDATE CASCADE in the database, (owner_id) → users(id) ON DELETE CASCADE ON UPDATE CASCADE in schema.prisma',
        'index on runs: runs_status_started_at_idx is in the database but not in schema.prisma',
      ]);
    });
  });

  it('reports a difference when the database changes (e.g. a migration that does more than the schema)', async () => {
    await client.query('BEGIN');
    try {
      await client.query('ALTER TABLE "outbox" ALTER COLUMN "run_id" SET NOT NULL');
      await client.query('DROP INDEX "users_token_hash_key"');
      await client.query(`ALTER TYPE "Role" ADD VALUE 'intern'`);
      const changed = await readDatabaseSchema(client);
      expect(diffSchemas(expectedSchema(loadDmmf(schemaText)), changed)).toEqual([
        'enum Role: values are [admin, process_owner, staff, manager, auditor, developer, intern] in the database, [admin, process_owner, staff, manager, auditor, developer] in schema.prisma',
        'column outbox.run_id: NOT NULL in the database, nullable in schema.prisma',
        'index on users: users_token_hash_key is in schema.prisma but missing from the database',
      ]);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
