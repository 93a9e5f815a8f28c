/** The drag payload from palette to canvas. */
export const PALETTE_MIME = 'application/x-trackway-node';

export function paletteData(type: string, version: number): string {
  return JSON.stringify({ type, version });
}

export function parsePaletteData(raw: string): { type: string; version: number } | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as { type?: unknown; version?: unknown };
    return typeof value.type === 'string' && typeof value.version === 'number' ? { type: value.type, version: value.version } : undefined;
  } catch {
    return undefined;
  }
}
