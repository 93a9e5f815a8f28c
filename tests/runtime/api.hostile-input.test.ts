import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInnerContext } from '../../apps/runtime/src/api/context.ts';
import { appRouter } from '../../apps/runtime/src/api/router.ts';
import { createCallerFactory } from '../../apps/runtime/src/api/trpc.ts';
import { branchingFlow } from '../support/flows.ts';
import { procedureAt, procedurePaths } from '../support/procedures.ts';
import { createTestDatabase, createUser, startLocalTemporal, type TestDatabase } from '../support/platform.ts';

/**
 * "No user input may cause a 500": every procedure is fed arbitrary and near-valid input; each
 * call must either succeed or fail with a client error, never INTERNAL_SERVER_ERROR.
 */
let env: TestWorkflowEnvironment;
let database: TestDatabase;
const callerFactory = createCallerFactory(appRouter);
let caller: ReturnType<typeof callerFactory>;
let flowId: string;
let runId: string;

beforeAll(async () => {
  [env, database] = await Promise.all([startLocalTemporal(), createTestDatabase('hostile')]);
  const admin = await createUser(database.db, ['admin']);
  caller = callerFactory(createInnerContext({ db: database.db, temporal: env.client, taskQueue: 'hostile-no-worker' }, admin));
  const flow = await caller.flows.create({ key: 'hostile', name: 'hostile' });
  await caller.flows.saveDraft({ id: flow.id, revision: 1, definition: branchingFlow as never });
  await caller.flows.publish({ id: flow.id });
  flowId = flow.id;
  runId = (await caller.runs.start({ flowId, input: { orderId: 'H-1', amount: 1 } })).id;
});

afterAll(async () => {
  await env?.teardown();
  await database?.drop();
});

async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCError) {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        throw new Error(`500 for hostile input: ${error.message}\n${String((error.cause as Error | undefined)?.stack)}`);
      return error.code;
    }
    throw error;
  }
}

const text = fc.oneof(
  fc.string(),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '💥'.repeat(1000), ' ', '../../etc/passwd', "'; drop table runs; --"),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Every procedure of the API, found from the router itself, so a new one cannot be forgotten. */
const PROCEDURES = procedurePaths(appRouter._def.procedures).sort();

describe('hostile input never produces a server error', () => {
  it('finds the procedures to attack', () => {
    expect(PROCEDURES).toEqual(expect.arrayContaining(['flows.saveDraft', 'runs.start', 'tasks.complete']));
  });

  it.each(PROCEDURES)('%s with arbitrary input', async (name) => {
    const call = procedureAt(caller, name);
    await fc.assert(
      fc.asyncProperty(json, async (input) => {
        await outcome(() => call(input));
      }),
      { numRuns: 60 },
    );
  });

  it('near-valid drafts and run inputs: NUL bytes, lone surrogates, wrong types, huge values', async () => {
    const flow = await caller.flows.get({ id: flowId });
    await fc.assert(
      fc.asyncProperty(json, text, async (value, label) => {
        const definition = structuredClone(branchingFlow) as {
          nodes: Array<{ label: string; config: Record<string, unknown> }>;
          metadata: { name: string };
        };
        (definition.nodes[1] as { label: string }).label = label.slice(0, 200);
        (definition.nodes[1] as { config: Record<string, unknown> }).config = { expression: value };
        definition.metadata.name = label.slice(0, 200) || 'x';
        const current = await caller.flows.get({ id: flowId });
        await outcome(() => caller.flows.saveDraft({ id: flowId, revision: current.draftRevision, definition: definition as never }));
        await outcome(() => caller.flows.validate({ definition }));
        await outcome(() => caller.runs.start({ flowId, input: { orderId: label, amount: value } as never }));
        await outcome(() => caller.runs.start({ flowId, businessKey: label, input: { orderId: 'x', amount: 1 } }));
      }),
      { numRuns: 80 },
    );
    expect(flow.id).toBe(flowId);
  });

  it('near-valid inbox requests: odd search text, forged cursors, filter combinations', async () => {
    const cursor = fc.oneof(
      text,
      json.map((v) => Buffer.from(JSON.stringify(v) ?? '', 'utf8').toString('base64url')),
      fc
        .record({ s: fc.constantFrom('priority', 'due', 'created'), i: fc.uuid(), p: fc.integer(), c: text, d: fc.option(text) })
        .map((v) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url')),
    );
    const date = fc.oneof(
      text,
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            view: fc.constantFrom('mine', 'group', 'team'),
            sort: fc.constantFrom('priority', 'due', 'created'),
            cursor,
            limit: fc.integer({ min: -5, max: 500 }),
            filters: fc.record(
              {
                status: fc.constantFrom('open', 'completed', 'cancelled', 'timed_out', 'nope'),
                search: text,
                priorities: fc.array(fc.integer({ min: -1, max: 6 }), { maxLength: 5 }),
                dueFrom: date,
                dueTo: date,
                sla: fc.constantFrom('none', 'ok', 'warned', 'breached', 'paused', 'late'),
                flowId: fc.oneof(fc.uuid(), text),
                customerId: fc.oneof(fc.uuid(), text),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
        async (input) => {
          await outcome(() => caller.tasks.inbox(input as never));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a NUL byte in a draft is refused with a clear message and changes nothing', async () => {
    const before = await caller.flows.get({ id: flowId });
    const definition = { ...structuredClone(branchingFlow), metadata: { name: 'bad\u0000name' } };
    const code = await outcome(() =>
      caller.flows.saveDraft({ id: flowId, revision: before.draftRevision, definition: definition as never }),
    );
    expect(code).toBe('BAD_REQUEST');
    const after = await caller.flows.get({ id: flowId });
    expect(after.draftRevision).toBe(before.draftRevision);
  });

  it('runs.get on a run still works after all that', async () => {
    expect((await caller.runs.get({ id: runId })).id).toBe(runId);
  });
});
