import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPrisma, type Db } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { AUDIT_ACTIVITY, createAuditActivities, type AuditActivityInput } from './activities.ts';
import { appendAudit } from './append.ts';
import { entryHash, GENESIS_HASH, payloadDigest } from './hash.ts';
import { redactOldPayloads, retentionDaysFromEnv } from './retention.ts';
import { verifyChain } from './verify.ts';

/** The log on a real Postgres: chain, concurrency, the append-only trigger, tampering, idempotency, retention. */
let database: TestDatabase;
let db: Db;
/** A plain connection as the server's superuser, to do what the application cannot. */
let admin: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase('audit_log');
  await migrate(database.url);
  db = createPrisma(database.url);
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
}, 120_000);

afterAll(async () => {
  await admin?.end();
  await db?.$disconnect();
  await database?.drop();
}, 60_000);

/** Every test starts from an empty log: the trigger refuses DELETE, so it steps aside for this. */
beforeEach(async () => {
  await asSuperuser('DELETE FROM "audit_entries"');
});

async function asSuperuser(sql: string, params: unknown[] = []): Promise<void> {
  await admin.query('BEGIN');
  try {
    // Triggers do not fire for a session in replica mode; only a superuser may set it.
    await admin.query('SET LOCAL session_replication_role = replica');
    await admin.query(sql, params);
    await admin.query('COMMIT');
  } catch (error) {
    await admin.query('ROLLBACK');
    throw error;
  }
}

const entry = (n: number, extra: Record<string, unknown> = {}) => ({
  actor: 'system',
  action: 'test.event',
  subjectType: 'test',
  subjectId: `subject-${n}`,
  payload: { n, nested: { list: [1, 'two', null] } },
  ...extra,
});

async function rows() {
  return db.auditEntry.findMany({ orderBy: { seq: 'asc' } });
}

