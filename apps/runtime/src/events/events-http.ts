import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyUpTo } from '../api/http-body.ts';
import { findUnstorableText } from '../api/storable-text.ts';
import type { Services } from '../api/context.ts';
import { fieldPath } from '../calendars/calendar-definition.ts';
import { apiKeyFromHeaders, mayPost, senderForKey } from './api-keys.ts';
import { EventBodySchema, IdempotencyConflictError, ingestEvent } from './ingest-event.ts';

export const EVENTS_PATH = '/api/events';
export const MAX_EVENT_BYTES = 256 * 1024;
/** Deeper JSON than any real event needs; the limit keeps validation and Postgres from recursing without end. */
const MAX_DEPTH = 32;

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

const error = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { error: message, code },
  headers,
});

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) return;
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers }).end(JSON.stringify(reply.body));
}

function depthOf(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    if (depth > max) max = depth;
    if (max > MAX_DEPTH) return max;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return max;
}

async function handle(services: Services, req: IncomingMessage, log?: (line: string) => void): Promise<Reply> {
  if (req.method !== 'POST') return error(405, 'METHOD_NOT_SUPPORTED', `Use POST to send an event to ${EVENTS_PATH}.`, { allow: 'POST' });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_EVENT_BYTES)
    return error(413, 'PAYLOAD_TOO_LARGE', `An event may be at most ${MAX_EVENT_BYTES / 1024} KB.`);

  const sender = await senderForKey(services.db, apiKeyFromHeaders(req.headers));
  if (!sender) {
    return error(401, 'UNAUTHORIZED', 'Unknown or revoked API key: send "Authorization: ApiKey <key>" or "X-Api-Key: <key>".', {
      'www-authenticate': 'ApiKey',
    });
  }

  const body = await readBodyUpTo(req, MAX_EVENT_BYTES);
  if (body === null) return error(413, 'PAYLOAD_TOO_LARGE', `An event may be at most ${MAX_EVENT_BYTES / 1024} KB.`);
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return error(400, 'BAD_REQUEST', `The body is not valid JSON: ${e instanceof Error ? e.message : String(e)}.`);
  }
  if (depthOf(json) > MAX_DEPTH) return error(400, 'BAD_REQUEST', `The body nests deeper than ${MAX_DEPTH} levels.`);
  const unstorable = findUnstorableText(json);
  if (unstorable !== undefined) {
    return error(
      400,
      'BAD_REQUEST',
      `Text at ${unstorable} contains a NUL character or a broken Unicode surrogate, which cannot be stored.`,
    );
  }
  const parsed = EventBodySchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${fieldPath(i.path) || '(body)'}: ${i.message}`).join('; ');
    return error(400, 'BAD_REQUEST', `Event rejected: ${problems}. Expected { type, businessKey, payload?, idempotencyKey? }.`);
  }
  if (!mayPost(sender, parsed.data.type)) {
    return error(
      403,
      'FORBIDDEN',
      `API key "${sender.name}" may not post "${parsed.data.type}" events (allowed: ${sender.eventTypes.join(', ')}).`,
    );
  }
  try {
    return { status: 200, body: await ingestEvent(services, sender, parsed.data, log) };
  } catch (e) {
    if (e instanceof IdempotencyConflictError) return error(409, 'CONFLICT', e.message);
    throw e;
  }
}

/**
 * POST /api/events: external systems report events with an API key. Every refusal is a 4xx with
 * a JSON `{ error, code }` naming what to fix; keys are never logged.
 */
export async function handleEventsRequest(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  log?: (line: string) => void,
): Promise<void> {
  let reply: Reply;
  try {
    reply = await handle(services, req, log);
  } catch (e) {
    log?.(`Events API error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    reply = error(500, 'INTERNAL_SERVER_ERROR', 'The event could not be processed; the server log says why.');
  }
  // Unread body (refused early): drain it so the client reads the answer instead of a reset.
  if (!req.readableEnded) req.resume();
  send(res, reply);
}
