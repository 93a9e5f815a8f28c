import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TRPCError } from '@trpc/server';
import type { DocumentGenerateInput } from '@trackway/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../apps/runtime/src/activities/index.ts';
import { createInnerContext, type Services } from '../../apps/runtime/src/api/context.ts';
import { appRouter } from '../../apps/runtime/src/api/router.ts';
import { startApiServer, type ApiServer } from '../../apps/runtime/src/api/server.ts';
import { createCallerFactory } from '../../apps/runtime/src/api/trpc.ts';
import { buildDocx } from '../../apps/runtime/src/documents/docx-skeleton.ts';
import { docxPlainText } from '../../apps/runtime/src/documents/docx.ts';
import { contentHash } from '../../apps/runtime/src/documents/render.ts';
import { seedDocumentTemplates } from '../../apps/runtime/src/documents/seed.ts';
import { pdfText } from '../../apps/runtime/src/documents/testing.ts';
import { createTestDatabase, createUser, type TestDatabase } from '../support/platform.ts';

/**
 * Documents on a real Postgres: the activities (idempotency, versions, review), the API
 * (templates, documents) and the download route over HTTP. Nothing here needs Temporal; the
 * run through the interpreter is in documents.timeskipping.test.ts.
 */
let database: TestDatabase;
let api: ApiServer;
let services: Services;
let activities: ReturnType<typeof createActivities>;
const callerFactory = createCallerFactory(appRouter);
let owner: Awaited<ReturnType<typeof createUser>>;
let staff: Awaited<ReturnType<typeof createUser>>;
let developer: Awaited<ReturnType<typeof createUser>>;
let runId: string;

const invoiceFields = {
  invoiceId: 'INV-2027-001',
  customerName: 'Ingrid Hansen',
  postalAddress: 'Storgata 1, 0155 Oslo',
  personalPhone: '+47 912 34 567',
  amount: '1 250.00 NOK',
  dueDate: '2027-04-01',
  lineItems: [
    { description: 'Router replacement', amount: '1 000.00 NOK' },
    { description: 'Call-out fee', amount: '250.00 NOK' },
  ],
};

function request(overrides: Partial<DocumentGenerateInput> = {}): DocumentGenerateInput {
  return {
    dedupeKey: `${runId}/doc/${randomUUID()}`,
    runId,
    documentKey: `invoice/${randomUUID()}`,
    templateKey: 'invoice',
    fields: invoiceFields,
    formats: ['html', 'pdf', 'docx'],
    stage: 'draft',
    ...overrides,
  };
}

async function failureOf(call: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApplicationFailure) return error;
    throw error;
  }
  throw new Error('expected the activity to fail');
}