describe('appending', () => {
  it('chains entries: gapless seq from 1, each prevHash the hash before it, and verify agrees', async () => {
    const first = await appendAudit(db, entry(1));
    const batch = await appendAudit(db, [entry(2), entry(3), entry(4)]);
    expect(first).toEqual([{ seq: 1n, hash: expect.stringMatching(/^[0-9a-f]{64}$/), duplicate: false }]);
    expect(batch.map((b) => b.seq)).toEqual([2n, 3n, 4n]);

    const all = await rows();
    expect(all.map((r) => r.seq)).toEqual([1n, 2n, 3n, 4n]);
    expect(all[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
    expect(all[2]!.payloadDigest).toBe(payloadDigest({ n: 3, nested: { list: [1, 'two', null] } }));
    expect(new Set(all.map((r) => r.hash)).size).toBe(4);

    expect(await verifyChain(db)).toEqual({ ok: true, count: 4, headSeq: '4', headHash: all[3]!.hash, redacted: 0 });
  });

  it('keeps one chain under 50 concurrent appends (no fork, no gap, no duplicate seq)', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => appendAudit(db, entry(i))));
    const all = await rows();
    expect(all.map((r) => Number(r.seq))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(all.map((r) => r.prevHash)).size).toBe(50);
    expect((await verifyChain(db, { batchSize: 7 })).ok).toBe(true);
  });

  it('labels users by e-mail, lower-cases ids, fills flow and version from the run, and redacts secrets', async () => {
    const user = await db.user.create({ data: { email: 'auditor-label@test.local', displayName: 'A', roles: ['auditor'] } });
    const flow = await db.flow.create({ data: { key: `audit-${Date.now()}`, name: 'x', ownerId: user.id, draft: {} } });
    const version = await db.flowVersion.create({
      data: { flowId: flow.id, version: 1, definition: {}, plan: {}, contentHash: 'h', publishedBy: user.id },
    });
    const run = await db.run.create({
      data: { flowId: flow.id, flowVersionId: version.id, workflowId: `w-${Date.now()}`, businessKey: 'k', input: {}, startedBy: user.id },
    });
    await appendAudit(db, {
      actor: user.id.toUpperCase(),
      action: 'run.start',
      subjectType: 'run',
      subjectId: run.id,
      runId: run.id.toUpperCase(),
      payload: {
        input: { password: 'hunter2', headers: { Authorization: 'Bearer x', 'x-api-key': 'k' }, clientSecret: 's', name: 'Anna' },
      },
    });
    const [row] = await rows();
    expect(row).toMatchObject({
      actor: user.id,
      actorLabel: 'auditor-label@test.local',
      runId: run.id,
      flowId: flow.id,
      flowVersionId: version.id,
    });
    expect(row!.payload).toEqual({
      input: {
        password: '[redacted]',
        headers: { Authorization: '[redacted]', 'x-api-key': '[redacted]' },
        clientSecret: '[redacted]',
        name: 'Anna',
      },
    });
    expect(JSON.stringify(row!.payload)).not.toContain('hunter2');
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it('stores text Postgres cannot hold as a replacement character, and still verifies', async () => {
    await appendAudit(db, entry(1, { payload: { text: 'a\u0000b', lone: '\ud800x', 'k\u0000ey': 1, big: 12345678901234567890n } }));
    const [row] = await rows();
    expect(row!.payload).toEqual({ text: 'a\ufffdb', lone: '\ufffdx', 'k\ufffdey': 1, big: '12345678901234567890' });
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it('refuses a malformed entry and writes nothing', async () => {
    await expect(appendAudit(db, [entry(1), entry(2, { action: 'Not An Action' })])).rejects.toThrow(/lower-case words/);
    await expect(appendAudit(db, entry(3, { runId: 'not-a-uuid' }))).rejects.toThrow(/UUID/);
    expect(await db.auditEntry.count()).toBe(0);
  });

  it('rolls back with the transaction it was written in, leaving no gap', async () => {
    await appendAudit(db, entry(1));
    await expect(
      db.$transaction(async (tx) => {
        await appendAudit(tx, entry(2));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await appendAudit(db, entry(3));
    expect((await rows()).map((r) => [r.seq, r.subjectId])).toEqual([
      [1n, 'subject-1'],
      [2n, 'subject-3'],
    ]);
  });
});

describe('idempotency (writes from activities)', () => {
  const activity = createAuditActivities({
    get db() {
      return db;
    },
  })[AUDIT_ACTIVITY];
  const run = (input: unknown) =>
    new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR', () => undefined) }).run(
      activity,
      input as AuditActivityInput,
    );

  it('writes an entry once however often the same dedupeKey arrives', async () => {
    const batch = { entries: [entry(1, { dedupeKey: 'run-1/node-a/1/start' }), entry(2, { dedupeKey: 'run-1/node-a/1/finish' })] };
    expect(await run(batch)).toEqual({ appended: 2, existing: 0 });
    // The retry after a lost answer, concurrently with a second delivery.
    const again = await Promise.all([run(batch), run(batch)]);
    expect(again).toEqual([
      { appended: 0, existing: 2 },
      { appended: 0, existing: 2 },
    ]);
    // A batch that overlaps an earlier one, and repeats a key within itself.
    const overlap = {
      entries: [batch.entries[1], entry(3, { dedupeKey: 'run-1/node-b/1/start' }), entry(3, { dedupeKey: 'run-1/node-b/1/start' })],
    };
    expect(await run(overlap)).toEqual({ appended: 1, existing: 2 });
    expect((await rows()).map((r) => r.dedupeKey)).toEqual(['run-1/node-a/1/start', 'run-1/node-a/1/finish', 'run-1/node-b/1/start']);
    expect((await verifyChain(db)).ok).toBe(true);
  });

  it('defaults the actor to "system" and fails a malformed batch at once, writing nothing', async () => {
    await run({ entries: [{ action: 'step.start', subjectType: 'step', subjectId: 'n1', dedupeKey: 'd1' }] });
    expect((await rows())[0]).toMatchObject({ actor: 'system', actorLabel: 'Trackway' });
    const failure = await run({
      entries: [entry(1, { dedupeKey: 'd2' }), { action: 'step.start', subjectType: 'step', subjectId: 'n1' }],
    }).then(
      () => undefined,
      (e: unknown) => e as { type?: string; nonRetryable?: boolean; message: string },
    );
    expect(failure).toMatchObject({ type: 'AuditEntryInvalid', nonRetryable: true });
    expect(failure?.message).toContain('entries.1.dedupeKey');
    expect(await db.auditEntry.count()).toBe(1);
  });
});

describe('the database keeps the log append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, even through a raw connection', async () => {
    await appendAudit(db, [entry(1), entry(2)]);
    await expect(admin.query(`UPDATE "audit_entries" SET "actor" = 'mallory' WHERE "seq" = 1`)).rejects.toThrow(
      /append-only: UPDATE of entry 1 refused/,
    );
    await expect(admin.query(`DELETE FROM "audit_entries" WHERE "seq" = 2`)).rejects.toThrow(/append-only: DELETE of entry 2 refused/);
    await expect(admin.query(`TRUNCATE "audit_entries"`)).rejects.toThrow(/TRUNCATE refused/);
    // Redaction must change the payload and nothing else.
    await expect(
      admin.query(`UPDATE "audit_entries" SET "payload" = '{"redacted": true}', "payload_digest" = 'x' WHERE "seq" = 1`),
    ).rejects.toThrow(/refused/);
    await expect(admin.query(`UPDATE "audit_entries" SET "payload" = '{"redacted": false}' WHERE "seq" = 1`)).rejects.toThrow(/refused/);
    await expect(db.auditEntry.delete({ where: { seq: 1n } })).rejects.toThrow(/append-only/);
    expect(await db.auditEntry.count()).toBe(2);
    expect((await verifyChain(db)).ok).toBe(true);
  });
});

describe('tamper evidence: verify names the first altered entry', () => {
  beforeEach(async () => {
    await appendAudit(
      db,
      Array.from({ length: 12 }, (_, i) => entry(i + 1)),
    );
  });

  it('an actor changed by a superuser (trigger bypassed): the hash of that entry', async () => {
    await admin.query('ALTER TABLE "audit_entries" DISABLE TRIGGER "audit_entries_append_only"');
    await admin.query(`UPDATE "audit_entries" SET "actor" = 'mallory' WHERE "seq" = 7`);
    await admin.query('ALTER TABLE "audit_entries" ENABLE TRIGGER "audit_entries_append_only"');
    const check = await verifyChain(db, { batchSize: 5 });
    expect(check).toMatchObject({ ok: false, count: 6, brokenAt: { seq: '7', field: 'hash' } });
    if (check.ok) throw new Error('unreachable');
    expect(check.brokenAt.found).toBe((await db.auditEntry.findUniqueOrThrow({ where: { seq: 7n } })).hash);
    expect(check.brokenAt.expected).not.toBe(check.brokenAt.found);
    expect(check.message).toContain('entry 7');
  });

  it('a payload changed: its digest no longer matches', async () => {
    await asSuperuser(`UPDATE "audit_entries" SET "payload" = '{"n": 999}' WHERE "seq" = 4`);
    expect(await verifyChain(db)).toMatchObject({
      ok: false,
      brokenAt: { seq: '4', field: 'payloadDigest', expected: payloadDigest({ n: 999 }) },
    });
  });

  it('a payload and its digest changed together: the hash catches the digest', async () => {
    await asSuperuser(`UPDATE "audit_entries" SET "payload" = '{"n": 999}', "payload_digest" = $1 WHERE "seq" = 4`, [
      payloadDigest({ n: 999 }),
    ]);
    expect(await verifyChain(db)).toMatchObject({ ok: false, brokenAt: { seq: '4', field: 'hash' } });
  });

  it('an entry rewritten with a recomputed hash: the next entry no longer links to it', async () => {
    const row5 = await db.auditEntry.findUniqueOrThrow({ where: { seq: 5n } });
    await asSuperuser(`UPDATE "audit_entries" SET "hash" = $1 WHERE "seq" = 5`, ['f'.repeat(64)]);
    expect(await verifyChain(db)).toMatchObject({ ok: false, brokenAt: { seq: '5', field: 'hash', found: 'f'.repeat(64) } });
    // Even a consistent rewrite of one entry breaks the link to the next.
    await asSuperuser(`UPDATE "audit_entries" SET "hash" = $1 WHERE "seq" = 5`, [row5.hash]);
    await asSuperuser(`UPDATE "audit_entries" SET "prev_hash" = $1 WHERE "seq" = 6`, ['e'.repeat(64)]);
    expect(await verifyChain(db)).toMatchObject({
      ok: false,
      brokenAt: { seq: '6', field: 'prevHash', expected: row5.hash, found: 'e'.repeat(64) },
    });
  });

  it('an entry deleted: the gap in seq', async () => {
    await asSuperuser(`DELETE FROM "audit_entries" WHERE "seq" = 9`);
    expect(await verifyChain(db)).toMatchObject({ ok: false, count: 8, brokenAt: { seq: '10', field: 'seq', expected: '9', found: '10' } });
  });

  it('the last entry deleted is not detectable from inside: compare the head with one written down earlier', async () => {
    const before = await verifyChain(db);
    await asSuperuser(`DELETE FROM "audit_entries" WHERE "seq" = 12`);
    const after = await verifyChain(db);
    expect(after.ok && before.ok && after.headHash !== before.headHash && after.count === 11).toBe(true);
  });
});

describe('retention', () => {
  it('redacts old payloads, keeps digests, still verifies, and records that it did', async () => {
    await appendAudit(db, [entry(1, { payload: { secretive: 'old' } }), entry(2)]);
    await backdate(new Date(Date.now() - 40 * 86_400_000), [1n, 2n]);
    await appendAudit(db, entry(3, { payload: { fresh: true } }));
    const digests = (await rows()).map((r) => r.payloadDigest);

    const result = await redactOldPayloads(db, 30);
    expect(result.redacted).toBe(2);
    const after = await rows();
    expect(after.map((r) => r.payload)).toEqual([
      { redacted: true },
      { redacted: true },
      { fresh: true },
      expect.objectContaining({ entries: 2, retentionDays: 30 }),
    ]);
    expect(after.slice(0, 3).map((r) => r.payloadDigest)).toEqual(digests);
    expect(after[3]).toMatchObject({ action: 'audit.redact', actor: 'system' });
    expect(await verifyChain(db)).toMatchObject({ ok: true, count: 4, redacted: 2 });

    // Running it again changes nothing and records nothing.
    expect((await redactOldPayloads(db, 30)).redacted).toBe(0);
    expect(await db.auditEntry.count()).toBe(4);
  });

  it('reads the retention from the environment and refuses nonsense', () => {
    expect(retentionDaysFromEnv({})).toBeUndefined();
    expect(retentionDaysFromEnv({ TRACKWAY_AUDIT_PAYLOAD_RETENTION_DAYS: ' 365 ' })).toBe(365);
    for (const bad of ['0', '-3', '1.5', 'forever', '99999999'])
      expect(() => retentionDaysFromEnv({ TRACKWAY_AUDIT_PAYLOAD_RETENTION_DAYS: bad })).toThrow(/TRACKWAY_AUDIT_PAYLOAD_RETENTION_DAYS=/);
  });
});

/**
 * Moves entries into the past the way a real old log would look: created_at rewritten and the
 * chain re-hashed from there (this is the superuser's tool, not the application's).
 */
async function backdate(at: Date, seqs: bigint[]) {
  let prevHash = GENESIS_HASH;
  for (const row of await rows()) {
    const createdAt = seqs.includes(row.seq) ? at : row.createdAt;
    const occurredAt = seqs.includes(row.seq) ? at : row.occurredAt;
    const hash = entryHash({ ...row, prevHash, createdAt, occurredAt });
    await asSuperuser(`UPDATE "audit_entries" SET "created_at" = $1, "occurred_at" = $1, "prev_hash" = $2, "hash" = $3 WHERE "seq" = $4`, [
      createdAt,
      prevHash,
      hash,
      row.seq.toString(),
    ]);
    prevHash = hash;
  }
}
