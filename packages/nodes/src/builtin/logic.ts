import { z } from 'zod';
import { IdentifierSchema } from '@trackway/schema/runtime';
import { defineNode, runSteps, step, type NodeResult, type Steps } from '../sdk/define-node.ts';

const Expression = z.string().min(1, 'enter an expression').max(4000);

export const setNode = defineNode({
  type: 'set',
  version: 1,
  palette: {
    title: 'Set variables',
    category: 'Data',
    icon: 'variable',
    description: 'Computes values and stores them in flow variables.',
  },
  config: z.object({
    assignments: z
      .array(z.object({ variable: IdentifierSchema, value: Expression }))
      .min(1)
      .max(100),
  }),
  outputs: [{ name: 'next', required: true }],
  expressions: (c) => c.assignments.map((a, i) => ({ path: `assignments.${i}.value`, source: a.value })),
  writesVariables: (c) => c.assignments.map((a) => a.variable),
  execute: (ctx) =>
    runSteps(
      (function* (): Steps<NodeResult> {
        const variables: Record<string, unknown> = {};
        for (const [i, a] of ctx.config.assignments.entries()) {
          variables[a.variable] = yield* step(ctx.evaluateNow(`assignments.${i}.value`));
        }
        return { port: 'next', output: variables, variables };
      })(),
    ),
});

export const conditionNode = defineNode({
  type: 'condition',
  version: 1,
  palette: { title: 'Condition', category: 'Logic', icon: 'branch', description: 'Takes the yes or no path depending on an expression.' },
  config: z.object({ expression: Expression }),
  outputs: [
    { name: 'true', label: 'yes', required: true },
    { name: 'false', label: 'no', required: true },
  ],
  expressions: (c) => [{ path: 'expression', source: c.expression }],
  execute: (ctx) =>
    runSteps(
      (function* (): Steps<NodeResult> {
        const value = yield* step(ctx.evaluateNow('expression'));
        // Only a real `true` takes the yes path: a non-empty string or a number is a mistake, not truth.
        const taken = value === true;
        return { port: taken ? 'true' : 'false', output: { value, taken } };
      })(),
    ),
});

const CaseSchema = z.object({
  port: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'lower-case letters, digits and "_"'),
  label: z.string().max(100).optional(),
  when: Expression,
});

export const switchNode = defineNode({
  type: 'switch',
  version: 1,
  palette: {
    title: 'Switch',
    category: 'Logic',
    icon: 'switch',
    description: 'Takes the first case whose expression is true, else "otherwise".',
  },
  config: z
    .object({ cases: z.array(CaseSchema).min(1).max(50) })
    .refine((c) => new Set(c.cases.map((k) => k.port)).size === c.cases.length && !c.cases.some((k) => k.port === 'otherwise'), {
      message: 'case ports must be unique and not "otherwise"',
      path: ['cases'],
    }),
  outputs: (c) => [
    ...c.cases.map((k) => ({ name: k.port, label: k.label ?? k.port, required: true })),
    { name: 'otherwise', required: true },
  ],
  expressions: (c) => c.cases.map((k, i) => ({ path: `cases.${i}.when`, source: k.when })),
  execute: (ctx) =>
    runSteps(
      (function* (): Steps<NodeResult> {
        for (const [i, k] of ctx.config.cases.entries()) {
          if ((yield* step(ctx.evaluateNow(`cases.${i}.when`))) === true) return { port: k.port, output: { case: k.port } };
        }
        return { port: 'otherwise', output: { case: 'otherwise' } };
      })(),
    ),
});
