import type { FlowDefinition, FlowNode } from '@trackway/schema';
import { displayName, outputsOf, specOf } from '../lib/registry.ts';
import type { ChangeKind, FieldChange, FlowDiff } from '../store/diff.ts';

/** What the change list shows for one node: its name then, and what about it changed. */
export interface NodeChangeEntry {
  readonly id: string;
  /** `moved` for a node whose only difference is its place on the canvas. */
  readonly kind: ChangeKind | 'moved';
  readonly title: string;
  readonly typeTitle: string;
  /** Changed fields other than the position (`config.due.amount`, `label`). */
  readonly fields: readonly FieldChange[];
  readonly moved: boolean;
}

export interface EdgeChangeEntry {
  readonly id: string;
  readonly kind: ChangeKind;
  /** "Big? (yes) → End", with the names each end had in the version it is drawn from. */
  readonly title: string;
  /** The node the canvas centres on when the entry is picked. */
  readonly nodeId: string;
  readonly fields: readonly FieldChange[];
}

export interface DiffSummary {
  readonly nodes: readonly NodeChangeEntry[];
  readonly edges: readonly EdgeChangeEntry[];
  readonly flow: readonly FieldChange[];
  readonly counts: Readonly<Record<ChangeKind, number>>;
}

const isPosition = (f: FieldChange) => f.path === 'position' || f.path.startsWith('position.');

/** Canvas reading order (top to bottom, left to right), so the list follows the drawing. */
const byPosition = (a: { node: FlowNode }, b: { node: FlowNode }) =>
  a.node.position.y - b.node.position.y || a.node.position.x - b.node.position.x;

function portLabel(node: FlowNode | undefined, port: string): string {
  if (!node) return port;
  const ports = outputsOf(node);
  if (ports.length <= 1) return '';
  return ports.find((p) => p.name === port)?.label ?? port;
}

/** Turns a FlowDiff into the entries of the change list, worded for people. */
export function summarizeDiff(diff: FlowDiff, before: FlowDefinition, after: FlowDefinition): DiffSummary {
  const nodes = [...diff.nodes].sort(byPosition).map((d): NodeChangeEntry => {
    const fields = d.fields.filter((f) => !isPosition(f));
    return {
      id: d.id,
      kind: d.movedOnly ? 'moved' : d.kind,
      title: displayName(d.node),
      typeTitle: specOf(d.node)?.palette.title ?? d.node.type,
      fields,
      moved: d.fields.some(isPosition),
    };
  });
  const edges = diff.edges.map((d): EdgeChangeEntry => {
    const def = d.kind === 'removed' ? before : after;
    const source = def.nodes.find((n) => n.id === d.edge.source);
    const target = def.nodes.find((n) => n.id === d.edge.target);
    const port = portLabel(source, d.edge.sourcePort);
    return {
      id: d.id,
      kind: d.kind,
      title: `${source ? displayName(source) : d.edge.source}${port ? ` (${port})` : ''} → ${target ? displayName(target) : d.edge.target}`,
      nodeId: d.edge.source,
      fields: d.fields,
    };
  });
  const counts: Record<ChangeKind, number> = { added: 0, removed: 0, changed: 0 };
  for (const kind of [...diff.byNode.values(), ...diff.byEdge.values()]) counts[kind] += 1;
  return { nodes, edges, flow: diff.flow, counts };
}

const MAX_TEXT = 160;

/** A value of a changed field as one short line: strings quoted, absent values named. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'not set';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
