import type { NodeDefinition } from '@trackway/nodes';
import { configJsonSchema, defaultValue } from '../lib/json-schema.ts';

/**
 * What a freshly dropped node starts with. Generated from the config schema; a few types get a
 * friendlier start than "empty" (named branches, a sensible delay). Required expressions stay
 * empty on purpose: the canvas then shows what is left to fill in.
 */
const starters: Record<string, () => Record<string, unknown>> = {
  switch: () => ({ cases: [{ port: 'case_1', label: 'Case 1', when: '' }] }),
  parallel: () => ({
    branches: [
      { port: 'a', label: 'A' },
      { port: 'b', label: 'B' },
    ],
    mode: 'all',
  }),
  delay: () => ({ amount: 1, unit: 'hours' }),
  set: () => ({ assignments: [{ variable: '', value: '' }] }),
  notify: () => ({ channel: 'in_app', to: '', subject: '', body: '' }),
};

export function initialConfig(spec: NodeDefinition): Record<string, unknown> {
  const starter = starters[spec.type];
  if (starter) return starter();
  const value = defaultValue(configJsonSchema(spec));
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * A new row for a list in a node's config: branch and case ports must be unique, so they are
 * numbered rather than left empty.
 */
export function newListItem(spec: NodeDefinition, listPath: string, existing: readonly unknown[], generic: unknown): unknown {
  const taken = new Set(existing.map((item) => (item as { port?: unknown } | null)?.port));
  const nextPort = (prefix: string) => {
    for (let i = existing.length + 1; ; i += 1) if (!taken.has(`${prefix}_${i}`)) return `${prefix}_${i}`;
  };
  if (spec.type === 'switch' && listPath === 'cases') {
    const port = nextPort('case');
    return { port, label: `Case ${port.slice(5)}`, when: '' };
  }
  if (spec.type === 'parallel' && listPath === 'branches') {
    const port = nextPort('branch');
    return { port, label: `Branch ${port.slice(7)}` };
  }
  return generic;
}
