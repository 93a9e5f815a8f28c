import { createInnerContext } from '../../../apps/runtime/src/api/context.ts';
import { appRouter } from '../../../apps/runtime/src/api/router.ts';
import { createCallerFactory } from '../../../apps/runtime/src/api/trpc.ts';
import { createPrisma } from '../../../apps/runtime/src/db/client.ts';
import { taskViewer } from '../../../apps/runtime/src/tasks/access.ts';
import { inboxPage } from '../../../apps/runtime/src/tasks/inbox-query.ts';
import { createTestDatabase } from '../../support/platform.ts';
import { generateDirectory, generateTasks } from './generate.ts';

const url = process.env.SCRATCH_URL;
let dbUrl = url;
if (!dbUrl) {
  const d = await createTestDatabase('inbox_scratch');
  await generateDirectory(d.url);
  await generateTasks(d.url, Number(process.argv[2] ?? 1_000_000));
  console.log('URL', d.url);
  dbUrl = d.url;
  await d.db.$disconnect();
}
const db = createPrisma(dbUrl as string);
const [{ email }] = await db.$queryRaw<[{ email: string }]>`
  SELECT u.email FROM users u JOIN group_members m ON m.user_id = u.id WHERE u.email LIKE 'user%@bench.test'
   GROUP BY u.email HAVING count(*) = 2 ORDER BY u.email LIMIT 1`;
const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, roles: true } });
const caller = createCallerFactory(appRouter)(createInnerContext({ db, temporal: null as never, taskQueue: 'x' }, user));
const viewer = await taskViewer(db, user);
const req = { view: 'group' as const, sort: 'priority' as const, filters: { status: 'open' as const, priorities: [2, 3, 4] }, limit: 50 };
async function t(name: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < 50; i++) { const s = performance.now(); await fn(); xs.push(performance.now() - s); }
  xs.sort((a, b) => a - b);
  console.log(name.padEnd(40), 'p50', xs[25]!.toFixed(2), 'p95', xs[47]!.toFixed(2));
}
await t('viewer', () => taskViewer(db, user));
await t('page sql', () => inboxPage(db, viewer, req));
const page = await inboxPage(db, viewer, req);
console.log(page.items.length, page.items[0]);
await t('users by id', () => db.user.findMany({ where: { id: { in: [user.id] } }, select: { id: true, displayName: true } }));
await t('procedure', () => caller.tasks.inbox(req));
await t('search customer', () => caller.tasks.inbox({ view: 'group', filters: { status: 'open', search: 'customer 1234' } }));
await t('procedure mine', () => caller.tasks.inbox({ view: 'mine' }));
await t('select 1', () => db.$queryRaw`SELECT 1`);
await db.$disconnect();
