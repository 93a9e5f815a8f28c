import type { FlowNode } from '@trackway/schema';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** One line under a node's title saying what it does, so the canvas reads without the inspector. */
export function summarize(node: FlowNode): string | null {
  const c = node.config;
  switch (node.type) {
    case 'condition':
      return str(c.expression) || null;
    case 'delay':
      return typeof c.amount === 'number' && typeof c.unit === 'string'
        ? `Wait ${c.amount} ${c.amount === 1 ? c.unit.replace(/s$/, '') : c.unit}`
        : null;
    case 'notify':
      return str(c.subject) ? `“${str(c.subject)}” → ${str(c.to) || '?'}` : null;
    case 'set':
      return Array.isArray(c.assignments)
        ? (c.assignments as Array<{ variable?: unknown }>)
            .map((a) => str(a.variable))
            .filter(Boolean)
            .join(', ') || null
        : null;
    case 'start':
      return str(c.businessKey) ? `Key: ${str(c.businessKey)}` : null;
    case 'end':
      return str(c.output) ? `Result: ${str(c.output)}` : null;
    default:
      return null;
  }
}
