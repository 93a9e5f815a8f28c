import { it } from 'vitest';
import { createInnerContext } from '../../apps/runtime/src/api/context.ts';
import { appRouter } from '../../apps/runtime/src/api/router.ts';
import { createCallerFactory } from '../../apps/runtime/src/api/trpc.ts';
import { createTestDatabase, createUser } from '../support/platform.ts';
import { branchingFlow } from '../support/flows.ts';
it('huge revision', async () => {
  const database = await createTestDatabase('rev');
  const admin = await createUser(database.db, ['admin']);
  const caller = createCallerFactory(appRouter)(createInnerContext({ db: database.db, temporal: undefined as never, taskQueue: 'x' }, admin));
  const flow = await caller.flows.create({ key: 'revx', name: 'x' });
  for (const revision of [2 ** 31, 1e20, Number.MAX_SAFE_INTEGER]) {
    const r = await caller.flows.saveDraft({ id: flow.id, revision, definition: branchingFlow as never }).then(() => 'ok', (e: { code?: string; message: string }) => `${e.code}: ${e.message}`);
    process.stdout.write(`RESULT ${revision} ${r.slice(0, 200)}\n`);
  }
  await database.drop();
});
