import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type Db } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../db/test-database.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { createInnerContext, type SessionUser } from '../context.ts';
import { appRouter } from '../router.ts';
import { createCallerFactory } from '../trpc.ts';

let database: TestDatabase;
let db: Db;
const callerFactory = createCallerFactory(appRouter);
type Caller = ReturnType<typeof callerFactory>;
let owner: Caller;
let ownerId: string;

const officeHours = {
  timeZone: 'Europe/Berlin',
  weekly: {
    mon: [{ start: '09:00', end: '17:00' }],
    tue: [{ start: '09:00', end: '17:00' }],
    wed: [{ start: '09:00', end: '17:00' }],
    thu: [{ start: '09:00', end: '17:00' }],
    fri: [{ start: '09:00', end: '17:00' }],
  },
  holidays: [{ date: '2026-05-01', name: 'Tag der Arbeit' }],
};

async function failure(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

/** A flow with one published version whose plan names `calendar` in a node config, nested as an SLA node would. */
async function publishedFlowUsing(key: string, calendar: string, options: { archived?: boolean; runningRun?: boolean } = {}) {
  const plan = {
    startNodeId: 'start',
    nodes: {
      start: { id: 'start', type: 'start', config: {} },
      sla: { id: 'sla', type: 'sla', config: { target: { calendar, duration: { amount: 4, unit: 'hours' } } } },
    },
  };
  const flow = await db.flow.create({
    data: {
      key,
      name: `Flow ${key}`,
      ownerId,
      draft: {},
      archivedAt: options.archived ? new Date() : null,
      versions: { create: { version: 1, definition: {}, plan: plan as Prisma.InputJsonObject, contentHash: key, publishedBy: ownerId } },
    },
    select: { id: true, versions: { select: { id: true } } },
  });
  if (options.runningRun) {
    await db.run.create({
      data: {
        flowId: flow.id,
        flowVersionId: flow.versions[0]!.id,
        workflowId: `${key}:1`,
        businessKey: '1',
        input: {},
        startedBy: ownerId,
      },
    });
  }
}

beforeAll(async () => {
  database = await createTestDatabase('calendars');
  await migrate(database.url);
  db = createPrisma(database.url);
  const user = await db.user.create({
    data: { email: 'olga@example.test', displayName: 'Olga Owner', roles: ['process_owner'] },
    select: { id: true, email: true, roles: true },
  });
  ownerId = user.id;
  // The calendars router never touches Temporal.
  owner = callerFactory(createInnerContext({ db, temporal: undefined as never, taskQueue: 'none' }, user as SessionUser));
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
}, 60_000);

describe('calendars: create, read, update', () => {
  it('stores a validated definition whose id and name come from the key and name', async () => {
    expect(await owner.calendars.create({ key: 'office', name: 'Office', definition: officeHours })).toEqual({
      key: 'office',
      revision: 1,
    });
    const stored = await owner.calendars.get({ key: 'office' });
    expect(stored).toMatchObject({ key: 'office', name: 'Office', revision: 1 });
    expect(stored.definition).toMatchObject({ id: 'office', name: 'Office', timeZone: 'Europe/Berlin' });
    // Days left out are stored as days off, as the schema defaults them.
    expect(stored.definition.weekly.sat).toEqual([]);
    const listed = await owner.calendars.list();
    expect(listed.find((c) => c.key === 'office')).toMatchObject({ name: 'Office', timeZone: 'Europe/Berlin', holidays: 1, revision: 1 });
  });

  it('refuses an invalid definition naming each field at fault, and stores nothing', async () => {
    const error = await failure(
      owner.calendars.create({
        key: 'broken',
        name: 'Broken',
        definition: { timeZone: 'Mars/Olympus', weekly: { mon: [{ start: '18:00', end: '09:00' }] }, holidays: [] },
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('timeZone: unknown time zone "Mars/Olympus"');
    expect(error.message).toContain('weekly.mon[0]: interval 18:00-09:00 must end after it starts');
    expect(await db.calendar.count({ where: { key: 'broken' } })).toBe(0);
  });

  it('refuses a second calendar with the same key and a malformed key', async () => {
    expect((await failure(owner.calendars.create({ key: 'office', name: 'Again', definition: officeHours }))).code).toBe('CONFLICT');
    expect((await failure(owner.calendars.create({ key: 'Office Hours', name: 'x', definition: officeHours }))).code).toBe('BAD_REQUEST');
    expect((await failure(owner.calendars.get({ key: 'nowhere' }))).code).toBe('NOT_FOUND');
  });

  it('updates with optimistic concurrency: a stale revision is a CONFLICT naming the current one and changes nothing', async () => {
    await owner.calendars.create({ key: 'edited', name: 'Edited', definition: officeHours });
    const saved = await owner.calendars.update({
      key: 'edited',
      revision: 1,
      definition: { ...officeHours, weekly: { ...officeHours.weekly, sat: [{ start: '10:00', end: '14:00' }] } },
    });
    expect(saved).toEqual({ key: 'edited', revision: 2 });
    const stale = await failure(owner.calendars.update({ key: 'edited', revision: 1, name: 'Lost update' }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toContain('the current revision is 2');
    const after = await owner.calendars.get({ key: 'edited' });
    expect(after).toMatchObject({ name: 'Edited', revision: 2 });
    expect(after.definition.weekly.sat).toEqual([{ start: '10:00', end: '14:00' }]);

    const renamed = await owner.calendars.update({ key: 'edited', revision: 2, name: 'Renamed' });
    expect(renamed.revision).toBe(3);
    // The name inside the definition follows the calendar's name.
    expect((await owner.calendars.get({ key: 'edited' })).definition.name).toBe('Renamed');
  });

  it('refuses an invalid update without bumping the revision', async () => {
    await owner.calendars.create({ key: 'strict', name: 'Strict', definition: officeHours });
    const error = await failure(
      owner.calendars.update({ key: 'strict', revision: 1, definition: { timeZone: 'Europe/Berlin', weekly: {}, holidays: [] } }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('weekly: a business calendar needs working hours');
    expect((await owner.calendars.get({ key: 'strict' })).revision).toBe(1);
    expect((await failure(owner.calendars.update({ key: 'nowhere', revision: 1, name: 'x' }))).code).toBe('NOT_FOUND');
  });
});

describe('calendars.remove', () => {
  it('refuses while a live flow or a running run of an archived flow uses the calendar, naming the flows', async () => {
    await owner.calendars.create({ key: 'in-use', name: 'In use', definition: officeHours });
    await publishedFlowUsing('sla-requests', 'in-use');
    await publishedFlowUsing('old-requests', 'in-use', { archived: true, runningRun: true });
    await publishedFlowUsing('retired', 'in-use', { archived: true });
    await publishedFlowUsing('other-calendar', 'office');

    const error = await failure(owner.calendars.remove({ key: 'in-use' }));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toContain('Flow sla-requests (sla-requests)');
    expect(error.message).toContain('Flow old-requests (old-requests)');
    expect(error.message).not.toContain('retired');
    expect(error.message).not.toContain('other-calendar');
    expect(await db.calendar.count({ where: { key: 'in-use' } })).toBe(1);
  });

  it('removes a calendar nothing runnable uses', async () => {
    await owner.calendars.create({ key: 'unused', name: 'Unused', definition: officeHours });
    await publishedFlowUsing('retired-too', 'unused', { archived: true });
    expect(await owner.calendars.remove({ key: 'unused' })).toEqual({ removed: 'unused' });
    expect((await failure(owner.calendars.get({ key: 'unused' }))).code).toBe('NOT_FOUND');
    expect((await failure(owner.calendars.remove({ key: 'unused' }))).code).toBe('NOT_FOUND');
  });
});

describe('calendars.preview', () => {
  it('computes the due instant and the working intervals on a stored calendar', async () => {
    // Thursday 2026-04-30 16:00 Berlin (14:00Z) + 3 business hours: 1 h Thursday, Friday is a holiday, 2 h Monday.
    const preview = await owner.calendars.preview({ key: 'office', from: '2026-04-30T14:00:00Z', amount: 3, unit: 'hours', days: 5 });
    expect(preview.due).toBe('2026-05-04T09:00:00.000Z');
    expect(preview.timeZone).toBe('Europe/Berlin');
    expect(preview.intervals).toEqual([
      { start: '2026-04-30T14:00:00.000Z', end: '2026-04-30T15:00:00.000Z' },
      { start: '2026-05-04T07:00:00.000Z', end: '2026-05-04T15:00:00.000Z' },
      { start: '2026-05-05T07:00:00.000Z', end: '2026-05-05T14:00:00.000Z' },
    ]);
  });

  it('previews a definition being edited, and refuses bad input as client errors', async () => {
    const preview = await owner.calendars.preview({ definition: officeHours, from: '2026-03-02T08:00:00Z', amount: 1, unit: 'days' });
    expect(preview.due).toBe('2026-03-03T08:00:00.000Z');
    expect((await failure(owner.calendars.preview({ from: '2026-03-02T08:00:00Z', amount: 1, unit: 'days' }))).code).toBe('BAD_REQUEST');
    const fractional = await failure(owner.calendars.preview({ key: 'office', from: '2026-03-02T08:00:00Z', amount: 1.5, unit: 'days' }));
    expect(fractional.code).toBe('BAD_REQUEST');
    expect(fractional.message).toContain('whole number');
    const notInstant = await failure(owner.calendars.preview({ key: 'office', from: 'next monday', amount: 1, unit: 'hours' }));
    expect(notInstant.message).toContain('ISO instant');
    expect((await failure(owner.calendars.preview({ key: 'nowhere', from: '2026-03-02T08:00:00Z', amount: 1, unit: 'hours' }))).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('near-valid calendars never produce a server error', () => {
  const time = fc.oneof(
    fc.constantFrom('00:00', '09:00', '12:30', '18:00', '23:59', '24:00', '25:00', '9:00', ''),
    fc.string({ maxLength: 6 }),
  );
  const interval = fc.record({ start: time, end: time });
  const definition = fc.record(
    {
      timeZone: fc.constantFrom('Europe/Berlin', 'UTC', 'America/New_York', 'Mars/Olympus', '', 'Etc/GMT+14'),
      weekly: fc.dictionary(fc.constantFrom('mon', 'tue', 'sat', 'sun', 'funday'), fc.array(interval, { maxLength: 3 })),
      holidays: fc.array(
        fc.record({ date: fc.constantFrom('2026-05-01', '2026-02-30', '1899-12-31', 'soon'), name: fc.string({ maxLength: 5 }) }),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: [] },
  );
  const instant = fc.oneof(
    fc.date({ min: new Date('1800-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom('0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T10:00:00Z', '2026-03-29T01:30:00+01:00'),
  );

  it('preview and create answer with data or a client error, whatever the definition, instant and amount', async () => {
    await fc.assert(
      fc.asyncProperty(
        definition,
        instant,
        fc.double({ min: -100_000, max: 100_000, noNaN: true }),
        fc.constantFrom('minutes', 'hours', 'days'),
        async (def, from, amount, unit) => {
          for (const call of [
            () => owner.calendars.preview({ definition: def as never, from, amount, unit: unit as 'days', days: 31 }),
            () =>
              owner.calendars.create({ key: `fuzz-${Math.random().toString(36).slice(2, 10)}`, name: 'Fuzz', definition: def as never }),
          ]) {
            const error = await call().then(
              () => undefined,
              (e: unknown) => e,
            );
            if (error === undefined) continue;
            expect(error).toBeInstanceOf(TRPCError);
            expect((error as TRPCError).code, (error as TRPCError).message).not.toBe('INTERNAL_SERVER_ERROR');
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
