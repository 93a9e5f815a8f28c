import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { hashToken } from '../api/context.ts';
import type { Db } from '../db/client.ts';

export interface EventSender {
  readonly id: string;
  readonly name: string;
  readonly eventTypes: readonly string[];
  /** The user who issued the key; runs the key's events start are accountable to them. */
  readonly createdBy: string;
}

/** A new key; only its sha256 is stored, the key itself is shown once. */
export function newApiKey(): string {
  return `twk_${randomBytes(24).toString('base64url')}`;
}

/** `Authorization: ApiKey <key>` or `X-Api-Key: <key>`. */
export function apiKeyFromHeaders(headers: IncomingHttpHeaders): string | undefined {
  const fromAuthorization = headers.authorization?.match(/^ApiKey\s+(\S+)\s*$/i)?.[1];
  const fromHeader = headers['x-api-key'];
  return fromAuthorization ?? (typeof fromHeader === 'string' && fromHeader.trim() !== '' ? fromHeader.trim() : undefined);
}

/** The sender a key belongs to, or null when it is unknown or revoked (the caller cannot tell which). */
export async function senderForKey(db: Db, key: string | undefined): Promise<EventSender | null> {
  if (!key || key.length > 200) return null;
  const row = await db.apiKey.findUnique({
    where: { keyHash: hashToken(key) },
    select: { id: true, name: true, eventTypes: true, createdBy: true, revokedAt: true },
  });
  if (!row || row.revokedAt) return null;
  return { id: row.id, name: row.name, eventTypes: row.eventTypes, createdBy: row.createdBy };
}

export function mayPost(sender: EventSender, type: string): boolean {
  return sender.eventTypes.includes('*') || sender.eventTypes.includes(type);
}
