import { readdirSync, readFileSync } from 'node:fs';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { HISTORIES_DIR } from '../support/histories.ts';
import { interpreterBundle } from '../support/platform.ts';

/**
 * Replays histories recorded from real runs against the current interpreter: a change that makes
 * the workflow non-deterministic fails here instead of breaking runs in production.
 * Refresh with: TRACKWAY_RECORD_HISTORIES=1 npx vitest run tests/runtime/api.integration.test.ts
 * (parallel-interleaving is not refreshed there: it was recorded once, from the interpreter as it
 * was before sync-first stepping, and pins the order in which parallel branches issue commands).
 */
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

function load(file: string) {
  const history = historyFromJSON(JSON.parse(readFileSync(`${HISTORIES_DIR}/${file}`, 'utf8')));
  const workflowId = readFileSync(`${HISTORIES_DIR}/${file.replace(/\.json$/, '.id')}`, 'utf8').trim();
  return { workflowId, history };
}

const silent = { trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, log: () => {} };

describe('replay of recorded histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it('fails on a non-deterministic change (the guard itself works)', async () => {
    const drifted = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./fixtures/drifted-interpreter.ts', import.meta.url)),
      logger: silent,
    });
    const file = files.find((f) => f.startsWith('cancelled-wait')) as string;
    const results = Worker.runReplayHistories({ workflowBundle: drifted, replayName: 'drifted' }, [load(file)]);
    const errors: unknown[] = [];
    for await (const result of results) errors.push(result.error);
    expect(errors).toHaveLength(1);
    expect(String((errors[0] as Error | undefined)?.name)).toMatch(/DeterminismViolation/);
  });

  it.each(files)('%s replays without non-determinism', async (file) => {
    const results = Worker.runReplayHistories({ workflowBundle: await interpreterBundle(), replayName: file }, [load(file)]);
    for await (const result of results) {
      expect(result.error, String(result.error)).toBeUndefined();
    }
  });
});
