import { describe, expect, it } from 'vitest';
import { diffFields } from './diff.ts';

describe('diffFields', () => {
  it('is empty for equal fields, whatever the key order', () => {
    expect(diffFields({ a: 1, b: { c: [1, { d: 2 }] } }, { b: { c: [1, { d: 2 }] }, a: 1 })).toEqual([]);
  });

  it('reports removed, changed and added fields with before and after', () => {
    const draft = { customerName: 'Ann Lee', postalAddress: '1 Main St', personalPhone: '+1 555 0100', amount: 1200 };
    const final = { customerName: 'Ann Lee', amount: 1250, note: 'discount agreed' };
    expect(diffFields(draft, final)).toEqual([
      { field: 'amount', change: 'changed', before: 1200, after: 1250 },
      { field: 'note', change: 'added', after: 'discount agreed' },
      { field: 'personalPhone', change: 'removed', before: '+1 555 0100' },
      { field: 'postalAddress', change: 'removed', before: '1 Main St' },
    ]);
  });

  it('lists changes sorted by field, whatever the key order of either side', () => {
    const a = diffFields({ b: 1, a: 1, c: 1 }, { c: 2, d: 1 });
    const b = diffFields({ c: 1, a: 1, b: 1 }, { d: 1, c: 2 });
    expect(a).toEqual(b);
    expect(a.map((c) => c.field)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('walks nested objects with dotted paths', () => {
    const draft = { customer: { name: 'Ann', address: { city: 'Oslo', zip: '0150' } } };
    const final = { customer: { name: 'Ann', address: { city: 'Bergen' }, vip: true } };
    expect(diffFields(draft, final)).toEqual([
      { field: 'customer.address.city', change: 'changed', before: 'Oslo', after: 'Bergen' },
      { field: 'customer.address.zip', change: 'removed', before: '0150' },
      { field: 'customer.vip', change: 'added', after: true },
    ]);
  });

  it('compares lists whole, and treats a change of kind (object to text, null to value) as a change', () => {
    const items = [{ d: 'a' }, { d: 'b' }];
    expect(diffFields({ items, x: { y: 1 }, z: null }, { items: [{ d: 'b' }], x: 'flat', z: 0 })).toEqual([
      { field: 'items', change: 'changed', before: items, after: [{ d: 'b' }] },
      { field: 'x', change: 'changed', before: { y: 1 }, after: 'flat' },
      { field: 'z', change: 'changed', before: null, after: 0 },
    ]);
  });

  it('a field set to null is changed, not removed', () => {
    expect(diffFields({ a: 'x' }, { a: null })).toEqual([{ field: 'a', change: 'changed', before: 'x', after: null }]);
  });

  it('does not mistake inherited names for fields', () => {
    expect(diffFields({}, { toString: 'x' })).toEqual([{ field: 'toString', change: 'added', after: 'x' }]);
    expect(diffFields({ constructor: 1 }, {})).toEqual([{ field: 'constructor', change: 'removed', before: 1 }]);
  });
});
