import { isSecretKey, REDACTED_VALUE } from './redact-secrets.ts';

/**
 * What changed between two flow definitions, for the audit log: nodes and edges by id, with the
 * paths (and values) of the fields that differ, plus flow-level settings. Definitions are read as
 * plain JSON, so a stored draft that no longer parses still gets a diff.
 */
export interface FieldChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ItemChanges {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: Array<{ readonly id: string; readonly fields: FieldChange[] }>;
}

export interface DefinitionChanges {
  readonly nodes: ItemChanges & { readonly moved: string[] };
  readonly edges: ItemChanges;
  /** Metadata, variables, input fields, notes. */
  readonly flow: FieldChange[];
}

/** Long texts (expressions, templates) are cut in the log; the full versions stay in flow_versions. */
const MAX_TEXT = 500;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!jsonEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

function shown(path: string, value: unknown): unknown {
  if (path.split('.').some(isSecretKey)) return value === undefined ? undefined : REDACTED_VALUE;
  if (typeof value === 'string' && value.length > MAX_TEXT) return `${value.slice(0, MAX_TEXT)}… (${value.length} characters)`;
  return value;
}

/** Leaf differences: objects key by key, everything else (lists included) as a whole. */
function fieldChanges(before: unknown, after: unknown, path: string, out: FieldChange[]): void {
  if (jsonEqual(before, after)) return;
  if (isObject(before) && isObject(after)) {
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      fieldChanges(before[k], after[k], path ? `${path}.${k}` : k, out);
    }
    return;
  }
  out.push({ path, before: shown(path, before), after: shown(path, after) });
}

function items(definition: unknown, key: 'nodes' | 'edges'): Map<string, Json> {
  const list = isObject(definition) && Array.isArray(definition[key]) ? definition[key] : [];
  return new Map(list.filter(isObject).map((item, i) => [typeof item.id === 'string' ? item.id : `#${i}`, item]));
}

function compareItems(before: Map<string, Json>, after: Map<string, Json>, ignore: readonly string[]) {
  const added = [...after.keys()].filter((id) => !before.has(id)).sort();
  const removed = [...before.keys()].filter((id) => !after.has(id)).sort();
  const changed: ItemChanges['changed'] = [];
  const moved: string[] = [];
  for (const [id, old] of before) {
    const now = after.get(id);
    if (!now) continue;
    const fields: FieldChange[] = [];
    fieldChanges(old, now, '', fields);
    const relevant = fields.filter((f) => !ignore.some((p) => f.path === p || f.path.startsWith(`${p}.`)));
    if (relevant.length > 0) changed.push({ id, fields: relevant });
    else if (fields.length > 0) moved.push(id);
  }
  changed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { added, removed, changed, moved: moved.sort() };
}

export function diffDefinitions(before: unknown, after: unknown): DefinitionChanges {
  // A moved node is listed, but is not a change of behaviour (the plan's hash ignores layout too).
  const nodes = compareItems(items(before, 'nodes'), items(after, 'nodes'), ['position']);
  const { added, removed, changed } = compareItems(items(before, 'edges'), items(after, 'edges'), []);
  const flow: FieldChange[] = [];
  const rest = (d: unknown) => (isObject(d) ? Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'nodes' && k !== 'edges')) : {});
  fieldChanges(rest(before), rest(after), '', flow);
  return { nodes, edges: { added, removed, changed }, flow };
}

/** A draft save in a few numbers: autosave writes often, so its entry says how much, not what. */
export function summariseChanges(changes: DefinitionChanges) {
  const count = (c: ItemChanges) => ({ added: c.added.length, removed: c.removed.length, changed: c.changed.length });
  return {
    nodes: { ...count(changes.nodes), moved: changes.nodes.moved.length },
    edges: count(changes.edges),
    flowSettings: changes.flow.length,
  };
}
