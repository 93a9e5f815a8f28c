/** Every procedure path of a tRPC router ("flows.list", ...), so tests can prove they cover them all. */
export function procedurePaths(record: object, prefix = ''): string[] {
  return Object.entries(record).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null && !('_def' in value && (value as { _def: { procedure?: boolean } })._def.procedure)) {
      return procedurePaths(value as object, path);
    }
    return [path];
  });
}

/** The caller's function at a procedure path. */
export function procedureAt(caller: object, path: string): (input?: unknown) => Promise<unknown> {
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return fn as (input?: unknown) => Promise<unknown>;
}
