import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const ids = new WeakMap<IncomingMessage, string>();

/**
 * The id of one HTTP request, answered as `X-Request-Id` and stored on every audit entry the
 * request writes, so support can match a user's report to the log and an auditor can list what
 * one request did. Always generated here: an id chosen by the caller could plant misleading
 * references in the audit log.
 */
export function requestIdOf(req: IncomingMessage): string {
  let id = ids.get(req);
  if (id === undefined) {
    id = randomUUID();
    ids.set(req, id);
  }
  return id;
}
