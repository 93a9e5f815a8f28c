import {
  DOCUMENT_FORMATS,
  DOCUMENT_KEY_MAX,
  type DocumentFields,
  type DocumentFinalizeInput,
  type DocumentFinalizeOutput,
  type DocumentFormat,
  type DocumentGenerateInput,
  type DocumentGenerateOutput,
  type FieldChange,
} from '@trackway/nodes';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { diffFields } from './diff.ts';
import { DocxTemplateError } from './docx.ts';
import { MissingDocxError, renderDocument, type RenderedDocument, type TemplateSource } from './render.ts';
import { TemplateError } from './template.ts';

/** Why a document could not be made; `type` names it for Temporal (all are permanent). */
export class DocumentError extends Error {
  constructor(
    readonly type: 'DocumentTemplateNotFound' | 'DocumentTemplateInvalid' | 'DocumentNotFound' | 'DocumentInputInvalid',
    message: string,
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}

/** As stored (JSON): an undefined value is no field at all, so the diff and the row agree. */
const Fields = z.record(z.string(), z.unknown()).transform((fields) => JSON.parse(JSON.stringify(fields)) as DocumentFields);

const GenerateInput = z.object({
  dedupeKey: z.string().min(1).max(500),
  runId: z.uuid().nullable(),
  documentKey: z.string().trim().min(1, 'is empty').max(DOCUMENT_KEY_MAX),
  templateKey: z.string().min(1).max(100),
  fields: Fields,
  formats: z.array(z.enum(DOCUMENT_FORMATS)).min(1),
  stage: z.enum(['draft', 'final']),
});

const FinalizeInput = z.object({
  dedupeKey: z.string().min(1).max(500),
  draftId: z.uuid('must be a document id (UUID)'),
  fields: Fields,
  reviewerId: z.uuid('must be a user id (UUID)'),
});

function parseInput<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DocumentError(
    'DocumentInputInvalid',
    `${what}: ${issue ? `${issue.path.join('.') || 'input'} ${issue.message}` : 'invalid input'}.`,
  );
}

const documentSelect = {
  id: true,
  documentKey: true,
  version: true,
  stage: true,
  contentHash: true,
  fields: true,
  changes: true,
} satisfies Prisma.DocumentSelect;

type DocumentRow = Prisma.DocumentGetPayload<{ select: typeof documentSelect }>;

function output(row: DocumentRow): DocumentGenerateOutput {
  return {
    documentId: row.id,
    documentKey: row.documentKey,
    version: row.version,
    stage: row.stage === 'final' ? 'final' : 'draft',
    contentHash: row.contentHash,
    fields: row.fields as DocumentFields,
  };
}

async function loadTemplate(db: Db, key: string): Promise<TemplateSource & { version: number }> {
  const template = await db.documentTemplate.findUnique({
    where: { key },
    select: { key: true, name: true, body: true, docx: true, version: true },
  });
  if (!template) throw new DocumentError('DocumentTemplateNotFound', `Document template "${key}" does not exist.`);
  return template;
}

async function render(template: TemplateSource, fields: DocumentFields, formats: readonly DocumentFormat[]): Promise<RenderedDocument> {
  try {
    return await renderDocument(template, fields, formats);
  } catch (error) {
    if (error instanceof TemplateError || error instanceof DocxTemplateError || error instanceof MissingDocxError) {
      throw new DocumentError('DocumentTemplateInvalid', `Document template "${template.key}": ${error.message}`);
    }
    throw error;
  }
}

type NewDocument = Omit<Prisma.DocumentUncheckedCreateInput, 'version' | 'id' | 'createdAt'>;

/**
 * Inserts the next version of `documentKey`, or returns the row an earlier attempt with the
 * same dedupeKey wrote. Versions are numbered under a per-key advisory lock, so two runs
 * writing the same document at once get 1 and 2, never a unique-violation failure.
 */
