import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client.ts';

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly roles: ReadonlyArray<'admin' | 'process_owner' | 'staff' | 'manager' | 'auditor' | 'developer'>;
}

export interface Services {
  readonly db: Db;
  readonly temporal: Client;
  readonly taskQueue: string;
}

export interface Context extends Services {
  readonly user: SessionUser | null;
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
  const user = await db.user.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, email: true, roles: true } });
  return user;
}

/** The HTTP part: reads the bearer token. */
export async function createHttpContext(services: Services, authorization: string | undefined): Promise<Context> {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return createInnerContext(services, await userForToken(services.db, token));
}
