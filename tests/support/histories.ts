import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

/** Histories recorded from integration runs (TRACKWAY_RECORD_HISTORIES=1) and committed for replay. */
export const HISTORIES_DIR = fileURLToPath(new URL('../histories', import.meta.url));

/** Saves a finished run's history so the replay test can guard the interpreter against non-determinism. */
export async function recordHistory(client: Client, name: string, workflowId: string): Promise<void> {
  if (process.env.TRACKWAY_RECORD_HISTORIES !== '1') return;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  // Temporal's own JSON history format, the one `temporal workflow show --output json` writes.
  writeFileSync(`${HISTORIES_DIR}/${name}.json`, historyToJSON(history));
  writeFileSync(`${HISTORIES_DIR}/${name}.id`, workflowId);
}
