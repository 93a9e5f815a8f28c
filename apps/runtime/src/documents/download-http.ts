import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../api/context.ts';
import { ROLES } from '../api/trpc.ts';
import { createRequestContext } from '../auth/request-context.ts';

export const DOCUMENTS_DOWNLOAD_PREFIX = '/api/documents/';

const PATH = /^\/api\/documents\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/(pdf|docx|html)$/i;

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
} as const;

function sendJson(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify({ error: message }));
}

/** ASCII for old clients, the exact name (RFC 5987) for the rest. */
function disposition(name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, '-');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * GET /api/documents/:id/(pdf|docx|html): a stored rendition, for the same bearer tokens and
 * roles as documents.get. Always an attachment; the HTML also gets a sandboxing CSP, since a
 * template's output must never run script on the API's origin.
 */
export async function handleDocumentDownload(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  log?: (line: string) => void,
): Promise<void> {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, 'Use GET to download a document.', { allow: 'GET, HEAD' });
      return;
    }
    // A bearer token, or the builder's session cookie (a plain link can send no header).
    const ctx = await createRequestContext(services, req);
    if (!ctx.user) {
      sendJson(res, 401, 'Sign in first: send "Authorization: Bearer <token>".', { 'www-authenticate': 'Bearer' });
      return;
    }
    const allowed: readonly string[] = ROLES.readDocuments;
    if (!ctx.user.roles.some((role) => allowed.includes(role))) {
      sendJson(res, 403, `This needs one of the roles: ${allowed.join(', ')}.`);
      return;
    }
    const match = PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!match) {
      sendJson(res, 404, 'No such document: use /api/documents/<document id>/pdf, /docx or /html.');
      return;
    }
    const id = (match[1] as string).toLowerCase();
    const format = (match[2] as string).toLowerCase() as keyof typeof CONTENT_TYPES;
    const row = await services.db.document.findUnique({
      where: { id },
      // Only the asked-for rendition's bytes are read.
      select: { templateKey: true, version: true, stage: true, pdf: format === 'pdf', docx: format === 'docx', html: format === 'html' },
    });
    const content: Uint8Array | string | null | undefined = row?.[format];
    if (!row || content === null || content === undefined) {
      sendJson(res, 404, row ? `Document "${id}" has no ${format.toUpperCase()} rendition.` : `Document "${id}" does not exist.`);
      return;
    }
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[format],
      'content-length': body.length,
      'content-disposition': disposition(`${row.templateKey}-v${row.version}-${row.stage}.${format}`),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      ...(format === 'html' ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox" } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (error) {
    log?.(`Document download failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (!res.headersSent) sendJson(res, 500, 'The document could not be read; try again.');
  }
}
