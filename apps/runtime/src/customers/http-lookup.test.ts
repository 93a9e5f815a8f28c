import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { CUSTOMER_LOOKUP_ACTIVITY, CustomerHttpSourceSchema, type CustomerHttpSource } from '@trackway/nodes';
import { createHttpClient, type HttpClient } from '@trackway/nodes/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type Db } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { createCustomerActivities } from './activities.ts';

/** A local fake CRM stands in for the external system. */
let crm: Server;
let crmHost: string;
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
let database: TestDatabase;
let db: Db;
let http: HttpClient;

const anna = {
  customerId: 4711,
  fullName: 'Anna Schmidt',
  level: 'GOLD',
  tz: 'Europe/Berlin',
  emails: ['anna.schmidt@example.com'],
  owner: { id: 'u-1', mail: 'mia@example.com', name: 'Mia Manager' },
  tickets: [
    { id: 't-2', title: 'Wrong VAT rate', state: 'open', prio: 'high', opened: '2026-11-20T09:00:00.000Z' },
    { id: 't-1', title: 'Second delivery address', state: 'closed', prio: 'normal', opened: '2026-11-01T09:00:00.000Z' },
  ],
};

beforeAll(async () => {
  crm = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://crm');
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/api/customers') {
      const phone = url.searchParams.get('phone');
      const email = url.searchParams.get('email');
      if (phone === '+49301234567' || email === 'anna.schmidt@example.com') return json(200, { data: anna });
      return json(404, { error: 'not found' });
    }
    if (url.pathname === '/api/search') return json(200, { results: [] });
    if (url.pathname === '/api/empty') return res.writeHead(200).end('');
    if (url.pathname === '/api/down') return json(503, { error: 'maintenance' });
    if (url.pathname === '/api/locked') return json(401, { error: 'who are you?' });
    if (url.pathname === '/api/html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Login</h1>');
    if (url.pathname === '/api/hop') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
  crmHost = `127.0.0.1:${(crm.address() as AddressInfo).port}`;
  http = createHttpClient({ allowHosts: [crmHost], timeoutMs: 2_000 });
  database = await createTestDatabase('crm');
  await migrate(database.url);
  db = createPrisma(database.url);
}, 120_000);

afterAll(async () => {
  await http?.close();
  await new Promise((resolve) => crm?.close(resolve));
  await db?.$disconnect();
  await database?.drop();
}, 60_000);

function source(path: string, overrides: Partial<CustomerHttpSource> = {}): CustomerHttpSource {
  return CustomerHttpSourceSchema.parse({
    urlTemplate: `http://${crmHost}${path}`,
    headers: { 'x-tenant': 'acme' },
    mapping: {
      id: 'data.customerId',
      name: 'data.fullName',
      tier: '$lowercase(data.level)',
      timeZone: 'data.tz',
      accountManager: '{ "id": data.owner.id, "email": data.owner.mail, "displayName": data.owner.name }',
      contacts: 'data.emails.{ "kind": "email", "value": $, "label": "", "primary": true }',
      recentRequests:
        'data.tickets.{ "id": id, "kind": "request", "subject": title, "status": state, "priority": prio, "createdAt": opened, "closedAt": null }',
      openProblems:
        'data.tickets[state = "open"].{ "id": id, "kind": "request", "subject": title, "status": state, "priority": prio, "createdAt": opened, "closedAt": null }',
    },
    ...overrides,
  });
}

const lookup = (input: { by: 'phone' | 'email' | 'id'; value: string; http: CustomerHttpSource; defaultCountry?: string }, client = http) =>
  createCustomerActivities({ db, http: client })[CUSTOMER_LOOKUP_ACTIVITY]({ dedupeKey: 'd', runId: 'r', source: 'http', ...input });

