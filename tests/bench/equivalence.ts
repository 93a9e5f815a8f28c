import { isDeepStrictEqual } from 'node:util';
import { builtinRegistry, NOTIFY_ACTIVITY } from '@trackway/nodes';
import { runStateQuery } from '../../apps/runtime/src/workflows/queries.ts';
import { EXECUTED_NODES } from './bench-flow.ts';
import { NOTIFY_ACTIVITY_NAME, notifyOptions } from './handwritten-options.ts';
import { executeRun, prepareRuns, type BenchPlatform, type PreparedRun } from './platform.ts';

/**
 * A comparison is only meaningful if both kinds do the same work. Checked once, on real runs:
 * same result, same outbox rows, same Run row, same activity options, and 10 executed nodes.
 */
export async function checkEquivalence(p: BenchPlatform): Promise<void> {
  checkNotifyOptions();
  const [interpreted] = await prepareRuns(p, 'interpreter', 1);
  const [handwritten] = await prepareRuns(p, 'hand-written', 1);
  if (!interpreted || !handwritten) throw new Error('could not prepare runs');
  const results = await Promise.all([executeRun(p, 'interpreter', interpreted), executeRun(p, 'hand-written', handwritten)]);
  same('workflow result', results[0], results[1]);
  same('outbox rows', await outboxOf(p, interpreted), await outboxOf(p, handwritten));
  same('Run row', await runRowOf(p, interpreted), await runRowOf(p, handwritten));
  const state = await p.env.client.workflow.getHandle(interpreted.workflowId).query(runStateQuery);
  const executed = Object.values(state.steps).filter((s) => s.status === 'completed').length;
  if (executed !== EXECUTED_NODES) throw new Error(`interpreter executed ${executed} nodes, expected ${EXECUTED_NODES}`);
}

function same(what: string, interpreter: unknown, handwritten: unknown): void {
  if (!isDeepStrictEqual(interpreter, handwritten)) {
    throw new Error(`${what} differ:\n  interpreter:  ${JSON.stringify(interpreter)}\n  hand-written: ${JSON.stringify(handwritten)}`);
  }
}

function checkNotifyOptions(): void {
  const spec = builtinRegistry.get('notify', 1)?.activity;
  if (!spec) throw new Error('notify@1 declares no activity');
  same('notify activity name', [spec.name, NOTIFY_ACTIVITY], [NOTIFY_ACTIVITY_NAME, NOTIFY_ACTIVITY_NAME]);
  const declared = {
    startToCloseTimeout: spec.startToCloseTimeoutMs,
    retry: {
      maximumAttempts: spec.retry.maximumAttempts,
      initialInterval: spec.retry.initialIntervalMs,
      backoffCoefficient: spec.retry.backoffCoefficient,
      nonRetryableErrorTypes: [...(spec.retry.nonRetryableErrorTypes ?? [])],
    },
  };
  same('notify activity options', declared, notifyOptions);
}

/** Rows without the parts that must differ (ids, run id, timestamps). */
async function outboxOf(p: BenchPlatform, run: PreparedRun) {
  const rows = await p.database.db.outbox.findMany({ where: { runId: run.runId }, orderBy: { dedupeKey: 'asc' } });
  return rows.map((r) => ({
    key: r.dedupeKey.replace(`${run.runId}/`, ''),
    channel: r.channel,
    recipient: r.recipient,
    subject: r.subject,
    body: r.body,
  }));
}

async function runRowOf(p: BenchPlatform, run: PreparedRun) {
  const row = await p.database.db.run.findUniqueOrThrow({ where: { id: run.runId } });
  return { status: row.status, output: row.output, error: row.error, ended: row.endedAt !== null };
}
