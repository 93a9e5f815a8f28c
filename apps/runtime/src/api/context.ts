import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { NodeRegistry } from '@trackway/nodes';
import type { AuthConfig } from '../auth/config.ts';
import type { Db } from '../db/client.ts';
import type { Keyring } from '../secrets/keyring.ts';

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly roles: ReadonlyArray<'admin' | 'process_owner' | 'staff' | 'manager' | 'auditor' | 'developer'>;
}

export interface Services {
  readonly db: Db;
  readonly temporal: Client;
  readonly taskQueue: string;
  /** Sessions and sign-in limits; DEFAULT_AUTH_CONFIG when absent. */
  readonly auth?: AuthConfig;
  /** Built-in plus loaded node packages (catalog, validate, publish); the built-in ones when absent. */
  readonly nodes?: NodeRegistry;
  /** Keys for named secrets (TRACKWAY_SECRETS_KEY); absent: secrets cannot be set. */
  readonly secretsKeyring?: Keyring;
}

export interface Context extends Services {
  readonly user: SessionUser | null;
  /** Set when the caller is signed in with a session cookie (not a bearer token). */
  readonly session?: { readonly id: string } | null;
  /** The HTTP request's id (api/request-id.ts); absent for calls made without HTTP (tests, scripts). */
  readonly requestId?: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The testable part: tests build a context for any user without HTTP. */
export function createInnerContext(services: Services, user: SessionUser | null): Context {
  return { ...services, user };
}

export async function userForToken(db: Db, token: string | undefined): Promise<SessionUser | null> {
  if (!token) return null;
  const user = await db.user.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, email: true, roles: true, disabledAt: true },
  });
  // A disabled account's token stops working with its sessions.
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, roles: user.roles };
}

/** The HTTP part: reads the bearer token. */
export async function createHttpContext(services: Services, authorization: string | undefined): Promise<Context> {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return createInnerContext(services, await userForToken(services.db, token));
}
