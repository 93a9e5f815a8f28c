import { IdSchema } from '@trackway/schema';

/** Readable, unique ids (`condition_2`): ids are identity, so they are never reused within a flow. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  let stem = base.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^[^A-Za-z]+/, '');
  if (stem === '') stem = 'node';
  stem = stem.slice(0, 50);
  for (let i = 1; ; i += 1) {
    const id = `${stem}_${i}`;
    if (!taken.has(id) && IdSchema.safeParse(id).success) return id;
  }
}

export function edgeId(source: string, sourcePort: string, target: string, taken: ReadonlySet<string>): string {
  const base = `e_${source}_${sourcePort}_${target}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i += 1) {
    const id = `${base.slice(0, 58)}_${i}`;
    if (!taken.has(id)) return id;
  }
}
