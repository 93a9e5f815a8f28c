import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Context, SessionUser } from './context.ts';
import type { Diagnostic } from '@trackway/schema';
import { findUnstorableText } from './storable-text.ts';

/** Carries flow diagnostics to the client in the error's data, beside zod's field errors. */
export class DiagnosticsError extends TRPCError {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super({ code: 'BAD_REQUEST', message });
  }
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        // Stack traces never leave the server.
        stack: undefined,
        zodError: cause instanceof z.ZodError ? z.flattenError(cause) : null,
        diagnostics: error instanceof DiagnosticsError ? error.diagnostics : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Applied to every procedure: input Postgres cannot store is refused before any work is done. */
const storableInput = t.middleware(async ({ getRawInput, next }) => {
  const where = findUnstorableText(await getRawInput());
  if (where !== undefined) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `Text at ${where} contains a NUL character or a broken Unicode surrogate, which cannot be stored.`,
    });
  }
  return next();
});

export const publicProcedure = t.procedure.use(storableInput);

export type Role = SessionUser['roles'][number];

/** Every procedure says who may call it; there is no procedure open to everyone but health. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first: send "Authorization: Bearer <token>".' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export function roleProcedure(...allowed: readonly Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!ctx.user.roles.some((r) => allowed.includes(r))) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `This needs one of the roles: ${allowed.join(', ')}.` });
    }
    return next();
  });
}

/** Who may do what; one place, so the authorization matrix test reads the same table. */
export const ROLES = {
  readFlows: ['admin', 'process_owner', 'manager', 'auditor', 'developer', 'staff'],
  editFlows: ['admin', 'process_owner'],
  startRuns: ['admin', 'process_owner', 'manager'],
  readRuns: ['admin', 'process_owner', 'manager', 'auditor', 'developer'],
  cancelRuns: ['admin', 'process_owner', 'manager'],
} as const satisfies Record<string, readonly Role[]>;
