import { createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { builtinRegistry, NOTIFY_ACTIVITY, type NotifyActivityInput } from '@trackway/nodes';
import { createHttpClient, type HttpClient } from '@trackway/nodes/http';
import { compileFlowOrThrow } from '@trackway/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type ActivityDeps } from '../../apps/runtime/src/activities/index.ts';
import type { interpreterWorkflow } from '../../apps/runtime/src/workflows/interpreter.ts';
import { definition, e, n } from '../support/flows.ts';
import { createTestDatabase, createUser, interpreterBundle, startTimeSkippingTemporal, type TestDatabase } from '../support/platform.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * Notifications end to end on real parts: Postgres, a real SMTP server (smtp-server) and a real
 * HTTP endpoint on 127.0.0.1, reached through the SSRF-guarded client with that one host
 * allowlisted; and one run on Temporal's time-skipping server.
 */
const SMTP_USER = 'relay';
const SMTP_PASS = 'p4ss-w0rd-never-logged';
const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
const FROM = 'Trackway <trackway@svc.test>';

let database: TestDatabase;
let sink: SmtpSink;
let receiver: WebhookReceiver;
let http: HttpClient;
let ana: { id: string; email: string };
let bo: { id: string; email: string };

beforeAll(async () => {
  database = await createTestDatabase('notifications');
  [sink, receiver] = await Promise.all([startSmtpSink({ user: SMTP_USER, pass: SMTP_PASS }), startWebhookReceiver()]);
  http = createHttpClient({ allowHosts: [receiver.host] });
  ana = await createUser(database.db, ['staff'], 'ana@svc.test');
  bo = await createUser(database.db, ['staff', 'manager'], 'bo@svc.test');
  await database.db.group.create({
    data: { key: 'support', name: 'Support', members: { create: [{ userId: ana.id }, { userId: bo.id }] } },
  });
  await database.db.group.create({ data: { key: 'empty', name: 'Nobody yet' } });
});

afterAll(async () => {
  await http?.close();
  await Promise.all([sink?.close(), receiver?.close()]);
  await database?.drop();
});

function activities(overrides: Partial<ActivityDeps> = {}) {
  const all = createActivities({
    db: database.db,
    http,
    notifications: { smtp: { url: sink.url, from: FROM }, webhookSecret: WEBHOOK_SECRET },
    ...overrides,
  });
  return all[NOTIFY_ACTIVITY];
}

function message(
  channel: NotifyActivityInput['channel'],
  recipient: string,
  extra: Partial<NotifyActivityInput> = {},
): NotifyActivityInput {
  const runId = randomUUID();
  return {
    dedupeKey: `${runId}/tell/1`,
    runId,
    channel,
    recipient,
    subject: 'Invoice INV-7 is overdue',
    body: 'Amount: 120 EUR',
    ...extra,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

async function outboxRow(dedupeKey: string) {
  return database.db.outbox.findUniqueOrThrow({ where: { dedupeKey } });
}

async function attemptsOf(dedupeKey: string) {
  const row = await outboxRow(dedupeKey);
  return database.db.deliveryAttempt.findMany({ where: { outboxId: row.id }, orderBy: { createdAt: 'asc' } });
}

/** A port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const hmac = (secret: string, text: string) => `sha256=${createHmac('sha256', secret).update(text).digest('hex')}`;

describe('in-app notifications', () => {
  it('reach a user named by e-mail (any case), once, and mark the message delivered', async () => {
    const send = activities();
    const input = message('in_app', 'ANA@svc.test');
    const result = await send(input);
    expect(result.status).toBe('delivered');
    const row = await outboxRow(input.dedupeKey);
    expect(row.deliveredAt).not.toBeNull();
    const rows = await database.db.notification.findMany({ where: { outboxId: row.id } });
    expect(rows).toEqual([
      expect.objectContaining({ userId: ana.id, title: 'Invoice INV-7 is overdue', body: 'Amount: 120 EUR', readAt: null }),
    ]);
    expect(await attemptsOf(input.dedupeKey)).toEqual([expect.objectContaining({ channel: 'in_app', ok: true })]);
  });

  it('reach every member of a group, one row each; a retry after success adds nothing', async () => {
    const send = activities();
    const input = message('in_app', 'group:support');
    await send(input);
    const again = await send(input);
    expect(again.detail).toMatch(/^already delivered/);
    const row = await outboxRow(input.dedupeKey);
    const rows = await database.db.notification.findMany({ where: { outboxId: row.id } });
    expect(rows.map((r) => r.userId).sort()).toEqual([ana.id, bo.id].sort());
    expect(await attemptsOf(input.dedupeKey)).toHaveLength(1);
    expect(await database.db.outbox.count({ where: { dedupeKey: input.dedupeKey } })).toBe(1);
  });

  it('reach the holders of a role', async () => {
    const input = message('in_app', 'role:manager');
    await activities()(input);
    const rows = await database.db.notification.findMany({ where: { outboxId: (await outboxRow(input.dedupeKey)).id } });
    expect(rows.map((r) => r.userId)).toEqual([bo.id]);
  });

  it('refuse an unknown recipient: a recorded failed attempt and a non-retryable failure, nothing sent', async () => {
    for (const [recipient, reason] of [
      ['nobody@svc.test', 'no user has the e-mail "nobody@svc.test"'],
      ['group:nope', 'no group has the key "nope"'],
      ['group:empty', 'group "empty" has no members'],
      ['role:wizard', '"role:wizard" is not a role'],
      ['ana@svc.test, not an address', '"not an address" is not an e-mail address'],
    ] as const) {
      const input = message('in_app', recipient);
      const failure = await failureOf(activities()(input));
      expect(failure.nonRetryable, recipient).toBe(true);
      expect(failure.type).toBe('NotifyDeliveryRefused');
      expect(failure.message).toContain(reason);
      const row = await outboxRow(input.dedupeKey);
      expect(row.deliveredAt).toBeNull();
      expect(await attemptsOf(input.dedupeKey)).toEqual([expect.objectContaining({ ok: false, detail: expect.stringContaining(reason) })]);
      // All or nothing: ana, who was known, got nothing either.
      expect(await database.db.notification.count({ where: { outboxId: row.id } })).toBe(0);
    }
  });
});

describe('e-mail over SMTP', () => {
  it('is received by the SMTP server with subject, body, sender and a stable Message-ID', async () => {
    const before = sink.mails.length;
    const input = message('email', 'customer@example.test', {
      subject: 'Reminder: invoice INV-7',
      body: 'Your invoice over 120 EUR is open.',
    });
    const result = await activities()(input);
    expect(result.status).toBe('delivered');
    const mails = sink.mails.slice(before);
    expect(mails).toHaveLength(1);
    const row = await outboxRow(input.dedupeKey);
    expect(mails[0]).toMatchObject({
      envelopeTo: ['customer@example.test'],
      to: 'customer@example.test',
      from: expect.stringMatching(/^"?Trackway"? <trackway@svc\.test>$/),
      subject: 'Reminder: invoice INV-7',
      text: 'Your invoice over 120 EUR is open.',
      messageId: `<${row.id}@trackway>`,
    });
    expect(row.deliveredAt).not.toBeNull();
  });

  it('goes to every member of a group in one mail, none seeing the others', async () => {
    const before = sink.mails.length;
    await activities()(message('email', 'group:support'));
    const [mail] = sink.mails.slice(before);
    expect([...(mail?.envelopeTo ?? [])].sort()).toEqual(['ana@svc.test', 'bo@svc.test']);
    expect(mail?.raw).not.toMatch(/^(To|Cc|Bcc):.*svc\.test/im);
  });

  it('SMTP down: a failed attempt is recorded and the error is retryable; the retry sends exactly one mail', async () => {
    const port = await closedPort();
    const url = `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${port}`;
    const send = activities({ notifications: { smtp: { url, from: FROM }, webhookSecret: WEBHOOK_SECRET } });
    const input = message('email', 'late@example.test');
    const failure = await failureOf(send(input));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.type).toBe('NotifyDeliveryFailed');
    expect(await attemptsOf(input.dedupeKey)).toEqual([expect.objectContaining({ ok: false, detail: expect.stringMatching(/^SMTP: /) })]);

    // The server comes back on the same port; Temporal's retry calls the same activity again.
    const revived = await startSmtpSink({ user: SMTP_USER, pass: SMTP_PASS, port });
    try {
      expect((await send(input)).status).toBe('delivered');
      expect((await send(input)).detail).toMatch(/^already delivered/);
      expect(revived.mails.map((m) => m.envelopeTo)).toEqual([['late@example.test']]);
    } finally {
      await revived.close();
    }
    expect((await attemptsOf(input.dedupeKey)).map((a) => a.ok)).toEqual([false, true]);
  });

  it('a permanent refusal (wrong password, 535) stops at once instead of retrying', async () => {
    const url = `smtp://${SMTP_USER}:wrong@127.0.0.1:${sink.port}`;
    const input = message('email', 'x@example.test');
    const failure = await failureOf(activities({ notifications: { smtp: { url, from: FROM } } })(input));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/535|Invalid/);
  });

  it('without SMTP configured: recorded as "not sent", and the run goes on', async () => {
    const input = message('email', 'customer@example.test');
    const result = await activities({ notifications: {} })(input);
    expect(result).toMatchObject({ status: 'not_sent', detail: expect.stringContaining('not sent: SMTP not configured') });
    expect(await attemptsOf(input.dedupeKey)).toEqual([
      expect.objectContaining({ ok: false, detail: expect.stringContaining('not sent: SMTP not configured') }),
    ]);
    expect((await outboxRow(input.dedupeKey)).deliveredAt).toBeNull();
  });
});

describe('webhooks', () => {
  it('POST signed JSON; a 5xx is retried (each attempt recorded) and a retry after success sends nothing', async () => {
    receiver.answers = [503, 200];
    const before = receiver.requests.length;
    const send = activities();
    const input = message('webhook', receiver.url);
    const failure = await failureOf(send(input));
    expect(failure.nonRetryable).toBe(false);
    expect((await send(input)).status).toBe('delivered');
    expect((await send(input)).detail).toMatch(/^already delivered/);

    const requests = receiver.requests.slice(before);
    expect(requests).toHaveLength(2);
    const row = await outboxRow(input.dedupeKey);
    for (const request of requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      const timestamp = String(request.headers['x-trackway-timestamp']);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
      // The receiver's check, computed here independently of the code under test.
      expect(request.headers['x-trackway-signature']).toBe(hmac(WEBHOOK_SECRET, `${timestamp}.${request.body}`));
      expect(request.headers['x-trackway-signature']).not.toBe(hmac('some-other-secret-0000', `${timestamp}.${request.body}`));
      // A body changed on the way would not verify either.
      expect(request.headers['x-trackway-signature']).not.toBe(hmac(WEBHOOK_SECRET, `${timestamp}.${request.body.replace('120', '999')}`));
      const payload = JSON.parse(request.body) as Record<string, unknown>;
      expect(Object.keys(payload).sort()).toEqual(['body', 'id', 'runId', 'sentAt', 'subject']);
      expect(payload).toMatchObject({ id: row.id, subject: input.subject, body: input.body, runId: input.runId });
    }
    expect((await attemptsOf(input.dedupeKey)).map((a) => [a.ok, a.detail])).toEqual([
      [false, `POST ${new URL(receiver.url).origin}: HTTP 503`],
      [true, `POST ${new URL(receiver.url).origin}: HTTP 200`],
    ]);
    // The secret travels only as a signature.
    expect(JSON.stringify(requests)).not.toContain(WEBHOOK_SECRET);
  });

  it('a 4xx answer is final: non-retryable', async () => {
    receiver.answers = [410];
    const failure = await failureOf(activities()(message('webhook', receiver.url)));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('HTTP 410');
    receiver.answers = [200];
  });

  it('without TRACKWAY_WEBHOOK_SECRET nothing is sent: a refused, recorded attempt', async () => {
    const before = receiver.requests.length;
    const input = message('webhook', receiver.url);
    const failure = await failureOf(activities({ notifications: {} })(input));
    expect(failure.nonRetryable).toBe(true);
    expect(await attemptsOf(input.dedupeKey)).toEqual([
      expect.objectContaining({ ok: false, detail: expect.stringContaining('TRACKWAY_WEBHOOK_SECRET is not set') }),
    ]);
    expect(receiver.requests.length).toBe(before);
  });

  it('goes through the SSRF-guarded client: a loopback address that is not allowlisted is refused for good', async () => {
    const before = receiver.requests.length;
    const input = message('webhook', receiver.url.replace('127.0.0.1', 'localhost'));
    const failure = await failureOf(activities()(input));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('refused');
    expect(receiver.requests.length).toBe(before);
  });

  it('refuses a recipient that is not an http(s) URL', async () => {
    for (const recipient of ['ana@svc.test', 'ftp://files.example.test/x']) {
      const failure = await failureOf(activities()(message('webhook', recipient)));
      expect(failure.nonRetryable).toBe(true);
    }
  });
});

describe('secrets', () => {
  it('never appear in a recorded attempt or outbox row', async () => {
    const attempts = await database.db.deliveryAttempt.findMany();
    const outbox = await database.db.outbox.findMany();
    expect(attempts.length).toBeGreaterThan(10);
    const stored = JSON.stringify([attempts, outbox]);
    expect(stored).not.toContain(SMTP_PASS);
    expect(stored).not.toContain(WEBHOOK_SECRET);
  });
});

describe('a run on the time-skipping Temporal server', () => {
  let env: TestWorkflowEnvironment;
  const taskQueue = 'notifications-timeskipping';

  beforeAll(async () => {
    env = await startTimeSkippingTemporal();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function run(def: ReturnType<typeof definition>) {
    const owner = await createUser(database.db, ['process_owner']);
    const plan = compileFlowOrThrow(def, builtinRegistry);
    const flow = await database.db.flow.create({
      data: { key: `n-${randomUUID().slice(0, 8)}`, name: 'notify', ownerId: owner.id, draft: def as object },
    });
    const version = await database.db.flowVersion.create({
      data: {
        flowId: flow.id,
        version: 1,
        definition: def as object,
        plan: plan as object,
        contentHash: plan.contentHash,
        publishedBy: owner.id,
      },
    });
    const workflowId = `${flow.key}:${randomUUID()}`;
    const row = await database.db.run.create({
      data: {
        flowId: flow.id,
        flowVersionId: version.id,
        workflowId,
        businessKey: workflowId,
        input: { ticket: 'T-9' },
        startedBy: owner.id,
      },
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await interpreterBundle(),
      activities: createActivities({ db: database.db, http, notifications: { webhookSecret: WEBHOOK_SECRET } }),
    });
    const outcome = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start<typeof interpreterWorkflow>('interpreterWorkflow', {
        taskQueue,
        workflowId,
        args: [{ plan, input: { ticket: 'T-9' }, runId: row.id, startedAt: row.startedAt.toISOString() }],
      });
      return handle.result().then(
        (result) => ({ result, error: undefined }),
        (error: unknown) => ({ result: undefined, error }),
      );
    });
    return { ...outcome, runId: row.id, flowId: flow.id };
  }

  const notifyFlow = (to: string, channel = 'in_app') =>
    definition(
      'notify',
      [
        n('start', 'start'),
        n('tell', 'notify', { channel, to, subject: 'Ticket {{ input.ticket }}', body: 'Please have a look.' }),
        n('end', 'end', { output: '{ "delivery": steps.tell.delivery.status }' }),
      ],
      [e('start', 'tell'), e('tell', 'end')],
      { input: { fields: [{ name: 'ticket', type: 'string', required: true }] } },
    );

  it('start -> notify -> end leaves a notification in the bell of each group member, linking to the run', async () => {
    const { result, runId, flowId } = await run(notifyFlow('group:support'));
    expect(result).toEqual({ status: 'completed', output: { delivery: 'delivered' } });
    const [outbox] = await database.db.outbox.findMany({ where: { runId } });
    expect(outbox?.deliveredAt).not.toBeNull();
    const rows = await database.db.notification.findMany({ where: { outboxId: outbox?.id } });
    expect(rows.map((r) => r.userId).sort()).toEqual([ana.id, bo.id].sort());
    expect(rows[0]).toMatchObject({ title: 'Ticket T-9', body: 'Please have a look.', link: `/flows/${flowId}?run=${runId}` });
  });

  it('an unknown recipient fails the run at once, with the reason, after a single attempt', async () => {
    const { error, runId } = await run(notifyFlow('ghost@svc.test'));
    const chain: string[] = [];
    for (let c = error as { message?: string; cause?: unknown } | undefined; c; c = c.cause as typeof c) chain.push(String(c.message));
    expect(chain.join(' | ')).toContain('no user has the e-mail "ghost@svc.test"');
    expect((await database.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe('failed');
    const [outbox] = await database.db.outbox.findMany({ where: { runId } });
    expect(await database.db.deliveryAttempt.count({ where: { outboxId: outbox?.id } })).toBe(1);
  });

  it('a webhook answering 503 is retried by Temporal until it takes the message, each attempt recorded', async () => {
    receiver.answers = [503, 503, 200];
    const before = receiver.requests.length;
    const { result, runId } = await run(notifyFlow(receiver.url, 'webhook'));
    expect(result).toEqual({ status: 'completed', output: { delivery: 'delivered' } });
    const [outbox] = await database.db.outbox.findMany({ where: { runId } });
    const attempts = await database.db.deliveryAttempt.findMany({ where: { outboxId: outbox?.id }, orderBy: { createdAt: 'asc' } });
    expect(attempts.map((a) => a.ok)).toEqual([false, false, true]);
    const requests = receiver.requests.slice(before);
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => (JSON.parse(r.body) as { id: string }).id))).toEqual(new Set([outbox?.id]));
  });
});
