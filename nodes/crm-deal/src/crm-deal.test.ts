import { createNodeHarness, type NodeHarness } from '@trackway/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCrm, type FakeCrm } from './testing/fake-crm.ts';

/** The crm-deal node alone on Temporal's time-skipping server, against a local fake CRM. */
const TOKEN = 'crm-secret-token-123';
let crm: FakeCrm;
let harness: NodeHarness;

beforeAll(async () => {
  crm = await startFakeCrm({ token: TOKEN });
  harness = await createNodeHarness({
    package: new URL('..', import.meta.url),
    secrets: { 'crm-token': TOKEN, 'old-token': 'not-the-token' },
    allowHosts: [crm.host],
  });
});

afterAll(async () => {
  await harness?.close();
  await crm?.close();
});

const config = (over: Record<string, unknown> = {}) => ({
  baseUrl: crm.baseUrl,
  token: { secret: 'crm-token' },
  title: 'Onboarding {{ input.customer }}',
  value: { amount: 'input.amount * 2' },
  contactEmail: '{{ input.email }}',
  ...over,
});

describe('crm-deal', () => {
  it('creates a deal with the secret token and the step idempotency key, and takes "created"', async () => {
    const run = await harness.run({ type: 'crm-deal', config: config(), input: { customer: 'Acme', email: 'a@acme.test', amount: 600 } });
    expect(run.status).toBe('completed');
    expect(run.port).toBe('created');
    expect(run.output).toMatchObject({ dealId: expect.stringMatching(/^D-/), stage: 'qualification' });
    const request = crm.requests.at(-1);
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['idempotency-key']).toMatch(/\/node\/1$/);
    expect(request?.body).toEqual({ title: 'Onboarding Acme', amount: 1200, currency: 'EUR', contactEmail: 'a@acme.test' });
    // One activity call; it carried the secret's name, never its value.
    expect(run.activityCalls.map((c) => c.name)).toEqual(['node:crm-deal']);
    expect(run.activityCalls[0]?.input).toMatchObject({ config: { token: { secret: 'crm-token' }, title: 'Onboarding Acme' } });
    expect(JSON.stringify(run)).not.toContain(TOKEN);
  });

  it('takes "already exists" when the CRM has a deal with that title', async () => {
    const first = await harness.run({
      type: 'crm-deal',
      config: config({ title: 'Renewal' }),
      input: { customer: 'B', email: 'b@b.test', amount: 1 },
    });
    const second = await harness.run({
      type: 'crm-deal',
      config: config({ title: 'Renewal' }),
      input: { customer: 'B', email: 'b@b.test', amount: 1 },
    });
    expect(first.port).toBe('created');
    expect(second.port).toBe('duplicate');
    expect(second.output).toEqual(first.output);
  });

  it('retries while the CRM is down, with the same idempotency key, and creates one deal', async () => {
    crm.failNext(2);
    const run = await harness.run({
      type: 'crm-deal',
      config: config({ title: 'Flaky' }),
      input: { customer: 'C', email: 'c@c.test', amount: 5 },
    });
    expect(run.port).toBe('created');
    expect(run.activityCalls.map((c) => c.error ?? 'ok')).toEqual([
      'the CRM is unavailable (HTTP 503)',
      'the CRM is unavailable (HTTP 503)',
      'ok',
    ]);
    const keys = crm.requests.slice(-3).map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(1);
  });

  it('fails at once into the error port when the CRM refuses the token', async () => {
    const run = await harness.run({
      type: 'crm-deal',
      config: config({ token: { secret: 'old-token' } }),
      input: { customer: 'D', email: 'd@d.test', amount: 5 },
    });
    expect(run.port).toBe('error');
    expect(run.error).toContain('the CRM refused the token (HTTP 401)');
    expect(run.activityCalls).toHaveLength(1);
  });

  it('fails when the secret is not set, naming it', async () => {
    const run = await harness.run({
      type: 'crm-deal',
      config: config({ token: { secret: 'nobody-set-this' } }),
      input: { customer: 'E', email: 'e@e.test', amount: 5 },
    });
    expect(run.port).toBe('error');
    expect(run.error).toContain('Secret "nobody-set-this" is not set');
  });

  it('refuses an amount expression that gives no number, before calling the CRM', async () => {
    const before = crm.requests.length;
    const run = await harness.run({
      type: 'crm-deal',
      config: config({ value: { amount: 'input.customer' } }),
      input: { customer: 'F', email: 'f@f.test', amount: 5 },
    });
    expect(run.port).toBe('error');
    expect(run.error).toContain('value.amount: "input.customer" gave "F", but the amount must be a number');
    expect(run.activityCalls).toEqual([]);
    expect(crm.requests.length).toBe(before);
  });

  it('refuses a local CRM address that is not allowlisted (SSRF guard)', async () => {
    const run = await harness.run({
      type: 'crm-deal',
      config: config({ baseUrl: 'http://169.254.169.254/api' }),
      input: { customer: 'G', email: 'g@g.test', amount: 5 },
    });
    expect(run.port).toBe('error');
    expect(run.error).toMatch(/refused/);
    expect(run.activityCalls).toHaveLength(1);
  });

  it('upgrades a version 1 config (amount in euros) and runs it as version 2', async () => {
    const { baseUrl, token, title } = config();
    const run = await harness.run({
      type: 'crm-deal',
      version: 1,
      config: { baseUrl, token, title: `${title} v1`, amount: 'input.amount' },
      input: { customer: 'H', email: 'h@h.test', amount: 7 },
    });
    expect(run.port).toBe('created');
    expect(crm.requests.at(-1)?.body).toMatchObject({ amount: 7, currency: 'EUR' });
  });
});
