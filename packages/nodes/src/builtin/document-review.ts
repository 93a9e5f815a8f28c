import {
  addBusinessTime,
  AssigneeSchema,
  BusinessDurationFieldSchema,
  CalendarKeySchema,
  templateExpressions,
  type InputField,
} from '@trackway/schema/runtime';
import { z } from 'zod';
import { defineNode, templateSites } from '../sdk/define-node.ts';
import { DOCUMENT_FINALIZE_ACTIVITY, type DocumentFields, type DocumentFinalizeInput, type DocumentFinalizeOutput } from './document.ts';
import { NodeRef, Template } from './fields.ts';
import { resolveAssignee } from './human-task.ts';

/** The form field type that holds a draft value as it is. */
function fieldType(value: unknown): InputField['type'] {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object' && value !== null) return 'object';
  return 'string';
}

/** The review form: every draft field, none required, so the reviewer may change or remove any of them. */
export function reviewForm(fields: DocumentFields): InputField[] {
  return Object.entries(fields).map(([name, value]) => ({ name, type: fieldType(value), required: false, label: name }));
}

interface DraftOutput {
  readonly documentId?: unknown;
  readonly version?: unknown;
  readonly fields?: unknown;
}

/**
 * Manual control over a generated document (scenario 3): the draft of an earlier `document` node
 * becomes a human task whose form holds the draft's fields. The reviewer's data is the final field
 * set — a field left out is removed — and `approved` renders the final, keeping the draft and the
 * field-by-field difference; `rejected` keeps the draft only.
 */
export const documentReviewNode = defineNode({
  type: 'document-review',
  version: 1,
  waits: true,
  errorPort: true,
  palette: {
    title: 'Review document',
    category: 'People',
    icon: 'file-check',
    description: 'A person checks a generated draft, edits or removes fields, and approves the final.',
  },
  config: z.object({
    /** The `document` node whose draft is reviewed. */
    document: NodeRef,
    title: Template.min(1, 'enter a title').default('Review the document'),
    instructions: Template.default('Check every field. Change what is wrong; remove what must not be in the document.'),
    assignee: AssigneeSchema,
    calendar: CalendarKeySchema.default('standard'),
    due: BusinessDurationFieldSchema.optional(),
  }),
  outputs: [
    { name: 'approved', label: 'approved', required: true },
    { name: 'rejected', label: 'rejected', required: true },
  ],
  expressions: (c) => [
    ...templateSites('title', templateExpressions(c.title)),
    ...templateSites('instructions', templateExpressions(c.instructions)),
    ...(c.assignee.kind === 'expression' ? [{ path: 'assignee.expression', source: c.assignee.expression }] : []),
  ],
  activity: {
    name: DOCUMENT_FINALIZE_ACTIVITY,
    startToCloseTimeoutMs: 60_000,
    retry: {
      maximumAttempts: 5,
      initialIntervalMs: 1_000,
      backoffCoefficient: 2,
      nonRetryableErrorTypes: ['DocumentTemplateNotFound', 'DocumentInputInvalid'],
    },
  },
  async execute(ctx) {
    const c = ctx.config;
    const draft = ctx.scope.steps[c.document] as DraftOutput | undefined;
    if (!draft || typeof draft.documentId !== 'string' || typeof draft.fields !== 'object' || draft.fields === null) {
      throw new Error(`node "${c.document}" has produced no document draft to review`);
    }
    const fields = draft.fields as DocumentFields;
    const assignee = c.assignee.kind === 'expression' ? resolveAssignee(await ctx.evaluate('assignee.expression')) : c.assignee;
    const dueAt = c.due ? addBusinessTime(await ctx.calendar(c.calendar), ctx.now(), c.due).toISOString() : undefined;
    const review = await ctx.humanTask({
      title: await ctx.render(c.title),
      instructions: await ctx.render(c.instructions),
      assignee,
      form: reviewForm(fields),
      outcomes: ['approved', 'rejected'],
      ...(dueAt ? { dueAt } : {}),
      context: { document: { id: draft.documentId, version: draft.version, fields } },
    });
    if (review.status !== 'completed') throw new Error('the review ended without a decision');
    if (review.outcome === 'rejected') {
      ctx.audit('document.reject', { draftId: draft.documentId, taskId: review.taskId }, review.completedBy);
      return { port: 'rejected', output: { draftId: draft.documentId, reviewer: review.completedBy, taskId: review.taskId } };
    }
    const request: Omit<DocumentFinalizeInput, 'dedupeKey'> = {
      draftId: draft.documentId,
      fields: Object.fromEntries(Object.entries(review.data).filter(([, v]) => v !== null && v !== undefined)),
      reviewerId: review.completedBy,
    };
    const final = (await ctx.callActivity(request)) as DocumentFinalizeOutput;
    ctx.audit(
      'document.review',
      { draftId: draft.documentId, finalId: final.documentId, version: final.version, changes: final.changes, taskId: review.taskId },
      review.completedBy,
    );
    return {
      port: 'approved',
      output: {
        draftId: draft.documentId,
        documentId: final.documentId,
        version: final.version,
        contentHash: final.contentHash,
        fields: final.fields,
        changes: final.changes,
        reviewer: review.completedBy,
        taskId: review.taskId,
      },
    };
  },
});
