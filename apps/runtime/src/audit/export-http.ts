import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Services } from '../api/context.ts';
import { ROLES } from '../api/trpc.ts';
import { createRequestContext } from '../auth/request-context.ts';
import { AuditFilterShape, auditEntrySelect, auditWhere, entryView, rangeProblem, type AuditEntryView } from './query.ts';

export const AUDIT_EXPORT_PATH = '/api/audit/export';

/** Rows per query; with the socket's backpressure this bounds memory whatever the range. */
const BATCH = 1_000;

const ExportQuerySchema = z.object({ format: z.enum(['csv', 'json'], 'must be "csv" or "json"'), ...AuditFilterShape }).strict();

export const CSV_COLUMNS = [
  'seq',
  'occurred_at',
  'created_at',
  'actor',
  'actor_label',
  'action',
  'subject_type',
  'subject_id',
  'flow_id',
  'flow_version_id',
  'run_id',
  'request_id',
  'dedupe_key',
  'payload',
  'payload_digest',
  'prev_hash',
  'hash',
] as const;

/**
 * A cell of RFC 4180 CSV. Text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the
 * start) gets a leading apostrophe (OWASP's CSV-injection advice); the JSON export is the exact one.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvRow(e: AuditEntryView): string {
  return `${[
    e.seq,
    e.occurredAt,
    e.createdAt,
    e.actor,
    e.actorLabel,
    e.action,
    e.subjectType,
    e.subjectId,
    e.flowId,
    e.flowVersionId,
    e.runId,
    e.requestId,
    e.dedupeKey,
    JSON.stringify(e.payload),
    e.payloadDigest,
    e.prevHash,
    e.hash,
  ]
    .map(csvCell)
    .join(',')}\r\n`;
}

function sendJson(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify({ error: message }));
}

/** Resolves when the socket wants more (or is gone); false when the client went away. */
function writeChunk(res: ServerResponse, chunk: string): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/**
 * GET /api/audit/export?format=csv|json[&from=&to=&action=&actor=&runId=&flowId=]: the filtered
 * log in seq order, for the same callers (bearer token or session cookie) and roles as audit.search. Streamed: rows are read
 * in batches by seq (keyset, not OFFSET) and each batch is written only when the client has taken
 * the one before, so a million entries export in constant memory.
 */
export async function handleAuditExport(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  log?: (line: string) => void,
): Promise<void> {
  try {
    if (req.method !== 'GET') {
      sendJson(res, 405, 'Use GET to export the audit log.', { allow: 'GET' });
      return;
    }
    // A bearer token, or the builder's session cookie (so a plain download link works).
    const ctx = await createRequestContext(services, req);
    if (!ctx.user) {
      sendJson(res, 401, 'Sign in first: send "Authorization: Bearer <token>".', { 'www-authenticate': 'Bearer' });
      return;
    }
    const allowed: readonly string[] = ROLES.readAudit;
    if (!ctx.user.roles.some((role) => allowed.includes(role))) {
      sendJson(res, 403, `This needs one of the roles: ${allowed.join(', ')}.`);
      return;
    }
    const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const raw: Record<string, string> = {};
    for (const [key, value] of params) {
      if (key in raw) {
        sendJson(res, 400, `Parameter "${key}" is given more than once.`);
        return;
      }
      if (value !== '') raw[key] = value;
    }
    const parsed = ExportQuerySchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) =>
        i.code === 'unrecognized_keys' ? `unknown parameter(s) ${i.keys.join(', ')}` : `${i.path.join('.') || 'query'}: ${i.message}`,
      );
      sendJson(res, 400, `Export refused: ${problems.join('; ')}. Parameters: format (csv|json), from, to, action, actor, runId, flowId.`);
      return;
    }
    const { format, ...filter } = parsed.data;
    const range = rangeProblem(filter);
    if (range) {
      sendJson(res, 400, `Export refused: ${range}`);
      return;
    }
    const where = auditWhere(filter);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    res.writeHead(200, {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="trackway-audit-${stamp}.${format}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
    if (!(await writeChunk(res, format === 'csv' ? `${CSV_COLUMNS.join(',')}\r\n` : '['))) return;
    let after: bigint | undefined;
    let first = true;
    for (;;) {
      const rows = await services.db.auditEntry.findMany({
        where: after === undefined ? where : { AND: [where, { seq: { gt: after } }] },
        orderBy: { seq: 'asc' },
        take: BATCH,
        select: auditEntrySelect,
      });
      if (rows.length === 0) break;
      let chunk = '';
      for (const row of rows) {
        const view = entryView(row);
        if (format === 'csv') chunk += csvRow(view);
        else {
          chunk += `${first ? '\n' : ',\n'}${JSON.stringify(view)}`;
          first = false;
        }
      }
      after = rows[rows.length - 1]?.seq;
      if (!(await writeChunk(res, chunk))) return;
      if (rows.length < BATCH) break;
    }
    res.end(format === 'csv' ? undefined : '\n]\n');
  } catch (error) {
    log?.(`Audit export failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    // Once the body has started, a status cannot change: cut the stream so the file is visibly incomplete.
    if (!res.headersSent) sendJson(res, 500, 'The export failed; the server log says why.');
    else res.destroy();
  }
}
