import type { NodeDefinition } from '@trackway/nodes';
import { configJsonSchema, schemaType, type JsonSchema } from '../lib/json-schema.ts';

export type FieldKind = 'expression' | 'template';

const PROBE = '{{ probe }}';

/** The config with every free-text field set to a probe template, so `expressions()` reports every site. */
function probe(schema: JsonSchema, value: unknown, path: string, leaves: Set<string>): unknown {
  const type = schemaType(schema);
  if (type === 'string' && !schema.enum) {
    leaves.add(path);
    return PROBE;
  }
  if (type === 'object') {
    const source = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    const out: Record<string, unknown> = { ...source };
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      out[key] = probe(child, source[key], path ? `${path}.${key}` : key, leaves);
    }
    return out;
  }
  if (type === 'array' && schema.items) {
    const items = Array.isArray(value) ? value : [];
    return items.map((item, i) => probe(schema.items as JsonSchema, item, `${path}.${i}`, leaves));
  }
  return value;
}

/**
 * Which config fields hold an expression and which a `{{ }}` template, read from the node's own
 * `expressions(config)` declaration rather than a list kept here: an expression site at a
 * field's path makes it an expression field, a site at `<field>.<n>` (a template hole) makes it a
 * template field.
 */
export function fieldKinds(spec: NodeDefinition, config: Record<string, unknown>): Map<string, FieldKind> {
  const leaves = new Set<string>();
  const probed = probe(configJsonSchema(spec), config, '', leaves);
  const kinds = new Map<string, FieldKind>();
  let sites: readonly { path: string }[] = [];
  try {
    sites = spec.expressions(probed as never);
  } catch {
    return kinds;
  }
  for (const { path } of sites) {
    if (leaves.has(path)) {
      kinds.set(path, 'expression');
      continue;
    }
    const hole = /^(.*)\.\d+$/.exec(path);
    if (hole?.[1] !== undefined && leaves.has(hole[1])) kinds.set(hole[1], 'template');
  }
  return kinds;
}
