import { describe, expect, it } from 'vitest';
import { registry } from '../lib/registry.ts';
import { initialConfig } from './defaults.ts';
import { fieldKinds } from './field-kinds.ts';

const kinds = (type: string, config?: Record<string, unknown>) => {
  const spec = registry.get(type, 1);
  if (!spec) throw new Error(type);
  return Object.fromEntries(fieldKinds(spec, config ?? initialConfig(spec)));
};

describe('expression and template fields, read from each node type', () => {
  it('finds expression fields, also empty and optional ones', () => {
    expect(kinds('condition')).toEqual({ expression: 'expression' });
    expect(kinds('start', {})).toEqual({ businessKey: 'expression' });
    expect(kinds('end', {})).toEqual({ output: 'expression' });
    expect(kinds('delay')).toEqual({});
    expect(kinds('join')).toEqual({});
  });

  it('finds fields inside list rows', () => {
    expect(
      kinds('switch', {
        cases: [
          { port: 'a', when: '' },
          { port: 'b', when: 'true' },
        ],
      }),
    ).toEqual({ 'cases.0.when': 'expression', 'cases.1.when': 'expression' });
    expect(kinds('set')).toEqual({ 'assignments.0.value': 'expression' });
  });

  it('tells templates ({{ }} holes) from expressions', () => {
    expect(kinds('notify')).toEqual({ to: 'template', subject: 'template', body: 'template' });
  });
});
