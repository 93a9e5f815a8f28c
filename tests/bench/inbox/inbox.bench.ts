/**
 * `npm run bench:inbox`: the staff inbox at 10,000 and at 1,000,000 task rows (10% open), 50
 * groups, 2,000 users, measured in one run so the 10k figures are the baseline of the 1M ones.
 *
 * Measured through the API procedures (tRPC caller, so no HTTP but everything else: the viewer's
 * groups, the keyset page SQL, the rows, names of flows, customers and people):
 *   - inbox pages for a typical staff member (two groups) with filters on, first page and a deep page;
 *   - claim round trips (row update + audit entry in one transaction);
 *   - complete round trips through a real Temporal dev server and worker (API -> workflow Update ->
 *     activity writes the row -> answer), on real runs started in the same database;
 *   - 16 concurrent claimers on one task, 20 rounds: exactly one owner each time.
 * Prints EXPLAIN (ANALYZE, BUFFERS) of the headline page at 1M rows.
 *
 *   npm run bench:inbox [-- --rows 1000000 --baseline 10000 --samples 300]
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { TRPCError } from '@trpc/server';
import { createActivities } from '../../../apps/runtime/src/activities/index.ts';
import { createInnerContext, type SessionUser } from '../../../apps/runtime/src/api/context.ts';
import { appRouter } from '../../../apps/runtime/src/api/router.ts';
import { createCallerFactory } from '../../../apps/runtime/src/api/trpc.ts';
import { taskViewer } from '../../../apps/runtime/src/tasks/access.ts';
import { inboxPageSql, type InboxPageRequest } from '../../../apps/runtime/src/tasks/inbox-query.ts';
import { definition, e, n } from '../../support/flows.ts';
import { createTestDatabase, createUser, interpreterBundle, startLocalTemporal, type TestDatabase } from '../../support/platform.ts';
import { percentile } from '../stats.ts';
import { generateDirectory, generateTasks } from './generate.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('rows', 1_000_000);
const BASELINE_ROWS = arg('baseline', 10_000);
const SAMPLES = arg('samples', 300);
const COMPLETES = arg('completes', 40);
const TARGET_P95_MS = 50;
const TARGET_RATIO = 2;

const callerFactory = createCallerFactory(appRouter);
type Caller = ReturnType<typeof callerFactory>;

interface Figures {
  readonly rows: number;
  readonly open: number;
  readonly typicalOpenInQueues: number;
  readonly timings: Record<string, number[]>;
  readonly doubleClaims: number;
  readonly claimRounds: number;
  readonly explain: string;
}

const log = (line: string) => console.log(line);

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

const WARMUP = 20;

/** `count` timed calls after WARMUP untimed ones; `fn` gets a call number unique across both. */
async function sample(count: number, fn: (call: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await time(() => fn(WARMUP + i)))[0]);
  return out;
}

const approval = (group: string) =>
  definition(
    'Bench approval',
    [
      n('start', 'start'),
      n('triage', 'human-task', {
        title: 'Bench triage {{ input.ref }}',
        assignee: { kind: 'group', group },
        outcomes: [{ port: 'done' }],
      }),
      n('end', 'end'),
    ],
    [e('start', 'triage'), e('triage', 'end', 'done')],
    { input: { fields: [{ name: 'ref', type: 'string', required: true }] } },
  );

