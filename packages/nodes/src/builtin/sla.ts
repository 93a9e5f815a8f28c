import {
  addBusinessTime,
  BusinessDurationFieldSchema,
  businessTimeBetween,
  CalendarKeySchema,
  TimeZoneSchema,
  type BusinessDurationField,
} from '@trackway/schema/runtime';
import { z } from 'zod';
import { defineNode } from '../sdk/define-node.ts';
import { EventType, Expression, MessageSchema, messageSites, NodeRef } from './fields.ts';

const RuleSchema = z.object({ when: Expression, goal: BusinessDurationFieldSchema, label: z.string().max(100).optional() });

const config = z
  .object({
    /** The human task node whose completion meets the SLA. */
    watch: NodeRef,
    calendar: CalendarKeySchema.default('standard'),
    /**
     * Expression giving an IANA time zone (e.g. steps.lookup.timeZone): the calendar's working hours
     * then count in the customer's zone. An unknown zone keeps the calendar's own (noted in the state).
     */
    timeZone: Expression.optional(),
    /** Goal when no rule matches. */
    goal: BusinessDurationFieldSchema,
    /** First rule whose expression is true sets the goal (e.g. by customer tier and priority). */
    rules: z.array(RuleSchema).max(50).default([]),
    /** Percentages of the goal at which a warning fires. */
    warnAt: z.array(z.number().int().min(1).max(99)).max(5).default([80]),
    warn: MessageSchema.optional(),
    /** Events that stop the clock (e.g. waiting on the customer) and restart it. */
    pauseOn: z.array(EventType).max(10).default([]),
    resumeOn: z.array(EventType).max(10).default([]),
    /** Count from the task's creation, or from the start of the run (the request's arrival). */
    startFrom: z.enum(['task', 'run']).default('task'),
  })
  .refine((c) => c.pauseOn.length === 0 || c.resumeOn.length > 0, {
    message: 'a clock that pauses needs resume events',
    path: ['resumeOn'],
  });

export interface SlaState {
  readonly goal: BusinessDurationField;
  readonly rule: string | null;
  readonly startedAt: string;
  /** When the goal is due, given the pauses so far (moves while paused). */
  readonly target: string;
  readonly elapsedMinutes: number;
  readonly remainingMinutes: number;
  readonly paused: boolean;
  readonly breached: boolean;
  readonly warned: readonly number[];
  readonly timeZone: string;
  readonly zoneNote?: string;
}

/**
 * A service-level goal in business time on a calendar, watching a human task: warns at thresholds,
 * pauses and resumes on events, and takes `breached` when the goal passes with the task still
 * open (the task stays open: escalate after the breach port), or `met` when the task closes first.
 */
