import type { FlowDefinition, FlowEdge, FlowNode } from '@trackway/schema';

/** What happened to a node or edge between two versions of a flow. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/** One changed value inside a node, addressed by its path (`config.expression`, `label`). */
export interface FieldChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface NodeDiff {
  readonly id: string;
  readonly kind: ChangeKind;
  /** The node as it is in the newer version (the older one for removed nodes), to draw it. */
  readonly node: FlowNode;
  /** For changed nodes: every field that differs (moves are listed but do not make a node changed). */
  readonly fields: readonly FieldChange[];
  /** True when only the position differs (a layout change, not a change of behaviour). */
  readonly movedOnly: boolean;
}

export interface EdgeDiff {
  readonly id: string;
  readonly kind: ChangeKind;
  readonly edge: FlowEdge;
  readonly fields: readonly FieldChange[];
}

export interface FlowDiff {
  readonly nodes: readonly NodeDiff[];
  readonly edges: readonly EdgeDiff[];
  /** Flow-level changes: metadata, variables, input fields. */
  readonly flow: readonly FieldChange[];
  /** Node ids per kind, for colouring the canvas. */
  readonly byNode: ReadonlyMap<string, ChangeKind>;
  readonly byEdge: ReadonlyMap<string, ChangeKind>;
  readonly empty: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality of JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!jsonEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/**
 * The leaf-level differences between two JSON values: objects are compared key by key. Lists of
 * rows (switch cases, assignments) of the same length are compared row by row, so one edited
 * condition reads `config.cases.1.when` — the path the validator and the inspector use — rather
 * than two whole lists; a row added or removed makes the list one change, since matching rows by
 * position would then pair up the wrong ones. Scalars and other lists compare as a whole.
 */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (jsonEqual(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => fieldChanges(before[k], after[k], join(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && [...before, ...after].every(isObject)) {
    return before.flatMap((row, i) => fieldChanges(row, after[i], join(path, i)));
  }
  return [{ path, before, after }];
}

const byId = <T extends { id: string }>(items: readonly T[]) => new Map(items.map((i) => [i.id, i]));

/** Compares two versions of a flow: nodes and edges by id, plus flow-level settings. */
export function diffFlows(before: FlowDefinition, after: FlowDefinition): FlowDiff {
  const nodes: NodeDiff[] = [];
  const oldNodes = byId(before.nodes);
  const newNodes = byId(after.nodes);
  for (const node of after.nodes) {
    const old = oldNodes.get(node.id);
    if (!old) {
      nodes.push({ id: node.id, kind: 'added', node, fields: [], movedOnly: false });
      continue;
    }
    const fields = fieldChanges(old, node);
    if (fields.length === 0) continue;
    const movedOnly = fields.every((f) => f.path.startsWith('position'));
    nodes.push({ id: node.id, kind: 'changed', node, fields, movedOnly });
  }
  for (const node of before.nodes) {
    if (!newNodes.has(node.id)) nodes.push({ id: node.id, kind: 'removed', node, fields: [], movedOnly: false });
  }

  const edges: EdgeDiff[] = [];
  const oldEdges = byId(before.edges);
  const newEdges = byId(after.edges);
  for (const edge of after.edges) {
    const old = oldEdges.get(edge.id);
    if (!old) edges.push({ id: edge.id, kind: 'added', edge, fields: [] });
    else {
      const fields = fieldChanges(old, edge);
      if (fields.length > 0) edges.push({ id: edge.id, kind: 'changed', edge, fields });
    }
  }
  for (const edge of before.edges) {
    if (!newEdges.has(edge.id)) edges.push({ id: edge.id, kind: 'removed', edge, fields: [] });
  }

  const flow = [
    ...fieldChanges(before.metadata, after.metadata, 'metadata'),
    ...fieldChanges(before.variables, after.variables, 'variables'),
    ...fieldChanges(before.input, after.input, 'input'),
  ];
  // A node that only moved is drawn as it is, not amber: layout is not behaviour.
  const byNode = new Map(nodes.filter((d) => !d.movedOnly).map((d) => [d.id, d.kind] as const));
  const byEdge = new Map(edges.map((d) => [d.id, d.kind] as const));
  return { nodes, edges, flow, byNode, byEdge, empty: byNode.size === 0 && byEdge.size === 0 && flow.length === 0 };
}
