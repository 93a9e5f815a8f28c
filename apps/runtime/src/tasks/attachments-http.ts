import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, Services } from '../api/context.ts';
import { readBodyUpTo } from '../api/http-body.ts';
import { ROLES } from '../api/trpc.ts';
import { actorOf, appendAudit } from '../audit/index.ts';
import { CsrfError, createRequestContext } from '../auth/request-context.ts';
import { canSeeTask, canWorkTask, taskViewer } from './access.ts';
import { checkFile, MAX_ATTACHMENT_BYTES, type FileProblem } from './file-types.ts';

/**
 * Task attachments over plain HTTP (binary bodies do not belong in tRPC's JSON):
 *   POST /api/tasks/:taskId/attachments   body = the file, header X-File-Name = its name (URI-encoded)
 *   GET  /api/tasks/:taskId/attachments/:attachmentId
 * Same authentication and access rule as the tasks procedures: a task you may not see is a 404.
 * Uploads are limited to 5 MB and checked by content (file-types.ts); downloads are always
 * attachments with the detected type, nosniff and a sandboxing CSP.
 */
export const TASK_ATTACHMENTS_PREFIX = '/api/tasks/';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UPLOAD = new RegExp(`^/api/tasks/(${UUID})/attachments$`, 'i');
const DOWNLOAD = new RegExp(`^/api/tasks/(${UUID})/attachments/(${UUID})$`, 'i');

const PROBLEM_STATUS: Record<FileProblem, number> = { name: 400, empty: 400, size: 413, type: 415, content: 415 };

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers })
    .end(JSON.stringify(body));
}
const fail = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
  sendJson(res, status, { error: message }, headers);

function disposition(name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, '-');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

type Authed = Context & { readonly user: NonNullable<Context['user']> };

/** Bearer token or session cookie; a cookie-authenticated upload must carry the session's CSRF token. */
async function authenticate(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  allowed: readonly string[],
): Promise<Authed | null> {
  let ctx: Context;
  try {
    ctx = await createRequestContext(services, req);
  } catch (error) {
    if (!(error instanceof CsrfError)) throw error;
    fail(res, 403, error.message);
    return null;
  }
  if (!ctx.user) {
    fail(res, 401, 'Sign in first (a session, or "Authorization: Bearer <token>").', { 'www-authenticate': 'Bearer' });
    return null;
  }
  if (!ctx.user.roles.some((r) => allowed.includes(r))) {
    fail(res, 403, `This needs one of the roles: ${allowed.join(', ')}.`);
    return null;
  }
  return ctx as Authed;
}

export async function handleTaskAttachments(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  log?: (line: string) => void,
): Promise<void> {
  try {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const upload = UPLOAD.exec(pathname);
    const download = DOWNLOAD.exec(pathname);
    if (upload && req.method === 'POST') return await receive(services, req, res, (upload[1] as string).toLowerCase());
    if (download && (req.method === 'GET' || req.method === 'HEAD'))
      return await send(services, req, res, (download[1] as string).toLowerCase(), (download[2] as string).toLowerCase());
    if (upload || download)
      return fail(res, 405, upload ? 'Use POST to attach a file.' : 'Use GET to download an attachment.', {
        allow: upload ? 'POST' : 'GET, HEAD',
      });
    fail(res, 404, 'No such path: use /api/tasks/<task id>/attachments or /api/tasks/<task id>/attachments/<attachment id>.');
  } catch (error) {
    log?.(`Task attachment request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (!res.headersSent) fail(res, 500, 'The attachment could not be handled; try again.');
  }
}

async function receive(services: Services, req: IncomingMessage, res: ServerResponse, taskId: string): Promise<void> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  // Refused before reading anything, and before any database work.
  if (Number.isFinite(declared) && declared > MAX_ATTACHMENT_BYTES) {
    req.resume();
    return fail(res, 413, `The file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`);
  }
  const ctx = await authenticate(services, req, res, ROLES.workTasks);
  if (!ctx) return void req.resume();
  const [task, viewer] = await Promise.all([
    services.db.task.findUnique({
      where: { id: taskId },
      select: { id: true, runId: true, assigneeId: true, groupKey: true, role: true, claimedBy: true },
    }),
    taskViewer(services.db, ctx.user),
  ]);
  if (!task || !canSeeTask(viewer, task)) {
    req.resume();
    return fail(res, 404, `Task "${taskId}" does not exist.`);
  }
  if (!canWorkTask(viewer, task)) {
    req.resume();
    return fail(res, 403, 'This task is not addressed to you or your groups.');
  }
  let rawName = '';
  try {
    rawName = decodeURIComponent(String(req.headers['x-file-name'] ?? ''));
  } catch {
    req.resume();
    return fail(res, 400, 'The X-File-Name header is not valid URI-encoded text.');
  }
  const body = await readBodyUpTo(req, MAX_ATTACHMENT_BYTES);
  if (body === null) return fail(res, 413, `The file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`);
  const check = checkFile(rawName, body);
  if (!check.ok) return fail(res, PROBLEM_STATUS[check.problem], check.message);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const attachment = await services.db.$transaction(async (tx) => {
    const row = await tx.taskAttachment.create({
      data: {
        taskId,
        uploadedBy: ctx.user.id,
        fileName: check.fileName,
        contentType: check.type.contentType,
        size: body.length,
        sha256,
        data: new Uint8Array(body),
      },
      select: { id: true, fileName: true, contentType: true, size: true, sha256: true, uploadedBy: true, createdAt: true },
    });
    await appendAudit(tx, {
      ...actorOf(ctx),
      action: 'task.attach',
      subjectType: 'task',
      subjectId: taskId,
      runId: task.runId,
      payload: { attachmentId: row.id, fileName: row.fileName, contentType: row.contentType, size: row.size, sha256 },
    });
    return row;
  });
  sendJson(res, 201, attachment);
}

async function send(services: Services, req: IncomingMessage, res: ServerResponse, taskId: string, attachmentId: string): Promise<void> {
  const ctx = await authenticate(services, req, res, ROLES.readTasks);
  if (!ctx) return;
  const [task, viewer] = await Promise.all([
    services.db.task.findUnique({ where: { id: taskId }, select: { assigneeId: true, groupKey: true, role: true, claimedBy: true } }),
    taskViewer(services.db, ctx.user),
  ]);
  if (!task || !canSeeTask(viewer, task)) return fail(res, 404, `Task "${taskId}" does not exist.`);
  const row = await services.db.taskAttachment.findFirst({
    where: { id: attachmentId, taskId },
    select: { fileName: true, contentType: true, data: true },
  });
  if (!row) return fail(res, 404, `Attachment "${attachmentId}" does not exist on this task.`);
  const body = Buffer.from(row.data);
  res.writeHead(200, {
    'content-type': row.contentType,
    'content-length': body.length,
    'content-disposition': disposition(row.fileName),
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
