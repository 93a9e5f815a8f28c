import {
  addBusinessTime,
  AssigneeSchema,
  BusinessDurationFieldSchema,
  CalendarKeySchema,
  InputFieldSchema,
  templateExpressions,
  type Assignee,
} from '@trackway/schema/runtime';
import { z } from 'zod';
import { defineNode, templateSites } from '../sdk/define-node.ts';
import type { ResolvedAssignee } from '../sdk/primitives.ts';
import { Expression, PortName, Template } from './fields.ts';

const OutcomeSchema = z.object({ port: PortName, label: z.string().max(100).optional() });

const config = z
  .object({
    title: Template.min(1, 'enter a title people will see in their inbox'),
    instructions: Template.default(''),
    assignee: AssigneeSchema,
    form: z.array(InputFieldSchema).max(100).default([]),
    outcomes: z
      .array(OutcomeSchema)
      .min(1, 'offer at least one outcome')
      .max(10)
      .default([
        { port: 'approved', label: 'Approve' },
        { port: 'rejected', label: 'Reject' },
      ]),
    /** 1 low, 2 normal, 3 high, 4 urgent. */
    priority: z.number().int().min(1).max(4).default(2),
    calendar: CalendarKeySchema.default('standard'),
    /** Shown as the due date: business time after the task is created. */
    due: BusinessDurationFieldSchema.optional(),
    /** After this much business time without completion the task closes and the `timeout` port is taken. */
    timeout: BusinessDurationFieldSchema.optional(),
    /** Expression giving the customer's id (e.g. steps.lookup.id), shown with the task. */
    customer: Expression.optional(),
    /** Expression giving context shown beside the form (e.g. steps.lookup). */
    context: Expression.optional(),
  })
  .refine((c) => new Set(c.outcomes.map((o) => o.port)).size === c.outcomes.length && !c.outcomes.some((o) => o.port === 'timeout'), {
    message: 'outcome ports must be unique and not "timeout"',
    path: ['outcomes'],
  })
  .refine((c) => new Set(c.form.map((f) => f.name)).size === c.form.length, { message: 'form field names must be unique', path: ['form'] });

type Config = z.infer<typeof config>;

/**
 * An expression assignee yields "name@example.com" (a person), "group:<key>" or "role:<role>";
 * anything else fails the step with the value in the message.
 */
export function resolveAssignee(value: unknown): ResolvedAssignee {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('group:') && text.length > 6) return { kind: 'group', group: text.slice(6) };
    const role = AssigneeSchema.safeParse({ kind: 'role', role: text.slice(5) });
    if (text.startsWith('role:') && role.success) return role.data as ResolvedAssignee;
    if (/^[^\s@]+@[^\s@]+$/.test(text)) return { kind: 'user', email: text };
  }
  throw new Error(`assignee expression gave ${JSON.stringify(value)}: expected an e-mail, "group:<key>" or "role:<role>"`);
}

const isExpressionAssignee = (a: Assignee): a is Extract<Assignee, { kind: 'expression' }> => a.kind === 'expression';

/**
 * A person's decision or input: creates a task in the inbox, waits durably (days or weeks) for its
 * completion through the API, and continues on the outcome's port. Completion is a Temporal
 * Update whose validator refuses a closed task, an unknown outcome or a form that does not match.
 */
export const humanTaskNode = defineNode({
  type: 'human-task',
  version: 1,
  waits: true,
  palette: {
    title: 'Manual approval',
    category: 'People',
    icon: 'user-check',
    description: 'Asks a person or group to decide or fill in a form; waits for them.',
  },
  config,
  // E.g. an assignee that does not exist: a flow can route that to a fallback instead of failing.
  errorPort: true,
  outputs: (c: Config) => [
    ...c.outcomes.map((o) => ({ name: o.port, label: o.label ?? o.port, required: true })),
    ...(c.timeout ? [{ name: 'timeout', label: 'timed out', required: true }] : []),
  ],
  expressions: (c: Config) => [
    ...templateSites('title', templateExpressions(c.title)),
    ...templateSites('instructions', templateExpressions(c.instructions)),
    ...(isExpressionAssignee(c.assignee) ? [{ path: 'assignee.expression', source: c.assignee.expression }] : []),
    ...(c.customer ? [{ path: 'customer', source: c.customer }] : []),
    ...(c.context ? [{ path: 'context', source: c.context }] : []),
  ],
  async execute(ctx) {
    const c = ctx.config;
    const assignee = isExpressionAssignee(c.assignee) ? resolveAssignee(await ctx.evaluate('assignee.expression')) : c.assignee;
    const customer = c.customer ? await ctx.evaluate('customer') : undefined;
    const context = c.context ? await ctx.evaluate('context') : undefined;
    const now = ctx.now();
    const calendar = c.due || c.timeout ? await ctx.calendar(c.calendar) : undefined;
    const dueAt = calendar && c.due ? addBusinessTime(calendar, now, c.due) : undefined;
    const timeoutMs = calendar && c.timeout ? Math.max(0, addBusinessTime(calendar, now, c.timeout).getTime() - now.getTime()) : undefined;
    const result = await ctx.humanTask(
      {
        title: await ctx.render(c.title),
        instructions: await ctx.render(c.instructions),
        assignee,
        form: c.form,
        outcomes: c.outcomes.map((o) => o.port),
        priority: c.priority,
        ...(dueAt ? { dueAt: dueAt.toISOString() } : {}),
        ...(typeof customer === 'string' ? { customerId: customer } : {}),
        ...(context !== undefined && context !== null ? { context: { value: context } } : {}),
      },
      timeoutMs,
    );
    if (result.status === 'timed_out') return { port: 'timeout', output: { taskId: result.taskId, status: 'timed_out' } };
    return {
      port: result.outcome,
      output: { taskId: result.taskId, status: 'completed', outcome: result.outcome, data: result.data, completedBy: result.completedBy },
    };
  },
});
