import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH, payloadDigest } from '../../apps/runtime/src/audit/hash.ts';
import { verifyChain } from '../../apps/runtime/src/audit/verify.ts';
import { createTestDatabase, createUser, type TestDatabase } from '../support/platform.ts';

/**
 * The export streams in bounded memory. The entries are synthetic but a real chain (hashed with
 * the log's own functions, so verify passes), written in batches with unnest.
 *
 * The API runs in its own process with its old-space heap capped, and its resident memory is
 * sampled while it streams: a server that held the export in memory would exceed the bound or
 * die with an out-of-memory error. (In one process with an uncapped heap, V8 lets garbage from a
 * long stream pile up before collecting it, which says nothing about what the export keeps.)
 *
 * 1,000,000 entries take 2.5 to 4.5 minutes here (seed, export, verify) on 2 busy cores, so the
 * default is what fits in about a minute; TRACKWAY_AUDIT_EXPORT_ENTRIES=1000000 runs the full size.
 */
const COUNT = Number(process.env.TRACKWAY_AUDIT_EXPORT_ENTRIES ?? 300_000);
const BATCH = 20_000;
/**
 * Growth of the API process's resident memory allowed while the whole export streams. The heap
 * caps keep V8 from deferring collection without limit; with them a server that kept the export
 * in memory would fail, and one that streams stays ~110-130 MB above its idle size here.
 */
const MAX_RSS_GROWTH_MB = 150;
const HEAP_CAP_MB = 96;

let database: TestDatabase;
let api: { url: string; child: ChildProcess };
let token: string;

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

function startApiProcess(url: string): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('../support/api-process.ts', import.meta.url));
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_CAP_MB}`, '--max-semi-space-size=4', '--import', 'tsx', script], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const ready = /api ready (\S+)/.exec(chunk.toString());
      if (ready?.[1]) resolve({ url: ready[1], child });
    });
    child.once('exit', (code) => reject(new Error(`API process exited early (${code})`)));
  });
}

type Columns = Record<'seq' | 'action' | 'subjectId' | 'payload' | 'digest' | 'at' | 'prev' | 'hash', string[]>;

/** Hashes `count` entries in order and inserts them; hashing the next batch overlaps the insert of the last. */
async function seed(url: string, count: number): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let prevHash = GENESIS_HASH;
  const start = Date.parse('2026-01-01T00:00:00Z');
  const insert = (c: Columns) =>
    client.query(
      `INSERT INTO "audit_entries" ("seq", "actor", "actor_label", "action", "subject_type", "subject_id", "payload", "payload_digest", "occurred_at", "created_at", "prev_hash", "hash")
       SELECT s, 'system', 'Trackway', act, 'step', sub, p, d, t, t, ph, h
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::timestamptz[], $7::text[], $8::text[]) AS u(s, act, sub, p, d, t, ph, h)`,
      [c.seq, c.action, c.subjectId, c.payload, c.digest, c.at, c.prev, c.hash],
    );
  let pending: Promise<unknown> = Promise.resolve();
  try {
    for (let from = 1; from <= count; from += BATCH) {
      const c: Columns = { seq: [], action: [], subjectId: [], payload: [], digest: [], at: [], prev: [], hash: [] };
      for (let seq = from; seq < from + BATCH && seq <= count; seq++) {
        // Let the previous insert's bytes flow to the server while this batch is hashed.
        if (seq % 2_000 === 0) await new Promise((resolve) => setImmediate(resolve));
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
        c.seq.push(String(seq));
        c.action.push(fields.action);
        c.subjectId.push(fields.subjectId);
        c.payload.push(JSON.stringify(payload));
        c.digest.push(fields.payloadDigest);
        c.at.push(at.toISOString());
        c.prev.push(prevHash);
        c.hash.push(hash);
        prevHash = hash;
      }
      await pending;
      pending = insert(c);
    }
    await pending;
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
  api = await startApiProcess(database.url);
}, 300_000);

afterAll(async () => {
  api?.child.kill();
  await database?.drop();
});

describe(`export of ${COUNT.toLocaleString('en')} entries`, () => {
  it(`streams CSV from an API process whose memory grows less than ${MAX_RSS_GROWTH_MB} MB`, async () => {
    const pid = api.child.pid as number;
    const baseline = rssMb(pid);
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(pid));
    }, 20);
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
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
      tail = (tail + decoder.decode(value, { stream: true })).slice(-400);
    }
    clearInterval(sampler);
    const growthMb = peak - baseline;
    console.log(
      `exported ${lines - 1} entries, ${Math.round(bytes / 1024 / 1024)} MB in ${Math.round(performance.now() - started)} ms; API process RSS ${Math.round(baseline)} MB, peak ${Math.round(peak)} MB`,
    );
    expect(lines).toBe(COUNT + 1);
    // The last row is the head of the chain.
    expect(tail.trimEnd().endsWith(headHash)).toBe(true);
    expect(growthMb).toBeLessThan(MAX_RSS_GROWTH_MB);
    expect(api.child.exitCode).toBeNull();
  }, 300_000);

  it('verifies the whole chain', async () => {
    const started = performance.now();
    const check = await verifyChain(database.db);
    console.log(`verified in ${Math.round(performance.now() - started)} ms`);
    expect(check).toEqual({ ok: true, count: COUNT, headSeq: String(COUNT), headHash, redacted: 0 });
  }, 300_000);
});
