import { TRPCError } from '@trpc/server';

/** Prisma's "unique constraint failed": the caller lost a race or repeated a key. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

export function notFound(what: string, id: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `${what} "${id}" does not exist.` });
}
