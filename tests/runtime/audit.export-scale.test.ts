import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../apps/runtime/src/api/server.ts';
import { entryHash, GENESIS_HASH, payloadDigest } from '../../apps/runtime/src/audit/hash.ts';
import { verifyChain } from '../../apps/runtime/src/audit/verify.ts';
import { createTestDatabase, createUser, type TestDatabase } from '../support/platform.ts';

/**
 * Exporting 1,000,000 entries streams in bounded memory. The entries are synthetic but a real
 * chain (hashed with the log's own functions, so verify passes), written in batches with unnest.
 */
const COUNT = 1_000_000;
const BATCH = 20_000;
/** Peak RSS growth allowed while the whole export streams through this process (server and client). */
const MAX_RSS_GROWTH_MB = 150;

let database: TestDatabase;
let api: ApiServer;
let token: string;

async function seed(url: string, count: number): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let prevHash = GENESIS_HASH;
  const start = Date.parse('2026-01-01T00:00:00Z');
  try {
    for (let from = 1; from <= count; from += BATCH) {
      const cols = {
        seq: [] as string[],
        actor: [] as string[],
        action: [] as string[],
        subjectId: [] as string[],
        payload: [] as string[],
        digest: [] as string[],
        at: [] as string[],
        prev: [] as string[],
        hash: [] as string[],
      };
      for (let seq = from; seq < from + BATCH && seq <= count; seq++) {
        const payload = {
          step: `node-${seq % 37}`,
          visit: seq % 5,
          output: { amount: seq % 10_000, currency: 'EUR', note: 'synthetic, "quoted", with, commas' },
        };
        const at = new Date(start + seq * 1000);
        const fields = {
          seq: BigInt(seq),
          prevHash,
          actor: 'system',
          actorLabel: 'Trackway',
          action: seq % 2 ? 'step.start' : 'step.finish',
          subjectType: 'step',
          subjectId: `run-${Math.floor(seq / 10)}/node-${seq % 37}`,
          flowId: null,
          flowVersionId: null,
          runId: null,
          requestId: null,
          payloadDigest: payloadDigest(payload),
          dedupeKey: null,
          occurredAt: at,
          createdAt: at,
        };
        const hash = entryHash(fields);
        cols.seq.push(String(seq));
        cols.actor.push(fields.actor);
        cols.action.push(fields.action);
        cols.subjectId.push(fields.subjectId);
        cols.payload.push(JSON.stringify(payload));
        cols.digest.push(fields.payloadDigest);
        cols.at.push(at.toISOString());
        cols.prev.push(prevHash);
        cols.hash.push(hash);
        prevHash = hash;
      }
      await client.query(
        `INSERT INTO "audit_entries" ("seq", "actor", "actor_label", "action", "subject_type", "subject_id", "payload", "payload_digest", "occurred_at", "created_at", "prev_hash", "hash")
         SELECT s, a, 'Trackway', act, 'step', sub, p, d, t, t, ph, h
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::timestamptz[], $8::text[], $9::text[]) AS u(s, a, act, sub, p, d, t, ph, h)`,
        [cols.seq, cols.actor, cols.action, cols.subjectId, cols.payload, cols.digest, cols.at, cols.prev, cols.hash],
      );
    }
  } finally {
    await client.end();
  }
  return prevHash;
}

let headHash: string;

beforeAll(async () => {
  database = await createTestDatabase('audit_scale');
  const started = performance.now();
  headHash = await seed(database.url, COUNT);
  console.log(`seeded ${COUNT} entries in ${Math.round(performance.now() - started)} ms`);
  token = (await createUser(database.db, ['auditor'])).token;
  // Export reads only Postgres; no Temporal server is involved.
  api = await startApiServer({ db: database.db, temporal: undefined as never, taskQueue: 'none' }, { host: '127.0.0.1', port: 0 });
}, 300_000);

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

describe(`export of ${COUNT.toLocaleString('en')} entries`, () => {
  it(`streams CSV with peak RSS growth under ${MAX_RSS_GROWTH_MB} MB`, async () => {
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 25);
    const started = performance.now();
    const response = await fetch(`${api.url}/api/audit/export?format=csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let lines = 0;
    let bytes = 0;
    let tail = '';
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const byte of value) if (byte === 10) lines += 1;
      tail = (tail + decoder.decode(value, { stream: true })).slice(-400);
    }
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMb = (peak - baseline) / 1024 / 1024;
    console.log(
      `exported ${lines - 1} entries, ${Math.round(bytes / 1024 / 1024)} MB in ${Math.round(performance.now() - started)} ms; peak RSS growth ${Math.round(growthMb)} MB`,
    );
    expect(lines).toBe(COUNT + 1);
    // The last row is the head of the chain.
    expect(tail.trimEnd().endsWith(headHash)).toBe(true);
    expect(growthMb).toBeLessThan(MAX_RSS_GROWTH_MB);
  }, 300_000);

  it('verifies the whole chain', async () => {
    const started = performance.now();
    const check = await verifyChain(database.db);
    console.log(`verified in ${Math.round(performance.now() - started)} ms`);
    expect(check).toEqual({ ok: true, count: COUNT, headSeq: String(COUNT), headHash, redacted: 0 });
  }, 300_000);
});