async function trpcError(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  database = await createTestDatabase('documents');
  // Documents never talk to Temporal; the API's services still name a client.
  services = { db: database.db, temporal: {} as Client, taskQueue: 'documents-no-worker' };
  activities = createActivities({ db: database.db });
  owner = await createUser(database.db, ['process_owner']);
  staff = await createUser(database.db, ['staff']);
  developer = await createUser(database.db, ['developer']);
  await seedDocumentTemplates(database.db);
  await seedDocumentTemplates(database.db);
  const flow = await database.db.flow.create({ data: { key: 'documents-test', name: 'documents', ownerId: owner.id, draft: {} } });
  const version = await database.db.flowVersion.create({
    data: { flowId: flow.id, version: 1, definition: {}, plan: {}, contentHash: 'x', publishedBy: owner.id },
  });
  runId = (
    await database.db.run.create({
      data: {
        flowId: flow.id,
        flowVersionId: version.id,
        workflowId: `documents-test:${randomUUID()}`,
        businessKey: 'b',
        input: {},
        startedBy: owner.id,
      },
    })
  ).id;
  api = await startApiServer(services, { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

describe('document.generate', () => {
  it('seeding is idempotent and leaves edited templates alone', async () => {
    expect(await database.db.documentTemplate.count()).toBe(2);
    const caller = callerFactory(createInnerContext(services, owner));
    const act = await caller.documentTemplates.get({ key: 'act-of-completed-work' });
    await caller.documentTemplates.save({ key: act.key, name: act.name, body: `${act.body}<p>Edited</p>` });
    await seedDocumentTemplates(database.db);
    expect((await caller.documentTemplates.get({ key: act.key })).body).toContain('<p>Edited</p>');
  });

  it('renders HTML, PDF and DOCX and stores them with a sha256 of the HTML', async () => {
    const out = await activities['document.generate'](request());
    expect(out).toMatchObject({ version: 1, stage: 'draft', fields: invoiceFields });
    const row = await database.db.document.findUniqueOrThrow({ where: { id: out.documentId } });
    expect(row.contentHash).toBe(contentHash(row.html));
    expect(out.contentHash).toBe(row.contentHash);
    expect(row).toMatchObject({ runId, templateKey: 'invoice', templateVersion: 1, stage: 'draft', createdBy: null, changes: null });
    expect(row.html).toContain('<h1>Invoice INV-2027-001</h1>');
    expect(row.html).toContain('Router replacement');
    const pdf = await pdfText(row.pdf as Uint8Array);
    for (const text of [
      'Invoice INV-2027-001',
      'Ingrid Hansen',
      'Storgata 1, 0155 Oslo',
      'Router replacement',
      'Please pay by 2027-04-01.',
    ])
      expect(pdf.text).toContain(text);
    const docx = docxPlainText(row.docx as Uint8Array);
    for (const text of ['Invoice INV-2027-001', 'Phone: +47 912 34 567', 'Router replacement: 1 000.00 NOK', 'Total: 1 250.00 NOK'])
      expect(docx).toContain(text);
  });

  it('is idempotent by dedupeKey: a retry returns the same row, even after the template changed', async () => {
    await database.db.documentTemplate.create({ data: { key: 'changing', name: 'Changing', body: '<p>first {{customerName}}</p>' } });
    const input = request({ templateKey: 'changing', formats: ['html'] });
    const first = await activities['document.generate'](input);
    await database.db.documentTemplate.update({
      where: { key: 'changing' },
      data: { body: '<p>changed {{customerName}}</p>', version: { increment: 1 } },
    });
    const retry = await activities['document.generate'](input);
    expect(retry).toEqual(first);
    expect(await database.db.document.count({ where: { dedupeKey: input.dedupeKey } })).toBe(1);
    // A new request (another dedupeKey) gets the next version, from the new template.
    const next = await activities['document.generate'](
      request({ templateKey: 'changing', documentKey: input.documentKey, formats: ['html'] }),
    );
    expect(next.version).toBe(2);
    const row = await database.db.document.findUniqueOrThrow({ where: { id: next.documentId } });
    expect(row).toMatchObject({ templateVersion: 2, pdf: null, docx: null });
    expect(row.html).toContain('<p>changed Ingrid Hansen</p>');
  });

  it('numbers versions per document key, also when requests race', async () => {
    const documentKey = `race/${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => activities['document.generate'](request({ documentKey, formats: ['html'] }))),
    );
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3, 4, 5]);
    const other = await activities['document.generate'](request({ formats: ['html'] }));
    expect(other.version).toBe(1);
  });

  it('fails permanently, with a clear message, for an unknown template, a missing .docx or a template that does not compile', async () => {
    const unknown = await failureOf(activities['document.generate'](request({ templateKey: 'no-such-template' })));
    expect(unknown).toMatchObject({
      nonRetryable: true,
      type: 'DocumentTemplateNotFound',
      message: 'Document template "no-such-template" does not exist.',
    });

    await database.db.documentTemplate.create({ data: { key: 'no-word', name: 'No Word', body: '<p>{{x}}</p>' } });
    const noDocx = await failureOf(activities['document.generate'](request({ templateKey: 'no-word', formats: ['docx'] })));
    expect(noDocx).toMatchObject({ nonRetryable: true, type: 'DocumentTemplateInvalid' });
    expect(noDocx.message).toContain('has no Word (.docx) file');

    // Written past the API's check (e.g. by an older version): the run still gets a precise message.
    await database.db.documentTemplate.create({ data: { key: 'broken', name: 'Broken', body: '<p>\n{{#if x}}\n{{/each}}' } });
    const broken = await failureOf(activities['document.generate'](request({ templateKey: 'broken', formats: ['html'] })));
    expect(broken).toMatchObject({ nonRetryable: true, type: 'DocumentTemplateInvalid' });
    expect(broken.message).toBe('Document template "broken": line 2, column 4: if doesn\'t match each');

    const badKey = await failureOf(activities['document.generate'](request({ documentKey: '   ' })));
    expect(badKey).toMatchObject({ nonRetryable: true, type: 'DocumentInputInvalid' });
    expect(await database.db.document.count({ where: { templateKey: { in: ['no-such-template', 'no-word', 'broken'] } } })).toBe(0);
  });
});

describe('document.finalize', () => {
  it('makes a final version from the reviewer’s fields, records the changes and who made them, and keeps the draft', async () => {
    const draft = await activities['document.generate'](request());
    const { postalAddress: _address, personalPhone: _phone, ...kept } = invoiceFields;
    const reviewed = { ...kept, amount: '1 200.00 NOK', note: 'Discount agreed by phone' };
    const input = { dedupeKey: `review/${randomUUID()}`, draftId: draft.documentId, fields: reviewed, reviewerId: staff.id };
    const final = await activities['document.finalize'](input);
    expect(final).toMatchObject({ documentKey: draft.documentKey, version: 2, stage: 'final', fields: reviewed });
    expect(final.changes).toEqual([
      { field: 'amount', change: 'changed', before: '1 250.00 NOK', after: '1 200.00 NOK' },
      { field: 'note', change: 'added', after: 'Discount agreed by phone' },
      { field: 'personalPhone', change: 'removed', before: '+47 912 34 567' },
      { field: 'postalAddress', change: 'removed', before: 'Storgata 1, 0155 Oslo' },
    ]);
    const row = await database.db.document.findUniqueOrThrow({ where: { id: final.documentId } });
    expect(row).toMatchObject({ stage: 'final', createdBy: staff.id, changes: final.changes, runId });
    expect(row.html).not.toContain('Storgata');
    expect(row.html).not.toContain('912 34 567');
    const pdf = await pdfText(row.pdf as Uint8Array);
    expect(pdf.text).toContain('Ingrid Hansen');
    expect(pdf.text).not.toContain('912 34 567');
    const docx = docxPlainText(row.docx as Uint8Array);
    expect(docx).toContain('Total: 1 200.00 NOK');
    expect(docx).not.toContain('Phone:');
    expect(docx).not.toContain('Storgata');
    const kept_draft = await database.db.document.findUniqueOrThrow({ where: { id: draft.documentId } });
    expect(kept_draft).toMatchObject({ stage: 'draft', version: 1, fields: invoiceFields });

    // A retry returns the same final.
    expect(await activities['document.finalize'](input)).toEqual(final);
    expect(await database.db.document.count({ where: { documentKey: draft.documentKey } })).toBe(2);

    // A final is not a draft: it cannot be finalized again.
    const again = await failureOf(
      activities['document.finalize']({ ...input, dedupeKey: `review/${randomUUID()}`, draftId: final.documentId }),
    );
    expect(again).toMatchObject({ nonRetryable: true, type: 'DocumentInputInvalid' });
    const missing = await failureOf(
      activities['document.finalize']({ ...input, dedupeKey: `review/${randomUUID()}`, draftId: randomUUID() }),
    );
    expect(missing).toMatchObject({ nonRetryable: true, type: 'DocumentNotFound' });
  });
});

describe('documentTemplates API', () => {
  it('saves new versions, refuses a template that does not compile with its line and column, and changes nothing then', async () => {
    const caller = callerFactory(createInnerContext(services, owner));
    const created = await caller.documentTemplates.save({ key: 'welcome-letter', name: 'Welcome', body: '<p>Hello {{name}}</p>' });
    expect(created).toMatchObject({ key: 'welcome-letter', version: 1, hasDocx: false });
    const bad = await trpcError(
      caller.documentTemplates.save({ key: 'welcome-letter', name: 'Welcome', body: '<p>Hello</p>\n<p>{{#each items}}{{/if}}</p>' }),
    );
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toBe("The template does not compile: line 2, column 7: each doesn't match if");
    const raw = await trpcError(caller.documentTemplates.save({ key: 'welcome-letter', name: 'Welcome', body: '<p>{{{name}}}</p>' }));
    expect(raw.message).toMatch(/line 1, column 4: .*raw HTML/);
    expect(await caller.documentTemplates.get({ key: 'welcome-letter' })).toMatchObject({ version: 1, body: '<p>Hello {{name}}</p>' });

    const docx = buildDocx([{ text: 'Hello {name}' }]).toString('base64');
    const second = await caller.documentTemplates.save({
      key: 'welcome-letter',
      name: 'Welcome!',
      body: '<p>Hi {{name}}</p>',
      docx,
      expectedVersion: 1,
    });
    expect(second).toMatchObject({ version: 2, name: 'Welcome!', hasDocx: true });
    const stale = await trpcError(
      caller.documentTemplates.save({ key: 'welcome-letter', name: 'Old', body: '<p>x</p>', expectedVersion: 1 }),
    );
    expect(stale.code).toBe('CONFLICT');
    const kept = await caller.documentTemplates.save({ key: 'welcome-letter', name: 'Welcome!', body: '<p>Hi {{name}}!</p>' });
    expect(kept).toMatchObject({ version: 3, hasDocx: true });
    const notDocx = await trpcError(
      caller.documentTemplates.save({ key: 'welcome-letter', name: 'x', body: 'x', docx: Buffer.from('hello').toString('base64') }),
    );
    expect(notDocx).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('not a .docx') });
    const removed = await caller.documentTemplates.save({ key: 'welcome-letter', name: 'Welcome!', body: '<p>Hi</p>', docx: null });
    expect(removed).toMatchObject({ version: 4, hasDocx: false });
    const missing = await trpcError(caller.documentTemplates.save({ key: 'nobody-has-this', name: 'x', body: 'x', expectedVersion: 3 }));
    expect(missing.code).toBe('NOT_FOUND');

    const list = await caller.documentTemplates.list();
    expect(list.map((t) => t.key)).toEqual(expect.arrayContaining(['act-of-completed-work', 'invoice', 'welcome-letter']));
    expect(list.find((t) => t.key === 'invoice')?.hasDocx).toBe(true);
  });

  it('previews a body with sample fields without storing anything; a compile error is an answer with its position', async () => {
    const caller = callerFactory(createInnerContext(services, owner));
    const before = await database.db.documentTemplate.count();
    const ok = await caller.documentTemplates.preview({
      body: '<h1>{{title}}</h1>',
      fields: { title: '<b>Bold</b> & co' },
      name: 'Sample',
    });
    expect(ok).toMatchObject({ ok: true });
    expect(ok.ok && ok.html).toContain('<h1>&lt;b&gt;Bold&lt;/b&gt; &amp; co</h1>');
    expect(ok.ok && ok.html).toContain('<title>Sample</title>');
    const bad = await caller.documentTemplates.preview({ body: 'ok\n  {{#if}}' });
    expect(bad).toMatchObject({ ok: false, error: { line: 2 } });
    const proto = await caller.documentTemplates.preview({ body: '[{{constructor.constructor}}][{{__proto__.polluted}}]', fields: {} });
    expect(proto.ok && proto.html).toContain('[][]');
    expect(await database.db.documentTemplate.count()).toBe(before);
  });
});

describe('documents API and download route', () => {
  let draftId: string;
  let finalId: string;

  beforeAll(async () => {
    const draft = await activities['document.generate'](request({ formats: ['html', 'pdf'] }));
    const final = await activities['document.finalize']({
      dedupeKey: `review/${randomUUID()}`,
      draftId: draft.documentId,
      fields: { ...invoiceFields, personalPhone: undefined },
      reviewerId: staff.id,
    });
    draftId = draft.documentId;
    finalId = final.documentId;
  });

  it('lists a run’s documents and gets one with fields, HTML, changes and its other versions, but no bytes', async () => {
    const caller = callerFactory(createInnerContext(services, staff));
    const list = await caller.documents.list({ runId });
    const draft = list.find((d) => d.id === draftId);
    expect(draft).toMatchObject({ stage: 'draft', version: 1, formats: ['html', 'pdf'], createdByName: null });
    expect(draft).not.toHaveProperty('pdf');
    const final = await caller.documents.get({ id: finalId });
    expect(final).toMatchObject({ stage: 'final', version: 2, createdBy: staff.id, createdByName: staff.email, formats: ['html', 'pdf'] });
    expect(final.changes).toEqual([{ field: 'personalPhone', change: 'removed', before: '+47 912 34 567' }]);
    expect(final.versions.map((v) => [v.version, v.stage])).toEqual([
      [1, 'draft'],
      [2, 'final'],
    ]);
    expect(final.html).toContain('Ingrid Hansen');
    expect(final).not.toHaveProperty('pdf');
    expect((await trpcError(caller.documents.get({ id: randomUUID() }))).code).toBe('NOT_FOUND');
    expect(await caller.documents.list({ runId: randomUUID() })).toEqual([]);
  });

  async function download(path: string, token?: string, method = 'GET') {
    const res = await fetch(`${api.url}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  }

  it('serves the PDF and HTML with their content type and a download name, to the roles that may read documents', async () => {
    const pdf = await download(`/api/documents/${finalId}/pdf`, staff.token);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(
      `attachment; filename="invoice-v2-final.pdf"; filename*=UTF-8''invoice-v2-final.pdf`,
    );
    expect((await pdfText(pdf.body)).text).toContain('Invoice INV-2027-001');

    const html = await download(`/api/documents/${finalId}/html`, owner.token);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toContain('sandbox');
    expect(html.body.toString('utf8')).toBe((await database.db.document.findUniqueOrThrow({ where: { id: finalId } })).html);
    expect((await download(`/api/documents/${finalId}/pdf`, staff.token, 'HEAD')).status).toBe(200);
  });

  it('serves the DOCX of a document that has one', async () => {
    const withDocx = await activities['document.generate'](request({ formats: ['docx'] }));
    const docx = await download(`/api/documents/${withDocx.documentId}/docx`, staff.token);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docxPlainText(docx.body)).toContain('Ingrid Hansen');
  });

  it('answers 401 without a valid token, 403 for other roles, 404 for unknown ids, formats and missing renditions', async () => {
    expect((await download(`/api/documents/${finalId}/pdf`)).status).toBe(401);
    expect((await download(`/api/documents/${finalId}/pdf`, 'tw_not_a_token')).status).toBe(401);
    expect((await download(`/api/documents/${finalId}/pdf`, developer.token)).status).toBe(403);
    expect((await download(`/api/documents/${randomUUID()}/pdf`, staff.token)).status).toBe(404);
    expect((await download(`/api/documents/${finalId}/exe`, staff.token)).status).toBe(404);
    expect((await download(`/api/documents/not-a-uuid/pdf`, staff.token)).status).toBe(404);
    expect((await download(`/api/documents/${finalId}/pdf/extra`, staff.token)).status).toBe(404);
    const noDocx = await download(`/api/documents/${finalId}/docx`, staff.token);
    expect(noDocx.status).toBe(404);
    expect(JSON.parse(noDocx.body.toString('utf8'))).toEqual({ error: `Document "${finalId}" has no DOCX rendition.` });
    expect((await download(`/api/documents/${finalId}/pdf`, staff.token, 'POST')).status).toBe(405);
  });
});

describe('hostile input to the document procedures never produces a server error', () => {
  it.each([
    ['documents.list', (c: ReturnType<typeof callerFactory>, i: unknown) => c.documents.list(i as never)],
    ['documents.get', (c: ReturnType<typeof callerFactory>, i: unknown) => c.documents.get(i as never)],
    ['documentTemplates.get', (c: ReturnType<typeof callerFactory>, i: unknown) => c.documentTemplates.get(i as never)],
    ['documentTemplates.save', (c: ReturnType<typeof callerFactory>, i: unknown) => c.documentTemplates.save(i as never)],
    ['documentTemplates.preview', (c: ReturnType<typeof callerFactory>, i: unknown) => c.documentTemplates.preview(i as never)],
  ])('%s', async (_name, call) => {
    const caller = callerFactory(createInnerContext(services, owner));
    const inputs: unknown[] = [
      undefined,
      null,
      {},
      { id: 'x' },
      { runId: '\u0000' },
      { key: '../../etc/passwd' },
      { key: 'Upper Case' },
      { key: 'ok-key', name: 'x', body: '{{#each}}' },
      { key: 'ok-key', name: 'x', body: 'x', docx: '!!!' },
      { key: 'ok-key', name: 'x', body: 'x', docx: 'UEsDBA==' },
      { key: 'ok-key', name: 'x', body: 'a\ud800' },
      { key: 'ok-key', name: 'x', body: 'x'.repeat(300_000) },
      { body: '{{> partial}}{{#*inline "x"}}{{/inline}}' },
      { body: '{{#each a}}{{this}}{{/each}}', fields: { a: 'not a list', __proto__: { x: 1 } } },
      { body: '{{lookup . "constructor"}}', fields: [] },
      { body: 12 },
    ];
    for (const input of inputs) {
      try {
        await call(caller, input);
      } catch (error) {
        if (!(error instanceof TRPCError)) throw error;
        expect(error.code, `${JSON.stringify(input)?.slice(0, 100)}: ${error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
      }
    }
  });
});
