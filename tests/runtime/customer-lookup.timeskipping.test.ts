import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CustomerProfile } from '@trackway/nodes';
import { createHttpClient, type HttpClient } from '@trackway/nodes/http';
import type { FlowDefinitionInput } from '@trackway/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_CUSTOMER, seedCustomers } from '../../apps/runtime/src/customers/seed.ts';
import { runStateQuery } from '../../apps/runtime/src/workflows/queries.ts';
import { definition, e, n } from '../support/flows.ts';
import { createUser, type TestDatabase } from '../support/platform.ts';
import { timeSkippingRuns, type TimeSkippingRuns } from '../support/timeskipping.ts';

/** The customer-lookup node in a real interpreter run: directory in Postgres, CRM as a local fake server. */
let runs: TimeSkippingRuns;
let database: TestDatabase;
let managerId: string;
let crm: Server;
let crmHost: string;
let http: HttpClient;

beforeAll(async () => {
  runs = await timeSkippingRuns('customer_lookup');
  ({ database } = runs);
  managerId = (await createUser(database.db, ['manager'], 'manager@trackway.local')).id;
  await seedCustomers(database.db);
  crm = createServer((req, res) => {
    const phone = new URL(req.url ?? '/', 'http://crm').searchParams.get('phone');
    if (phone !== KNOWN_CUSTOMER.phone) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'crm-7', display: 'Anna Schmidt', class: 'Gold' }));
  });
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
  crmHost = `127.0.0.1:${(crm.address() as AddressInfo).port}`;
  http = createHttpClient({ allowHosts: [crmHost] });
});

afterAll(async () => {
  await runs?.stop();
  await http?.close();
  await new Promise((resolve) => crm?.close(resolve));
});

/** start -> customer-lookup -> end(found) / end(notFound). */
function lookupFlow(lookup: Record<string, unknown>): FlowDefinitionInput {
  return definition(
    'customer lookup',
    [
      n('start', 'start'),
      n('lookup', 'customer-lookup', lookup),
      n('known', 'end', { output: '{ "path": "found", "customer": steps.lookup }' }),
      n('unknown', 'end', { output: '{ "path": "notFound", "miss": steps.lookup }' }),
    ],
    [e('start', 'lookup'), e('lookup', 'known', 'found'), e('lookup', 'unknown', 'notFound')],
    { input: { fields: [{ name: 'phone', type: 'string', required: true }] } },
  );
}

async function run(def: FlowDefinitionInput, input: Record<string, unknown>, deps: { http?: HttpClient } = {}) {
  return runs.withWorker(
    async () => {
      const { handle, workflowId } = await runs.startFlow(def, input);
      const result = await handle.result().then(
        (value) => ({ value, error: undefined }),
        (error: unknown) => ({ value: undefined, error }),
      );
      return { ...result, workflowId, state: await handle.query(runStateQuery) };
    },
    { http: deps.http ?? http },
  );
}

const directoryLookup = lookupFlow({ by: 'phone', value: '{{ input.phone }}', source: 'directory', defaultCountry: 'DE' });

describe('customer-lookup node on the time-skipping server', () => {
  it('takes "found" for a known caller and hands the profile to later steps', async () => {
    const { value, state } = await run(directoryLookup, { phone: '030 1234567' });
    expect(state.steps.lookup?.port).toBe('found');
    expect(state.steps.unknown).toBeUndefined();
    expect(value?.status).toBe('completed');
    const output = value?.output as { path: string; customer: CustomerProfile };
    expect(output.path).toBe('found');
    expect(output.customer).toMatchObject({
      externalRef: KNOWN_CUSTOMER.ref,
      name: 'Anna Schmidt',
      tier: 'gold',
      timeZone: 'Europe/Berlin',
      accountManager: { id: managerId, email: 'manager@trackway.local' },
    });
    expect(output.customer.contacts.map((c) => c.value)).toContain(KNOWN_CUSTOMER.email);
    expect(output.customer.openProblems.map((p) => p.subject)).toEqual([
      'Invoice INV-2041 shows the wrong VAT rate',
      'Delivery arrived two days late',
    ]);
    expect(output.customer.recentRequests).toHaveLength(3);
  });

  it.each([
    ['an unknown caller', '+44 20 7946 0000', 'no customer with phone +44 20 7946 0000'],
    ['a value that is no phone number', 'ask for Anna', '"ask for Anna" is not a phone number'],
    ['an empty value', '   ', 'the phone to look up is empty'],
  ])('takes "not found" for %s, with the reason, instead of failing the run', async (_what, phone, reason) => {
    const { value, state } = await run(directoryLookup, { phone });
    expect(state.steps.lookup?.port).toBe('notFound');
    expect(state.steps.known).toBeUndefined();
    expect(value).toEqual({
      status: 'completed',
      output: { path: 'notFound', miss: { query: { by: 'phone', value: phone.trim() }, reason } },
    });
  });

  it('looks the caller up in an external CRM through the guarded HTTP client', async () => {
    const crmFlow = lookupFlow({
      by: 'phone',
      value: '{{ input.phone }}',
      source: 'http',
      http: {
        urlTemplate: `http://${crmHost}/customers?phone={{value}}`,
        mapping: { id: 'id', name: 'display', tier: '$lowercase(class)' },
      },
    });
    const found = await run(crmFlow, { phone: '+49 30 1234567' });
    expect(found.state.steps.lookup?.port).toBe('found');
    expect((found.value?.output as { customer: CustomerProfile }).customer).toMatchObject({
      id: 'crm-7',
      name: 'Anna Schmidt',
      tier: 'gold',
    });

    const missing = await run(crmFlow, { phone: '+49 30 7654321' });
    expect(missing.state.steps.lookup?.port).toBe('notFound');

    // Without the operator's allowlist the same CRM address is refused, and the run fails at once (no retries).
    const guarded = createHttpClient();
    const refused = await run(crmFlow, { phone: '+49 30 1234567' }, { http: guarded });
    await guarded.close();
    expect(refused.state.steps.lookup?.status).toBe('failed');
    expect(refused.state.steps.lookup?.error).toContain('refused: 127.0.0.1 is a loopback address');
    expect(String((refused.error as { cause?: { message?: string } })?.cause?.message)).toContain('Node "lookup" failed');
    const history = await runs.env.client.workflow.getHandle(refused.workflowId).fetchHistory();
    const events = history.events ?? [];
    const lookupScheduled = events.find((ev) => ev.activityTaskScheduledEventAttributes?.activityType?.name === 'customer.lookup')?.eventId;
    const attempts = events.flatMap((ev) =>
      String(ev.activityTaskStartedEventAttributes?.scheduledEventId) === String(lookupScheduled)
        ? [ev.activityTaskStartedEventAttributes?.attempt]
        : [],
    );
    expect(attempts).toEqual([1]);
  });
});
