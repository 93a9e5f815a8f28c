import type { FlowDefinitionInput } from '@trackway/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxPlainText } from '../../apps/runtime/src/documents/docx.ts';
import { seedDocumentTemplates } from '../../apps/runtime/src/documents/seed.ts';
import { pdfText } from '../../apps/runtime/src/documents/testing.ts';
import { definition, e, n } from '../support/flows.ts';
import type { TestDatabase } from '../support/platform.ts';
import { timeSkippingRuns, type TimeSkippingRuns } from '../support/timeskipping.ts';

/** The document node in a real run: the interpreter evaluates the fields, the activity stores the document. */
let runs: TimeSkippingRuns;
let database: TestDatabase;

beforeAll(async () => {
  runs = await timeSkippingRuns('documents_ts');
  ({ database } = runs);
  await seedDocumentTemplates(database.db);
});

afterAll(() => runs?.stop());

const requestInput = {
  fields: [
    { name: 'requestId', type: 'string', required: true },
    { name: 'customerName', type: 'string', required: true },
    { name: 'description', type: 'string', required: true },
    { name: 'staffMember', type: 'string', required: true },
  ],
} as const;

/** start -> document (act of completed work) -> end, returning the node's output. */
function actFlow(documentConfig: Record<string, unknown>): FlowDefinitionInput {
  return definition(
    'act of completed work',
    [
      n('start', 'start'),
      n('act', 'document', {
        template: 'act-of-completed-work',
        fields: [
          { name: 'requestId', value: 'input.requestId' },
          { name: 'customerName', value: 'input.customerName' },
          { name: 'description', value: 'input.description' },
          { name: 'resolvedAt', value: '$substring($now(), 0, 10)' },
          { name: 'staffMember', value: 'input.staffMember' },
          { name: 'postalAddress', value: 'input.postalAddress' },
        ],
        formats: ['html', 'pdf', 'docx'],
        ...documentConfig,
      }),
      n('end', 'end', { output: 'steps.act' }),
    ],
    [e('start', 'act'), e('act', 'end')],
    { input: { fields: [...requestInput.fields, { name: 'postalAddress', type: 'string', required: false }] } },
  );
}

async function run(def: FlowDefinitionInput, input: Record<string, unknown>) {
  return runs.withWorker(async () => {
    const { handle, runId, workflowId } = await runs.startFlow(def, input);
    const outcome = await handle.result().then(
      (result) => ({ result, error: undefined }),
      (error: unknown) => ({ result: undefined, error }),
    );
    return { runId, workflowId, ...outcome };
  });
}

const input = {
  requestId: 'REQ-1042',
  customerName: 'Жанна Петрова',
  description: 'Replaced the faulty router and tested the line.',
  staffMember: 'Sam Staff',
};

describe('document node on the time-skipping server', () => {
  it('start -> document -> end stores a draft with the evaluated fields, in every format', async () => {
    const { runId, result, error } = await run(actFlow({ documentKey: 'act/{{ input.requestId }}' }), input);
    expect(error).toBeUndefined();
    const output = result?.output as {
      documentId: string;
      documentKey: string;
      version: number;
      contentHash: string;
      fields: Record<string, unknown>;
    };
    expect(output).toMatchObject({ documentKey: 'act/REQ-1042', version: 1 });
    const row = await database.db.document.findUniqueOrThrow({ where: { id: output.documentId } });
    expect(row).toMatchObject({
      runId,
      dedupeKey: `${runId}/act/1`,
      stage: 'draft',
      templateKey: 'act-of-completed-work',
      contentHash: output.contentHash,
    });
    // An input field the caller left out is an explicit null.
    expect(row.fields).toEqual({ ...input, resolvedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), postalAddress: null });
    expect(output.fields).toEqual(row.fields);
    expect(row.html).toContain('Жанна Петрова');
    const pdf = await pdfText(row.pdf as Uint8Array);
    expect(pdf.text).toContain('Request REQ-1042');
    expect(pdf.text).toContain('Replaced the faulty router and tested the line.');
    expect(docxPlainText(row.docx as Uint8Array)).toContain('Customer: Жанна Петрова');
    expect((await database.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe('completed');
  });

  it('without a document key, each run and node gets its own document', async () => {
    const { runId, result } = await run(actFlow({ formats: ['html'] }), { ...input, postalAddress: 'Storgata 1' });
    const output = result?.output as { documentKey: string; version: number };
    expect(output).toMatchObject({ documentKey: `${runId}/act`, version: 1 });
  });

  it('an unknown template fails the run at once, saying which template', async () => {
    const started = Date.now();
    const { runId, error } = await run(actFlow({ template: 'no-such-template' }), input);
    const message = String((error as { cause?: { message?: string } } | undefined)?.cause?.message);
    expect(message).toContain('Node "act" failed');
    expect(message).toContain('Document template "no-such-template" does not exist.');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((await database.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe('failed');
    expect(await database.db.document.count({ where: { runId } })).toBe(0);
  });
});
