import type { Diagnostic } from '@trackway/schema';
import type { FieldKind } from '../nodes/field-kinds.ts';

const FIELD_CODES = new Set(['CONFIG_INVALID', 'EXPRESSION_INVALID', 'EXPRESSION_UNKNOWN_ROOT', 'EXPRESSION_UNDECLARED']);

/**
 * Splits a node's diagnostics into messages for config fields (by path; a template hole
 * `subject.1` belongs to the field `subject`) and problems of the node as a whole (ports,
 * reachability...). Field messages drop the "path: " prefix, since they sit under the field.
 */
export function nodeErrors(
  diagnostics: readonly Diagnostic[],
  nodeId: string,
  kinds: ReadonlyMap<string, FieldKind>,
): { fields: Map<string, string[]>; node: Diagnostic[] } {
  const fields = new Map<string, string[]>();
  const node: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.nodeId !== nodeId) continue;
    if (!FIELD_CODES.has(d.code)) {
      node.push(d);
      continue;
    }
    let path = (d.path ?? []).map(String).join('.');
    const hole = /^(.*)\.\d+$/.exec(path);
    if (hole?.[1] !== undefined && kinds.get(hole[1]) === 'template') path = hole[1];
    const fullPath = (d.path ?? []).map(String).join('.');
    const message = fullPath && d.message.startsWith(`${fullPath}: `) ? d.message.slice(fullPath.length + 2) : d.message;
    fields.set(path, [...(fields.get(path) ?? []), message]);
  }
  return { fields, node };
}