async function failure(call: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('CRM lookup over HTTP', () => {
  it('asks the CRM with the normalised, URL-encoded value and maps its answer to a profile', async () => {
    seen.length = 0;
    const result = await lookup({
      by: 'phone',
      value: '030 1234567',
      defaultCountry: 'DE',
      http: source('/api/customers?phone={{value}}'),
    });
    expect(seen[0]?.url).toBe('/api/customers?phone=%2B49301234567');
    expect(seen[0]?.headers).toMatchObject({ 'x-tenant': 'acme', accept: 'application/json' });
    expect(result).toEqual({
      found: true,
      profile: {
        id: '4711',
        externalRef: '4711',
        name: 'Anna Schmidt',
        tier: 'gold',
        segment: '',
        timeZone: 'Europe/Berlin',
        accountManager: { id: 'u-1', email: 'mia@example.com', displayName: 'Mia Manager' },
        contacts: [{ kind: 'email', value: 'anna.schmidt@example.com', label: '', primary: true }],
        recentRequests: [
          {
            id: 't-2',
            kind: 'request',
            subject: 'Wrong VAT rate',
            status: 'open',
            priority: 'high',
            createdAt: '2026-11-20T09:00:00.000Z',
            closedAt: null,
          },
          {
            id: 't-1',
            kind: 'request',
            subject: 'Second delivery address',
            status: 'closed',
            priority: 'normal',
            createdAt: '2026-11-01T09:00:00.000Z',
            closedAt: null,
          },
        ],
        openProblems: [
          {
            id: 't-2',
            kind: 'request',
            subject: 'Wrong VAT rate',
            status: 'open',
            priority: 'high',
            createdAt: '2026-11-20T09:00:00.000Z',
            closedAt: null,
          },
        ],
      },
    });
  });

  it('lower-cases e-mail addresses before asking', async () => {
    seen.length = 0;
    const result = await lookup({ by: 'email', value: ' Anna.Schmidt@Example.com', http: source('/api/customers?email={{ value }}') });
    expect(seen[0]?.url).toBe('/api/customers?email=anna.schmidt%40example.com');
    expect(result.found).toBe(true);
  });

  it.each([
    ['a 404', '/api/customers?phone={{value}}', 'the CRM has no customer with phone +49309999999'],
    ['an empty body', '/api/empty?phone={{value}}', 'the CRM has no customer with phone +49309999999'],
    ['an empty result list', '/api/search?q={{value}}', 'the CRM\'s answer names no customer (mapping "id" selected nothing)'],
  ])('treats %s as not found', async (_what, path, reason) => {
    const http = source(path, {
      mapping: { id: 'results[0].id', name: 'results[0].name' },
    });
    const result = await lookup({ by: 'phone', value: '+49 30 9999999', http: path.startsWith('/api/search') ? http : source(path) });
    expect(result).toEqual({ found: false, query: { by: 'phone', value: '+49 30 9999999' }, reason });
  });

  it('does not call the CRM with a value that is not a phone number', async () => {
    seen.length = 0;
    const result = await lookup({ by: 'phone', value: 'ring me', defaultCountry: 'DE', http: source('/api/customers?phone={{value}}') });
    expect(result).toEqual({ found: false, query: { by: 'phone', value: 'ring me' }, reason: '"ring me" is not a phone number' });
    expect(seen).toHaveLength(0);
  });

  it('fails for good when asking again cannot help', async () => {
    const cases: Array<[string, CustomerHttpSource, string, string]> = [
      [
        '/api/locked',
        source('/api/locked?p={{value}}'),
        'CustomerLookupConfig',
        `the CRM refused the lookup: HTTP 401 from http://${crmHost}`,
      ],
      [
        '/api/html',
        source('/api/html?p={{value}}'),
        'CustomerLookupConfig',
        `the response from http://${crmHost}/api/html?p=%2B49301234567 is not JSON`,
      ],
      [
        '/api/hop',
        source('/api/hop?p={{value}}'),
        'HttpRefused',
        'refused: 169.254.169.254 is a cloud metadata address (AWS, GCP, Azure, OpenStack)',
      ],
      [
        'mapping',
        source('/api/customers?phone={{value}}', { mapping: { id: 'data.customerId', name: 'data.nope' } }),
        'CustomerLookupConfig',
        'the CRM\'s answer has no customer name: mapping "name" selected nothing',
      ],
      [
        'shape',
        source('/api/customers?phone={{value}}', { mapping: { id: 'data.customerId', name: 'data.fullName', contacts: 'data.emails' } }),
        'CustomerLookupConfig',
        'the mapped profile does not fit at contacts.0: Invalid input: expected object, received string',
      ],
    ];
    for (const [what, http, type, message] of cases) {
      const error = await failure(lookup({ by: 'phone', value: '+49 30 1234567', http }));
      expect({ what, type: error.type, nonRetryable: error.nonRetryable, message: error.message.slice(0, message.length) }).toEqual({
        what,
        type,
        nonRetryable: true,
        message,
      });
    }
  });

  it('lets Temporal retry when the CRM is down', async () => {
    const error = await lookup({ by: 'phone', value: '+49 30 1234567', http: source('/api/down?p={{value}}') }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ApplicationFailure);
    expect((error as Error).message).toBe(`the CRM is unavailable: HTTP 503 from http://${crmHost}`);
  });

  it('refuses a CRM on a private address unless the operator allowlisted it', async () => {
    const guarded = createHttpClient();
    const error = await failure(lookup({ by: 'phone', value: '+49 30 1234567', http: source('/api/customers?phone={{value}}') }, guarded));
    await guarded.close();
    expect([error.type, error.nonRetryable, error.message]).toEqual(['HttpRefused', true, 'refused: 127.0.0.1 is a loopback address']);
  });
});

describe('CRM request config', () => {
  it.each([
    [{ urlTemplate: 'http://crm.example.com/customers' }, 'urlTemplate', 'put {{value}} where the looked-up value goes'],
    [{ urlTemplate: 'http://crm.example.com/{{value}}/{{ input.x }}' }, 'urlTemplate', 'only the {{value}} placeholder is allowed'],
    [{ urlTemplate: 'file:///etc/{{value}}' }, 'urlTemplate', 'enter an http(s) URL'],
    [
      { headers: { Authorization: 'Bearer abc' } },
      'headers.Authorization',
      'credentials do not belong in a flow definition: store them as a named secret and call the CRM from a custom action node (docs/custom-nodes.md)',
    ],
    [
      { headers: { 'X-Api-Key': 'abc' } },
      'headers.X-Api-Key',
      'credentials do not belong in a flow definition: store them as a named secret and call the CRM from a custom action node (docs/custom-nodes.md)',
    ],
    [{ headers: { 'x-tenant': 'a\r\nx-evil: 1' } }, 'headers.x-tenant', 'no line breaks in header values'],
    [{ headers: { 'bad name': 'x' } }, 'headers.bad name', 'not a valid header name'],
    [{ mapping: { id: 'data.id', name: '$eval("1")' } }, 'mapping.name', undefined],
  ])('refuses %j', (overrides, path, message) => {
    const result = CustomerHttpSourceSchema.safeParse({
      urlTemplate: 'https://crm.example.com/customers?phone={{value}}',
      mapping: { id: 'id', name: 'name' },
      ...overrides,
    });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path.join('.')).toBe(path);
    if (message) expect(issue?.message).toBe(message);
  });
});
