import type { DocumentFields, FieldChange } from '@trackway/nodes';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

function walk(before: Record<string, unknown>, after: Record<string, unknown>, prefix: string, out: FieldChange[]): void {
  for (const [key, old] of Object.entries(before)) {
    const field = prefix + key;
    if (!Object.hasOwn(after, key)) {
      out.push({ field, change: 'removed', before: old });
      continue;
    }
    const now = after[key];
    if (isPlainObject(old) && isPlainObject(now)) walk(old, now, `${field}.`, out);
    else if (!jsonEqual(old, now)) out.push({ field, change: 'changed', before: old, after: now });
  }
  for (const [key, now] of Object.entries(after)) {
    if (!Object.hasOwn(before, key)) out.push({ field: prefix + key, change: 'added', after: now });
  }
}

/**
 * What a reviewer changed between a draft's fields and the final's, field by field. Nested
 * objects are compared key by key (`customer.address.city`); a list is one value, compared
 * whole, since an item removed from the middle would otherwise show as every later item changed.
 * Sorted by field: stored fields (jsonb) do not keep their key order, and the same two sets must
 * always give the same list.
 */
export function diffFields(draft: DocumentFields, final: DocumentFields): FieldChange[] {
  const out: FieldChange[] = [];
  walk(draft, final, '', out);
  return out.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}
