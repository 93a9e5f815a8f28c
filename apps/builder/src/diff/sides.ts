/** One side of a comparison: a published version, or the draft as it is in the editor now. */
export type Side = { readonly kind: 'draft' } | { readonly kind: 'version'; readonly version: number };

export const DRAFT: Side = { kind: 'draft' };

export function sideLabel(side: Side): string {
  return side.kind === 'draft' ? 'the current draft' : `version ${side.version}`;
}

/** A side as the value of a <select> option ("draft", "v3"), and back. */
export function sideValue(side: Side): string {
  return side.kind === 'draft' ? 'draft' : `v${side.version}`;
}

export function parseSide(value: string): Side | null {
  if (value === 'draft') return DRAFT;
  const m = /^v([1-9]\d*)$/.exec(value);
  return m ? { kind: 'version', version: Number(m[1]) } : null;
}

export const sameSide = (a: Side, b: Side) => sideValue(a) === sideValue(b);
