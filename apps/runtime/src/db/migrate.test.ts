import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, migrate, readMigrations, sha256 } from './migrate.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

const databases: TestDatabase[] = [];
const tmpDirs: string[] = [];

async function freshDatabase(label: string): Promise<TestDatabase> {
  const db = await createTestDatabase(`migrate_${label}`);
  databases.push(db);
  return db;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A private copy of prisma/migrations that a test may edit. */
function copyMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trackway-migrations-'));
  fs.cpSync(defaultMigrationsDir, dir, { recursive: true });
  tmpDirs.push(dir);
  return dir;
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const local = readMigrations(defaultMigrationsDir);

describe('migrate', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await freshDatabase('main');
  }, 120_000);

  afterAll(async () => {
    for (const d of databases) await d.drop();
    for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('applies every migration in order and records it the way Prisma does', async () => {
    const logs: string[] = [];
    const result = await migrate(db.url, { log: (m) => logs.push(m) });
    expect(result.applied).toEqual(local.map((m) => m.name));
    expect(result.applied[0]).toBe('20261123000000_init');
    expect(logs.some((l) => l.startsWith('applied 20261123000000_init'))).toBe(true);

    const rows = await query<MigrationRow>(db.url, 'SELECT * FROM "_prisma_migrations" ORDER BY started_at');
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      const file = fs.readFileSync(path.join(defaultMigrationsDir, row.migration_name, 'migration.sql'), 'utf8');
      expect(row.checksum).toBe(sha256(file));
      expect(row.checksum).toBe(local[i]!.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }

    // The bookkeeping table has Prisma's exact column set and types.
    const columns = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      db.url,
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => `${c.column_name} ${c.data_type} ${c.is_nullable}`)).toEqual([
      'id character varying NO',
      'checksum character varying NO',
      'finished_at timestamp with time zone YES',
      'migration_name character varying NO',
      'logs text YES',
      'rolled_back_at timestamp with time zone YES',
      'started_at timestamp with time zone NO',
      'applied_steps_count integer NO',
    ]);
  });

  it('is a no-op when run again', async () => {
    const result = await migrate(db.url);
    expect(result.applied).toEqual([]);
    const rows = await query<{ n: string }>(db.url, 'SELECT count(*) AS n FROM "_prisma_migrations"');
    expect(Number(rows[0]!.n)).toBe(local.length);
  });

  it('lets only one of two concurrent runs apply (advisory lock)', async () => {
    const other = await freshDatabase('concurrent');
    const [a, b] = await Promise.all([migrate(other.url), migrate(other.url)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(local.map((m) => m.name).sort());
    const rows = await query<{ n: string }>(other.url, 'SELECT count(*) AS n FROM "_prisma_migrations"');
    expect(Number(rows[0]!.n)).toBe(local.length);
  });

  it('refuses to run when an applied migration was edited', async () => {
    const dir = copyMigrations();
    const other = await freshDatabase('checksum');
    await migrate(other.url, { migrationsDir: dir });
    fs.appendFileSync(path.join(dir, '20261123000000_init', 'migration.sql'), '\n-- edited later\n');
    await expect(migrate(other.url, { migrationsDir: dir })).rejects.toThrow(
      /migration 20261123000000_init was edited after it was applied/,
    );
  });

  it('tolerates CRLF line endings from a git checkout', async () => {
    const dir = copyMigrations();
    const file = path.join(dir, '20261123000000_init', 'migration.sql');
    const other = await freshDatabase('crlf');
    await migrate(other.url, { migrationsDir: dir });
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    await expect(migrate(other.url, { migrationsDir: dir })).resolves.toEqual({ applied: [] });
  });

  it('rolls back a failing migration completely and names the line', async () => {
    const dir = copyMigrations();
    const bad = path.join(dir, '29990101000000_broken');
    fs.mkdirSync(bad);
    fs.writeFileSync(
      path.join(bad, 'migration.sql'),
      'CREATE TABLE "half_done" ("id" INTEGER);\n\nALTER TABLE "half_done" ADD COLUMN "x" INTEGR;\n',
    );
    const other = await freshDatabase('broken');
    await expect(migrate(other.url, { migrationsDir: dir })).rejects.toThrow(
      /29990101000000_broken failed and was rolled back: type "integr" does not exist \(migration.sql line 3\)/,
    );
    // The good migration stayed applied; the broken one left neither its table nor a record.
    const names = await query<{ migration_name: string }>(other.url, 'SELECT migration_name FROM "_prisma_migrations"');
    const good = fs
      .readdirSync(defaultMigrationsDir)
      .filter((name) => !name.includes('.'))
      .sort();
    expect(names.map((r) => r.migration_name).sort()).toEqual(good);
    expect(good).not.toContain('29990101000000_broken');
    const halfDone = await query(other.url, `SELECT 1 FROM pg_class WHERE relname = 'half_done'`);
    expect(halfDone).toHaveLength(0);
  });

  it('makes flow_versions immutable (UPDATE and DELETE are refused)', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const user = await client.query<{ id: string }>(
        `INSERT INTO users (id, email, display_name, roles) VALUES (gen_random_uuid(), 'a@example.com', 'A', '{admin}') RETURNING id`,
      );
      const flow = await client.query<{ id: string }>(
        `INSERT INTO flows (id, key, name, owner_id, draft, updated_at) VALUES (gen_random_uuid(), 'f', 'F', $1, '{}', now()) RETURNING id`,
        [user.rows[0]!.id],
      );
      const version = await client.query<{ id: string }>(
        `INSERT INTO flow_versions (id, flow_id, version, definition, plan, content_hash, published_by)
         VALUES (gen_random_uuid(), $1, 1, '{}', '{}', 'h', $2) RETURNING id`,
        [flow.rows[0]!.id, user.rows[0]!.id],
      );
      const id = version.rows[0]!.id;
      await expect(client.query(`UPDATE flow_versions SET note = 'x' WHERE id = $1`, [id])).rejects.toThrow(
        /flow_versions rows are immutable: UPDATE of version 1/,
      );
      await expect(client.query(`DELETE FROM flow_versions WHERE id = $1`, [id])).rejects.toThrow(
        /flow_versions rows are immutable: DELETE of version 1/,
      );
      // Inserting the next version is how changes are published.
      await client.query(
        `INSERT INTO flow_versions (id, flow_id, version, definition, plan, content_hash, published_by)
         VALUES (gen_random_uuid(), $1, 2, '{}', '{}', 'h2', $2)`,
        [flow.rows[0]!.id, user.rows[0]!.id],
      );
      const count = await client.query<{ n: string }>('SELECT count(*) AS n FROM flow_versions');
      expect(Number(count.rows[0]!.n)).toBe(2);
    } finally {
      await client.end();
    }
  });
});
