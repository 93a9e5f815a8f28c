import { describe, expect, it } from 'vitest';
import { codeProblems, completionsAt, expressionSpans, type ExpressionContext } from './language.ts';

const ctx: ExpressionContext = {
  inputFields: [{ name: 'amount', type: 'number' }],
  variables: [{ name: 'tier', type: 'string' }],
  nodes: [{ id: 'check', label: 'Check', type: 'condition' }],
};

describe('expression language support', () => {
  it('finds the holes of a template with their offsets', () => {
    expect(expressionSpans('Hi {{ input.name }}, {{vars.tier}}', 'template')).toEqual([
      { source: 'input.name', offset: 6 },
      { source: 'vars.tier', offset: 23 },
    ]);
  });

  it('underlines syntax errors and undeclared names where they are', () => {
    expect(codeProblems('input.amount > 100 and vars.tier = "gold"', 'expression', ctx)).toEqual([]);
    const [syntax] = codeProblems('input.amount >', 'expression', ctx);
    expect(syntax).toMatchObject({ severity: 'error', end: 14 });
    const undeclared = codeProblems('input.amout > 1 or steps.nope.x or foo.bar', 'expression', ctx);
    expect(undeclared.map((p) => [p.start, p.end])).toEqual([
      [0, 11],
      [19, 29],
      [35, 42],
    ]);
    expect(undeclared[0]?.message).toContain('Input field “amout” is not declared');
    expect(codeProblems('', 'expression', ctx)).toEqual([]);
  });

  it('checks each hole of a template and unclosed holes', () => {
    const problems = codeProblems('Dear {{ vars.nope }}, {{ }} and {{ input.amount', 'template', ctx);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('never closed'),
      expect.stringContaining('Variable “nope” is not declared'),
      expect.stringContaining('Empty {{ }}'),
    ]);
    expect(problems[1]).toMatchObject({ start: 8, end: 17 });
  });

  it('completes roots, then the declared names of a root', () => {
    expect(completionsAt('', ctx).map((s) => s.label)).toEqual(expect.arrayContaining(['input', 'vars', 'steps', 'run']));
    expect(completionsAt('input.', ctx).map((s) => s.label)).toEqual(['amount']);
    expect(completionsAt('x > vars.ti', ctx).map((s) => s.label)).toEqual(['tier']);
    expect(completionsAt('steps.', ctx)).toEqual([expect.objectContaining({ label: 'check', detail: 'output of “Check” (condition)' })]);
    expect(completionsAt('run.', ctx).map((s) => s.label)).toEqual(['id', 'startedAt']);
    expect(completionsAt('$up', ctx).map((s) => s.label)).toContain('$uppercase');
  });
});