export const slaNode = defineNode({
  type: 'sla',
  version: 1,
  waits: true,
  palette: { title: 'SLA timer', category: 'Time', icon: 'timer', description: 'Tracks a service-level goal in business time on a task.' },
  config,
  outputs: [
    { name: 'met', label: 'met', required: true },
    { name: 'breached', label: 'breached', required: true },
  ],
  expressions: (c) => [
    ...(c.timeZone ? [{ path: 'timeZone', source: c.timeZone }] : []),
    ...c.rules.map((r, i) => ({ path: `rules.${i}.when`, source: r.when })),
    ...(c.warn ? messageSites('warn', c.warn) : []),
  ],
  async execute(ctx) {
    const c = ctx.config;
    let goal = c.goal;
    let rule: string | null = null;
    for (const [i, r] of c.rules.entries()) {
      if ((await ctx.evaluate(`rules.${i}.when`)) === true) {
        goal = r.goal;
        rule = r.label ?? `rule ${i + 1}`;
        break;
      }
    }
    let calendar = await ctx.calendar(c.calendar);
    let zoneNote: string | undefined;
    if (c.timeZone) {
      const zone = TimeZoneSchema.safeParse(await ctx.evaluate('timeZone'));
      if (zone.success) calendar = { ...calendar, timeZone: zone.data };
      else zoneNote = `${zone.error.issues[0]?.message ?? 'invalid time zone'}; counting in ${calendar.timeZone}`;
    }
    const watch = ctx.watchTask(c.watch);
    const startedAt = c.startFrom === 'task' ? new Date((await watch.created()).createdAt) : new Date(ctx.scope.run.startedAt);
    const goalMinutes = businessTimeBetween(calendar, startedAt, addBusinessTime(calendar, startedAt, goal));
    const closed = () => {
      const task = watch.current();
      return task !== undefined && task.status !== 'open';
    };

    // The clock: business minutes left at the start of the current running segment.
    let segmentStart = ctx.now();
    let remainingAtSegment = goalMinutes - businessTimeBetween(calendar, startedAt, segmentStart);
    let paused = false;
    let breached = false;
    const warned: number[] = [];
    const remainingNow = () => (paused ? remainingAtSegment : remainingAtSegment - businessTimeBetween(calendar, segmentStart, ctx.now()));
    const momentWhenRemaining = (minutes: number) => addBusinessTime(calendar, segmentStart, remainingAtSegment - minutes);
    const snapshot = (): SlaState => {
      const remaining = remainingNow();
      return {
        goal,
        rule,
        startedAt: startedAt.toISOString(),
        target: addBusinessTime(calendar, paused ? ctx.now() : segmentStart, paused ? remaining : remainingAtSegment).toISOString(),
        elapsedMinutes: goalMinutes - remaining,
        remainingMinutes: remaining,
        paused,
        breached,
        warned: [...warned],
        timeZone: calendar.timeZone,
        ...(zoneNote ? { zoneNote } : {}),
      };
    };
    const publish = async () => {
      const state = snapshot();
      ctx.progress(state);
      await watch.update({ sla: state });
      return state;
    };
    const finish = (port: 'met' | 'breached') => ({ port, output: snapshot() });

    await publish();
    for (;;) {
      if (closed()) return finish('met');
      const elapsedPercent = ((goalMinutes - remainingNow()) / Math.max(goalMinutes, 1e-9)) * 100;
      for (const percent of [...c.warnAt].sort((a, b) => a - b)) {
        if (warned.includes(percent) || elapsedPercent < percent) continue;
        warned.push(percent);
        const state = await publish();
        ctx.audit('sla.warning', { percent, ...state });
        if (c.warn) {
          await ctx.notify(`warn-${percent}`, {
            channel: c.warn.channel,
            to: await ctx.render(c.warn.to),
            subject: await ctx.render(c.warn.subject),
            body: await ctx.render(c.warn.body),
          });
        }
        ctx.progress(state);
      }
      // Float minutes: a timer that fires at the target may leave a hair of a minute.
      if (remainingNow() < 0.001) {
        breached = true;
        ctx.audit('sla.breach', await publish());
        return finish('breached');
      }
      const nextWarning = c.warnAt
        .filter((p) => !warned.includes(p))
        .map((p) => momentWhenRemaining(goalMinutes * (1 - p / 100)).getTime());
      const next = Math.min(momentWhenRemaining(0).getTime(), ...nextWarning);
      const pauseRequested = () => c.pauseOn.length > 0 && ctx.hasEvent(c.pauseOn);
      await ctx.waitUntil(() => closed() || pauseRequested(), Math.max(1, next - ctx.now().getTime()));
      if (closed()) return finish('met');
      if (pauseRequested()) {
        ctx.takeEvent(c.pauseOn);
        remainingAtSegment = remainingNow();
        paused = true;
        await publish();
        await ctx.waitUntil(() => closed() || ctx.hasEvent(c.resumeOn));
        if (closed()) return finish('met');
        ctx.takeEvent(c.resumeOn);
        paused = false;
        segmentStart = ctx.now();
        await publish();
      }
    }
  },
});