async function insertVersion(db: Db, data: NewDocument): Promise<DocumentRow> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${data.documentKey}))`;
    const existing = await tx.document.findUnique({ where: { dedupeKey: data.dedupeKey }, select: documentSelect });
    if (existing) return existing;
    const last = await tx.document.findFirst({
      where: { documentKey: data.documentKey },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    return tx.document.create({ data: { ...data, version: (last?.version ?? 0) + 1 }, select: documentSelect });
  });
}

const bytes = (buffer: Buffer | null) => (buffer === null ? null : new Uint8Array(buffer));

/** Renders a template with the fields and stores it as the next version of its document key. */
export async function generateDocument(db: Db, raw: DocumentGenerateInput): Promise<DocumentGenerateOutput> {
  const input = parseInput(GenerateInput, raw, 'Document request rejected');
  // A retry of an attempt that already wrote its row returns that row, even if the template changed since.
  const done = await db.document.findUnique({ where: { dedupeKey: input.dedupeKey }, select: documentSelect });
  if (done) return output(done);
  const template = await loadTemplate(db, input.templateKey);
  const rendered = await render(template, input.fields, input.formats);
  const row = await insertVersion(db, {
    dedupeKey: input.dedupeKey,
    documentKey: input.documentKey,
    stage: input.stage,
    runId: input.runId,
    templateKey: template.key,
    templateVersion: template.version,
    fields: input.fields as Prisma.InputJsonObject,
    html: rendered.html,
    pdf: bytes(rendered.pdf),
    docx: bytes(rendered.docx),
    contentHash: rendered.contentHash,
  });
  return output(row);
}

/**
 * Makes the final version of a draft from the reviewer's fields (a removed field is absent): the
 * draft stays as it was, and the final records what changed and who changed it.
 */
export async function finalizeDocument(db: Db, raw: DocumentFinalizeInput): Promise<DocumentFinalizeOutput> {
  const input = parseInput(FinalizeInput, raw, 'Finalize request rejected');
  const done = await db.document.findUnique({ where: { dedupeKey: input.dedupeKey }, select: documentSelect });
  if (done) return { ...output(done), changes: (done.changes ?? []) as unknown as FieldChange[] };
  const draft = await db.document.findUnique({
    where: { id: input.draftId },
    select: { id: true, stage: true, documentKey: true, runId: true, templateKey: true, fields: true, pdf: true, docx: true },
  });
  if (!draft) throw new DocumentError('DocumentNotFound', `Document "${input.draftId}" does not exist.`);
  if (draft.stage !== 'draft')
    throw new DocumentError('DocumentInputInvalid', `Document "${input.draftId}" is ${draft.stage}, not a draft.`);
  const reviewer = await db.user.findUnique({ where: { id: input.reviewerId }, select: { id: true } });
  if (!reviewer) throw new DocumentError('DocumentInputInvalid', `Reviewer "${input.reviewerId}" does not exist.`);
  const template = await loadTemplate(db, draft.templateKey);
  // The final comes in the renditions the draft had.
  const formats: DocumentFormat[] = ['html', ...(draft.pdf ? (['pdf'] as const) : []), ...(draft.docx ? (['docx'] as const) : [])];
  const rendered = await render(template, input.fields, formats);
  const changes = diffFields(draft.fields as DocumentFields, input.fields);
  const row = await insertVersion(db, {
    dedupeKey: input.dedupeKey,
    documentKey: draft.documentKey,
    stage: 'final',
    runId: draft.runId,
    templateKey: template.key,
    templateVersion: template.version,
    fields: input.fields as Prisma.InputJsonObject,
    html: rendered.html,
    pdf: bytes(rendered.pdf),
    docx: bytes(rendered.docx),
    contentHash: rendered.contentHash,
    changes: changes as unknown as Prisma.InputJsonArray,
    createdBy: reviewer.id,
  });
  return { ...output(row), changes: (row.changes ?? []) as unknown as FieldChange[] };
}
