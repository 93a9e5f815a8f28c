import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { HISTORIES_DIR } from '../support/histories.ts';
import { interpreterBundle } from '../support/platform.ts';

/**
 * Replays histories recorded from real runs against the current interpreter: a change that makes
 * the workflow non-deterministic fails here instead of breaking runs in production.
 * Refresh with: TRACKWAY_RECORD_HISTORIES=1 npx vitest run tests/runtime/api.integration.test.ts
 */
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

describe('replay of recorded histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays without non-determinism', async (file) => {
    const { workflowId, history } = JSON.parse(readFileSync(`${HISTORIES_DIR}/${file}`, 'utf8')) as { workflowId: string; history: unknown };
    const results = Worker.runReplayHistories({ workflowBundle: await interpreterBundle(), replayName: file }, [{ workflowId, history: history as never }]);
    for await (const result of results) {
      expect(result.error, String(result.error)).toBeUndefined();
    }
  });
});
