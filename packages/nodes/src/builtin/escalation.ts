import { addBusinessTime, AssigneeSchema, BusinessDurationFieldSchema, CalendarKeySchema } from '@trackway/schema/runtime';
import { z } from 'zod';
import { defineNode } from '../sdk/define-node.ts';
import { MessageSchema, messageSites, NodeRef } from './fields.ts';
import { resolveAssignee } from './human-task.ts';

const LevelSchema = z
  .object({
    /** Business time after the previous level (the first: after the task exists). None: at once. */
    after: BusinessDurationFieldSchema.optional(),
    reassignTo: AssigneeSchema.optional(),
    notify: MessageSchema.optional(),
    /** Raise the task's priority to at least this (1 low .. 4 urgent). */
    priority: z.number().int().min(1).max(4).optional(),
  })
  .refine((l) => l.reassignTo !== undefined || l.notify !== undefined || l.priority !== undefined, {
    message: 'a level must reassign, notify or raise the priority',
  });

/**
 * Escalates a human task through levels while it stays open: each level, after its business-time
 * delay, reassigns the task, notifies someone and/or raises its priority. Stops the moment the
 * task closes (`closed`), whichever level it reached.
 */
export const escalationNode = defineNode({
  type: 'escalation',
  version: 1,
  waits: true,
  palette: { title: 'Escalation', category: 'People', icon: 'arrow-up', description: 'Escalates an open task level by level.' },
  config: z.object({
    watch: NodeRef,
    calendar: CalendarKeySchema.default('standard'),
    levels: z.array(LevelSchema).min(1, 'add at least one level').max(10),
  }),
  outputs: [{ name: 'closed', label: 'task closed', required: true }],
  expressions: (c) =>
    c.levels.flatMap((l, i) => [
      ...(l.reassignTo?.kind === 'expression' ? [{ path: `levels.${i}.reassignTo.expression`, source: l.reassignTo.expression }] : []),
      ...(l.notify ? messageSites(`levels.${i}.notify`, l.notify) : []),
    ]),
  async execute(ctx) {
    const c = ctx.config;
    const watch = ctx.watchTask(c.watch);
    await watch.created();
    const calendar = c.levels.some((l) => l.after) ? await ctx.calendar(c.calendar) : undefined;
    const reached: Array<{ level: number; at: string }> = [];
    for (const [i, level] of c.levels.entries()) {
      const at = level.after && calendar ? addBusinessTime(calendar, ctx.now(), level.after) : ctx.now();
      ctx.progress({ nextLevel: i + 1, at: at.toISOString(), reached });
      const wait = at.getTime() - ctx.now().getTime();
      if (await watch.closed(Math.max(0, wait))) return { port: 'closed', output: { reached } };
      const task = watch.current();
      const reassignTo =
        level.reassignTo?.kind === 'expression'
          ? resolveAssignee(await ctx.evaluate(`levels.${i}.reassignTo.expression`))
          : level.reassignTo;
      const priority = level.priority !== undefined && task ? Math.max(task.priority, level.priority) : undefined;
      if (reassignTo || priority !== undefined)
        await watch.update({ ...(reassignTo ? { assignee: reassignTo } : {}), ...(priority !== undefined ? { priority } : {}) });
      if (level.notify) {
        await ctx.notify(`level-${i + 1}`, {
          channel: level.notify.channel,
          to: await ctx.render(level.notify.to),
          subject: await ctx.render(level.notify.subject),
          body: await ctx.render(level.notify.body),
        });
      }
      reached.push({ level: i + 1, at: ctx.now().toISOString() });
      ctx.progress({ reached });
    }
    await watch.closed();
    return { port: 'closed', output: { reached } };
  },
});
