import { IdentifierSchema, templateExpressions } from '@trackway/schema/runtime';
import { z } from 'zod';
import { defineNode, runSteps, step, templateSites, type NodeResult, type Steps } from '../sdk/define-node.ts';

export const DOCUMENT_GENERATE_ACTIVITY = 'document.generate';
export const DOCUMENT_FINALIZE_ACTIVITY = 'document.finalize';

export const DOCUMENT_FORMATS = ['html', 'pdf', 'docx'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
export type DocumentStage = 'draft' | 'final';

/** Field values as the template sees them: the names a node's config declares, JSON values. */
export type DocumentFields = Record<string, unknown>;

/** One difference between a draft's fields and the final's, `field` a dotted path into nested objects. */
export interface FieldChange {
  readonly field: string;
  readonly change: 'removed' | 'changed' | 'added';
  /** Absent for an added field. */
  readonly before?: unknown;
  /** Absent for a removed field. */
  readonly after?: unknown;
}

export interface DocumentGenerateInput {
  /** Set by the interpreter: `<run>/<node>/<visit>`, so a retried activity returns the row it wrote. */
  readonly dedupeKey: string;
  readonly runId: string;
  /** Groups the versions of one document (1, 2, ...). */
  readonly documentKey: string;
  readonly templateKey: string;
  readonly fields: DocumentFields;
  /** HTML is always kept (the content hash is over it); pdf and docx are extra renditions. */
  readonly formats: readonly DocumentFormat[];
  readonly stage: DocumentStage;
}

export interface DocumentGenerateOutput {
  readonly documentId: string;
  readonly documentKey: string;
  readonly version: number;
  readonly stage: DocumentStage;
  readonly contentHash: string;
  readonly fields: DocumentFields;
}

/** A reviewer's edit of a draft: `fields` is the whole edited set (a removed field is absent). */
export interface DocumentFinalizeInput {
  readonly dedupeKey: string;
  readonly draftId: string;
  readonly fields: DocumentFields;
  readonly reviewerId: string;
}

export interface DocumentFinalizeOutput extends DocumentGenerateOutput {
  readonly changes: readonly FieldChange[];
}

/** Lower-case letters, digits and dashes, like the keys documentTemplates.save accepts. */
export const TemplateKeySchema = z
  .string()
  .trim()
  .min(1, 'choose a template')
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'template keys are lower-case letters, digits and dashes');

export const DOCUMENT_KEY_MAX = 300;

const FieldSchema = z.object({
  name: IdentifierSchema,
  value: z.string().min(1, 'enter an expression').max(4000),
});

/** Renders a document from a stored template with values computed from the run. */
export const documentNode = defineNode({
  type: 'document',
  version: 1,
  palette: {
    title: 'Document',
    category: 'Data',
    icon: 'document',
    description: 'Generates a document (HTML, PDF, Word) from a template with values from the run.',
  },
  config: z.object({
    template: TemplateKeySchema,
    /** `{{ }}` template; empty means "<run id>/<node id>", one document per run and node. */
    documentKey: z.string().max(DOCUMENT_KEY_MAX).optional(),
    fields: z
      .array(FieldSchema)
      .max(100)
      .default([])
      .refine((fields) => new Set(fields.map((f) => f.name)).size === fields.length, { message: 'field names must be unique' }),
    formats: z
      .array(z.enum(DOCUMENT_FORMATS))
      .min(1, 'choose at least one format')
      .default(['html', 'pdf'])
      .refine((formats) => new Set(formats).size === formats.length, { message: 'each format once' }),
    /** A draft waits for a person to approve it (document.finalize); "final" when no review is needed. */
    stage: z.enum(['draft', 'final']).default('draft'),
  }),
  outputs: [{ name: 'next', required: true }],
  expressions: (c) => [
    ...(c.documentKey ? templateSites('documentKey', templateExpressions(c.documentKey)) : []),
    ...c.fields.map((f, i) => ({ path: `fields.${i}.value`, source: f.value })),
  ],
  activity: {
    name: DOCUMENT_GENERATE_ACTIVITY,
    // A long document's PDF takes seconds; a stuck render should not hold the run for long.
    startToCloseTimeoutMs: 60_000,
    retry: {
      maximumAttempts: 5,
      initialIntervalMs: 1_000,
      backoffCoefficient: 2,
      nonRetryableErrorTypes: ['DocumentTemplateNotFound', 'DocumentTemplateInvalid', 'DocumentInputInvalid'],
    },
  },
  execute: (ctx) =>
    runSteps(
      (function* (): Steps<NodeResult> {
        const fields: DocumentFields = {};
        for (const [i, f] of ctx.config.fields.entries()) {
          // A missing value is an explicit null: the field exists, so a reviewer can see and remove it.
          fields[f.name] = (yield* step(ctx.evaluateNow(`fields.${i}.value`))) ?? null;
        }
        const rendered = ctx.config.documentKey ? (yield* step(ctx.renderNow(ctx.config.documentKey))).trim() : '';
        const documentKey = rendered || `${ctx.scope.run.id}/${ctx.node.id}`;
        if (documentKey.length > DOCUMENT_KEY_MAX) throw new Error(`the document key is longer than ${DOCUMENT_KEY_MAX} characters`);
        // dedupeKey and runId are added by the interpreter.
        const request: Omit<DocumentGenerateInput, 'dedupeKey' | 'runId'> = {
          documentKey,
          templateKey: ctx.config.template,
          fields,
          formats: ctx.config.formats,
          stage: ctx.config.stage,
        };
        const result = (yield* step(ctx.callActivity(request))) as DocumentGenerateOutput;
        return {
          port: 'next',
          output: {
            documentId: result.documentId,
            documentKey: result.documentKey,
            version: result.version,
            contentHash: result.contentHash,
            fields: result.fields,
          },
        };
      })(),
    ),
});
