import type { FlowDefinition, FlowEdge, FlowNode, InputField, Variable } from '@trackway/schema';

/** A sticky note on the canvas: layout only, the compiler ignores it. */
export type FlowNote = FlowDefinition['notes'][number];
export type Position = FlowNode['position'];

/**
 * Every edit the designer can make, as data. The store, undo/redo and tests all go through
 * `applyFlowOp`, so an edit means the same thing wherever it comes from.
 */
export type FlowOp =
  | {
      readonly kind: 'addNodes';
      readonly nodes: readonly FlowNode[];
      readonly edges?: readonly FlowEdge[];
      readonly notes?: readonly FlowNote[];
    }
  /** Removes nodes, edges and notes; edges attached to a removed node go with it. */
  | {
      readonly kind: 'remove';
      readonly nodeIds?: readonly string[];
      readonly edgeIds?: readonly string[];
      readonly noteIds?: readonly string[];
    }
  /** Moves nodes and notes (ids of either). */
  | { readonly kind: 'move'; readonly positions: Readonly<Record<string, Position>> }
  | { readonly kind: 'connect'; readonly edge: FlowEdge }
  | {
      readonly kind: 'reconnect';
      readonly edgeId: string;
      readonly source: string;
      readonly sourcePort: string;
      readonly target: string;
      readonly targetPort: string;
    }
  | { readonly kind: 'setConfig'; readonly nodeId: string; readonly config: Record<string, unknown> }
  | { readonly kind: 'setLabel'; readonly nodeId: string; readonly label: string }
  | { readonly kind: 'setVariables'; readonly variables: readonly Variable[] }
  | { readonly kind: 'setInputFields'; readonly fields: readonly InputField[] }
  | { readonly kind: 'setMetadata'; readonly name?: string; readonly description?: string }
  | { readonly kind: 'setNoteText'; readonly noteId: string; readonly text: string }
  /** Several ops as one edit (one undo step). */
  | { readonly kind: 'batch'; readonly ops: readonly FlowOp[] };

export type FlowOpKind = FlowOp['kind'];

function replaceNode(def: FlowDefinition, nodeId: string, update: (node: FlowNode) => FlowNode): FlowDefinition {
  const index = def.nodes.findIndex((n) => n.id === nodeId);
  if (index < 0) return def;
  const current = def.nodes[index] as FlowNode;
  const next = update(current);
  if (next === current) return def;
  const nodes = def.nodes.slice();
  nodes[index] = next;
  return { ...def, nodes };
}

const samePosition = (a: Position, b: Position) => a.x === b.x && a.y === b.y;

/**
 * Applies one edit and returns the new definition. Pure; unchanged nodes, edges and lists keep
 * their identity (the canvas re-renders only what changed), and an op that changes nothing
 * (e.g. it names a node deleted meanwhile) returns `def` itself.
 */
export function applyFlowOp(def: FlowDefinition, op: FlowOp): FlowDefinition {
  switch (op.kind) {
    case 'addNodes': {
      if (op.nodes.length === 0 && !op.edges?.length && !op.notes?.length) return def;
      return {
        ...def,
        nodes: op.nodes.length ? [...def.nodes, ...op.nodes] : def.nodes,
        edges: op.edges?.length ? [...def.edges, ...op.edges] : def.edges,
        notes: op.notes?.length ? [...def.notes, ...op.notes] : def.notes,
      };
    }
    case 'remove': {
      const nodeIds = new Set(op.nodeIds ?? []);
      const edgeIds = new Set(op.edgeIds ?? []);
      const noteIds = new Set(op.noteIds ?? []);
      const nodes = nodeIds.size ? def.nodes.filter((n) => !nodeIds.has(n.id)) : def.nodes;
      const edges =
        nodeIds.size || edgeIds.size
          ? def.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target))
          : def.edges;
      const notes = noteIds.size ? def.notes.filter((n) => !noteIds.has(n.id)) : def.notes;
      if (nodes.length === def.nodes.length && edges.length === def.edges.length && notes.length === def.notes.length) return def;
      return { ...def, nodes, edges, notes };
    }
    case 'move': {
      let changed = false;
      const nodes = def.nodes.map((n) => {
        const to = op.positions[n.id];
        if (!to || samePosition(to, n.position)) return n;
        changed = true;
        return { ...n, position: { x: to.x, y: to.y } };
      });
      const notes = def.notes.map((n) => {
        const to = op.positions[n.id];
        if (!to || samePosition(to, n.position)) return n;
        changed = true;
        return { ...n, position: { x: to.x, y: to.y } };
      });
      return changed ? { ...def, nodes, notes } : def;
    }
    case 'connect':
      return { ...def, edges: [...def.edges, op.edge] };
    case 'reconnect': {
      const index = def.edges.findIndex((e) => e.id === op.edgeId);
      if (index < 0) return def;
      const edges = def.edges.slice();
      edges[index] = { id: op.edgeId, source: op.source, sourcePort: op.sourcePort, target: op.target, targetPort: op.targetPort };
      return { ...def, edges };
    }
    case 'setConfig':
      return replaceNode(def, op.nodeId, (n) => (n.config === op.config ? n : { ...n, config: op.config }));
    case 'setLabel':
      return replaceNode(def, op.nodeId, (n) => (n.label === op.label ? n : { ...n, label: op.label }));
    case 'setVariables':
      return { ...def, variables: [...op.variables] };
    case 'setInputFields':
      return { ...def, input: { ...def.input, fields: [...op.fields] } };
    case 'setMetadata':
      return {
        ...def,
        metadata: {
          ...def.metadata,
          ...(op.name !== undefined ? { name: op.name } : {}),
          ...(op.description !== undefined ? { description: op.description } : {}),
        },
      };
    case 'setNoteText': {
      const index = def.notes.findIndex((n) => n.id === op.noteId);
      if (index < 0 || def.notes[index]?.text === op.text) return def;
      const notes = def.notes.slice();
      notes[index] = { ...(notes[index] as FlowNote), text: op.text };
      return { ...def, notes };
    }
    case 'batch':
      return op.ops.reduce(applyFlowOp, def);
    default: {
      const unknown: never = op;
      throw new Error(`Unknown flow operation ${JSON.stringify(unknown)}`);
    }
  }
}

/** True when the op can change what the validator reports (moves and notes cannot). */
export function affectsValidation(op: FlowOp): boolean {
  switch (op.kind) {
    case 'move':
    case 'setNoteText':
      return false;
    case 'remove':
      return (op.nodeIds?.length ?? 0) > 0 || (op.edgeIds?.length ?? 0) > 0;
    case 'addNodes':
      return op.nodes.length > 0 || (op.edges?.length ?? 0) > 0;
    case 'batch':
      return op.ops.some(affectsValidation);
    default:
      return true;
  }
}
