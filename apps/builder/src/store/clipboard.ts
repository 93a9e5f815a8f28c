import type { FlowDefinition, FlowEdge, FlowNode } from '@trackway/schema';
import { edgeId, uniqueId } from './ids.ts';
import type { FlowNote } from './ops.ts';

/** What copy puts on the clipboard: selected nodes, the edges among them, and selected notes. */
export interface Fragment {
  readonly kind: 'trackway/fragment';
  readonly version: 1;
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
  readonly notes: readonly FlowNote[];
}

export function copyFragment(def: FlowDefinition, nodeIds: readonly string[], noteIds: readonly string[] = []): Fragment | undefined {
  const ids = new Set(nodeIds);
  const notes = new Set(noteIds);
  const nodes = def.nodes.filter((n) => ids.has(n.id));
  if (nodes.length === 0 && notes.size === 0) return undefined;
  return {
    kind: 'trackway/fragment',
    version: 1,
    nodes: structuredClone(nodes),
    edges: structuredClone(def.edges.filter((e) => ids.has(e.source) && ids.has(e.target))),
    notes: structuredClone(def.notes.filter((n) => notes.has(n.id))),
  };
}

/**
 * Re-ids a fragment for pasting into `def` (the same flow or another one): every node, edge and
 * note gets a fresh id, edges are re-pointed, and the fragment is shifted by `offset`. Expressions
 * that named a copied node (`steps.<id>`) follow it to its new id.
 */
export function pasteFragment(
  def: FlowDefinition,
  fragment: Fragment,
  offset: { x: number; y: number },
): { nodes: FlowNode[]; edges: FlowEdge[]; notes: FlowNote[] } {
  const taken = new Set<string>([...def.nodes.map((n) => n.id), ...def.notes.map((n) => n.id)]);
  const edgeIds = new Set(def.edges.map((e) => e.id));
  const renamed = new Map<string, string>();
  for (const node of fragment.nodes) {
    const id = uniqueId(node.type, taken);
    taken.add(id);
    renamed.set(node.id, id);
  }
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(/\bsteps\.([A-Za-z][A-Za-z0-9_]*)/g, (match, id: string) =>
        renamed.has(id) ? `steps.${renamed.get(id) as string}` : match,
      );
    }
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    return value;
  };
  const nodes = fragment.nodes.map((node) => ({
    ...structuredClone(node),
    id: renamed.get(node.id) as string,
    position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
    config: rewrite(node.config) as Record<string, unknown>,
  }));
  const edges = fragment.edges.flatMap((edge) => {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (!source || !target) return [];
    const id = edgeId(source, edge.sourcePort, target, edgeIds);
    edgeIds.add(id);
    return [{ ...edge, id, source, target }];
  });
  const notes = fragment.notes.map((note) => {
    const id = uniqueId('note', taken);
    taken.add(id);
    return { ...note, id, position: { x: note.position.x + offset.x, y: note.position.y + offset.y } };
  });
  return { nodes, edges, notes };
}

export function isFragment(value: unknown): value is Fragment {
  const v = value as Partial<Fragment> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.kind === 'trackway/fragment' &&
    Array.isArray(v.nodes) &&
    Array.isArray(v.edges) &&
    Array.isArray(v.notes)
  );
}

const STORAGE_KEY = 'trackway.clipboard';

/** The clipboard outlives the flow (paste into another flow, or another tab of the same browser). */
export const clipboard = {
  write(fragment: Fragment): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(fragment));
    } catch {
      // Storage full or disabled: copy within this page still works through memory.
    }
    memory = fragment;
  },
  read(): Fragment | undefined {
    try {
      const raw = localStorage.getItem(STORAGE_KEY);
      if (raw) {
        const parsed: unknown = JSON.parse(raw);
        if (isFragment(parsed)) return parsed;
      }
    } catch {
      // fall through to memory
    }
    return memory;
  },
};
let memory: Fragment | undefined;
