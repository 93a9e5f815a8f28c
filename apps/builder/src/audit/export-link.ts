import { session } from '../lib/session.ts';

/** The filters of the entries view, as the search and the export take them. */
export interface AuditFilters {
  readonly action?: string;
  readonly actor?: string;
  readonly runId?: string;
  readonly flowId?: string;
  /** Everything one API request wrote (the X-Request-Id of its response). */
  readonly requestId?: string;
  /** ISO date-times. */
  readonly from?: string;
  readonly to?: string;
}

/** GET /api/audit/export with the same filters as the search (empty ones left out). */
export function exportUrl(format: 'csv' | 'json', filters: AuditFilters): string {
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(filters)) if (typeof value === 'string' && value.trim() !== '') params.set(key, value.trim());
  return `/api/audit/export?${params.toString()}`;
}

/**
 * Downloads an export. With a browser session a plain link does it, and the browser streams the
 * file to disk however large; with an API token the request needs its header, so the file is
 * fetched and handed over as a blob.
 */
export async function downloadExport(url: string): Promise<void> {
  const token = session.token();
  const link = document.createElement('a');
  link.download = '';
  if (!token) {
    link.href = url;
    link.click();
    return;
  }
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(body.error ?? `The export failed (HTTP ${response.status}).`);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'trackway-audit';
  const objectUrl = URL.createObjectURL(await response.blob());
  link.href = objectUrl;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
}

/** A datetime-local input's value (local time) as an ISO instant, or undefined when empty or invalid. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