async function measure(env: TestWorkflowEnvironment, rows: number): Promise<Figures> {
  log(`\n== ${rows.toLocaleString('en')} task rows ==`);
  const database: TestDatabase = await createTestDatabase(`inbox_bench_${rows}`);
  const taskQueue = `inbox-bench-${randomUUID()}`;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    const services = { db: database.db, temporal: env.client, taskQueue };
    const caller = (user: SessionUser): Caller => callerFactory(createInnerContext(services, user));
    let [ms] = await time(() => generateDirectory(database.url));
    log(`directory (50 groups, 2,000 users, 20,000 customers) in ${(ms / 1000).toFixed(1)} s`);
    [ms] = await time(() => generateTasks(database.url, rows));
    log(`${rows.toLocaleString('en')} tasks generated and indexed in ${(ms / 1000).toFixed(1)} s`);

    const db = database.db;
    // The typical staff member: in two groups (every second user is).
    const [{ email }] = await db.$queryRaw<[{ email: string }]>`
      SELECT u.email FROM users u JOIN group_members m ON m.user_id = u.id WHERE u.email LIKE 'user%@bench.test'
       GROUP BY u.email HAVING count(*) = 2 ORDER BY u.email LIMIT 1`;
    const typical = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, roles: true } });
    const viewer = await taskViewer(db, typical);
    const staff = caller(typical);
    const manager = caller(await createUser(db, ['manager']));
    const admin = caller(await createUser(db, ['admin']));
    const open = await db.task.count({ where: { status: 'open' } });
    const typicalOpenInQueues = await db.task.count({ where: { status: 'open', groupKey: { in: [...viewer.groups] } } });
    log(`open: ${open.toLocaleString('en')}; in the typical user's two group queues (${viewer.groups.join(', ')}): ${typicalOpenInQueues}`);

    const now = Date.now();
    const day = 86_400_000;
    const headline: InboxPageRequest = { view: 'group', sort: 'priority', filters: { status: 'open', priorities: [2, 3, 4] }, limit: 50 };
    const byDue: InboxPageRequest = {
      view: 'group',
      sort: 'due',
      filters: {
        status: 'open',
        priorities: [3, 4],
        dueFrom: new Date(now - 30 * day).toISOString(),
        dueTo: new Date(now + 7 * day).toISOString(),
      },
      limit: 50,
    };
    // A deep page: the cursor after nine pages of the headline view.
    let deepCursor: string | undefined;
    for (let page = 0; page < 9; page++) {
      const result = await staff.tasks.inbox({ ...headline, ...(deepCursor ? { cursor: deepCursor } : {}) });
      deepCursor = result.nextCursor ?? deepCursor;
    }

    const timings: Record<string, number[]> = {};
    log('measuring inbox pages…');
    timings['inbox: group queue, priority sort, priority 2-4 (headline)'] = await sample(SAMPLES, () => staff.tasks.inbox(headline));
    timings['inbox: same, page 10 (keyset cursor)'] = await sample(SAMPLES, () =>
      staff.tasks.inbox({ ...headline, ...(deepCursor ? { cursor: deepCursor } : {}) }),
    );
    timings['inbox: group queue, due sort, due window + priority 3-4'] = await sample(SAMPLES, () => staff.tasks.inbox(byDue));
    timings['inbox: mine, priority sort'] = await sample(SAMPLES, () => staff.tasks.inbox({ view: 'mine', sort: 'priority' }));
    timings['inbox: team (manager), newest first, SLA breached'] = await sample(SAMPLES, () =>
      manager.tasks.inbox({ view: 'team', sort: 'created', filters: { status: 'open', sla: 'breached' } }),
    );
    timings['inbox: group queue, search "termination"'] = await sample(SAMPLES, () =>
      staff.tasks.inbox({ view: 'group', filters: { status: 'open', search: 'termination' } }),
    );
    timings['inbox: group queue, search a customer ("customer 1234")'] = await sample(SAMPLES, () =>
      staff.tasks.inbox({ view: 'group', filters: { status: 'open', search: 'customer 1234' } }),
    );
    timings['counts per view'] = await sample(SAMPLES, () => staff.tasks.counts());

    log('measuring claims…');
    // Claims: distinct unclaimed open tasks, by a manager (who may claim in any queue: the typical
    // user's own queues hold too few at 10k rows); the cost does not depend on who claims.
    const claimable = await db.task.findMany({
      where: { status: 'open', claimedBy: null, groupKey: { not: null, notIn: [...viewer.groups] } },
      select: { id: true },
      take: Math.min(SAMPLES, 200) + WARMUP,
    });
    timings['claim round trip (row + audit, one transaction)'] = await sample(claimable.length - WARMUP, (i) =>
      manager.tasks.claim({ id: claimable[i]?.id as string }),
    );

    // 16 concurrent claimers per task, 20 rounds.
    const claimers = await db.user.findMany({
      where: { memberships: { some: { group: { key: viewer.groups[0] as string } } } },
      select: { id: true, email: true, roles: true },
      take: 16,
    });
    const contested = await db.task.findMany({
      where: { status: 'open', claimedBy: null, groupKey: viewer.groups[0] as string },
      select: { id: true },
      take: 20,
    });
    let doubleClaims = 0;
    for (const { id } of contested) {
      const results = await Promise.allSettled(claimers.map((u) => caller(u).tasks.claim({ id })));
      const winners = results.filter((r) => r.status === 'fulfilled').length;
      const conflicts = results.filter((r) => r.status === 'rejected' && (r.reason as TRPCError).code === 'CONFLICT').length;
      const row = await db.task.findUniqueOrThrow({ where: { id }, select: { claimedBy: true } });
      if (winners !== 1 || conflicts !== claimers.length - 1 || !claimers.some((u) => u.id === row.claimedBy)) doubleClaims += 1;
    }

    log('measuring completions through a worker…');
    // Completions through the real workflow: a worker on this database, real runs.
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await interpreterBundle(),
      activities: createActivities({ db }),
    });
    running = worker.run();
    const flow = await admin.flows.create({ key: 'bench-approval', name: 'Bench approval' });
    await admin.flows.saveDraft({ id: flow.id, revision: flow.draftRevision, definition: approval(viewer.groups[0] as string) as never });
    await admin.flows.publish({ id: flow.id });
    const runs = await Promise.all(
      Array.from({ length: COMPLETES + 5 }, (_, i) => admin.runs.start({ flowId: flow.id, input: { ref: `R-${i}` } })),
    );
    const runTasks: string[] = [];
    const deadline = Date.now() + 120_000;
    for (const run of runs) {
      for (;;) {
        const task = await db.task.findFirst({ where: { runId: run.id }, select: { id: true } });
        if (task) {
          runTasks.push(task.id);
          break;
        }
        if (Date.now() > deadline) throw new Error(`run ${run.workflowId} created no task within 2 minutes: is the worker stuck?`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    for (const id of runTasks) await staff.tasks.claim({ id });
    for (let i = 0; i < 5; i++) await staff.tasks.complete({ id: runTasks[i] as string, outcome: 'done' }); // warm-up
    const completes: number[] = [];
    for (const id of runTasks.slice(5)) completes.push((await time(() => staff.tasks.complete({ id, outcome: 'done' })))[0]);
    timings['complete round trip (API -> workflow Update -> row, real worker)'] = completes;

    const sql = inboxPageSql(viewer, headline);
    const plan = sql ? await db.$queryRaw<Array<{ 'QUERY PLAN': string }>>`EXPLAIN (ANALYZE, BUFFERS) ${sql}` : [];
    const explain = plan.map((p) => p['QUERY PLAN']).join('\n');
    const dueSql = inboxPageSql(viewer, byDue);
    const duePlan = dueSql ? await db.$queryRaw<Array<{ 'QUERY PLAN': string }>>`EXPLAIN (ANALYZE, BUFFERS) ${dueSql}` : [];
    return {
      rows,
      open,
      typicalOpenInQueues,
      timings,
      doubleClaims,
      claimRounds: contested.length,
      explain: `${explain}\n\n-- due sort with window:\n${duePlan.map((p) => p['QUERY PLAN']).join('\n')}`,
    };
  } finally {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running?.catch(() => undefined);
    await database.drop();
  }
}

function report(base: Figures, big: Figures): boolean {
  const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
  const rows: string[][] = [
    [
      'measure (ms)',
      `p50 ${base.rows / 1000}k`,
      `p95 ${base.rows / 1000}k`,
      `p50 ${big.rows / 1_000_000}M`,
      `p95 ${big.rows / 1_000_000}M`,
      'p95 ratio',
      'n',
    ],
  ];
  let ok = true;
  for (const name of Object.keys(big.timings)) {
    const a = base.timings[name] ?? [];
    const b = big.timings[name] ?? [];
    const ratio = percentile(b, 95) / percentile(a, 95);
    rows.push([
      name,
      fmt(percentile(a, 50)),
      fmt(percentile(a, 95)),
      fmt(percentile(b, 50)),
      fmt(percentile(b, 95)),
      `${ratio.toFixed(2)}x`,
      String(b.length),
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  log('\n== Results ==');
  for (const r of rows) log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  const headline = 'inbox: group queue, priority sort, priority 2-4 (headline)';
  const p95 = percentile(big.timings[headline] ?? [], 95);
  const ratio = p95 / percentile(base.timings[headline] ?? [], 95);
  log(
    `\nTargets (headline page): p95 at ${big.rows.toLocaleString('en')} rows ${p95.toFixed(1)} ms (< ${TARGET_P95_MS}: ${p95 < TARGET_P95_MS ? 'PASS' : 'MISS'}); ` +
      `p95 ratio ${ratio.toFixed(2)}x (<= ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'PASS' : 'MISS'})`,
  );
  for (const f of [base, big]) {
    log(
      `16 concurrent claimers at ${f.rows.toLocaleString('en')} rows: ${f.claimRounds} rounds, ${f.doubleClaims === 0 ? 'exactly one owner every round' : `${f.doubleClaims} rounds WITHOUT exactly one owner`}`,
    );
    if (f.doubleClaims > 0) ok = false;
  }
  log(`\nEXPLAIN (ANALYZE, BUFFERS) of the headline page at ${big.rows.toLocaleString('en')} rows:\n${big.explain}`);
  if (!big.explain.includes('tasks_group_key_status_priority_created_at_id_idx')) {
    log('The headline page did not use the group/priority index.');
    ok = false;
  }
  return ok;
}

const env = await startLocalTemporal();
try {
  log(
    `Inbox benchmark: ${BASELINE_ROWS.toLocaleString('en')} rows (baseline) and ${ROWS.toLocaleString('en')} rows, ${SAMPLES} samples per query`,
  );
  const base = await measure(env, BASELINE_ROWS);
  const big = await measure(env, ROWS);
  process.exitCode = report(base, big) ? 0 : 1;
} finally {
  await env.teardown();
}
