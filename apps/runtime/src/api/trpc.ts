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
  if (!ctx.user)
    throw new TRPCError({
      code: 'UNAUTHORIZED',
      message: 'Sign in first (with your e-mail and password), or send "Authorization: Bearer <token>".',
    });
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
  /** Accounts (create, roles, display name, disable, set a password): admins only. */
  manageUsers: ['admin'],
  /** Creating and renaming groups. */
  manageGroups: ['admin'],
  /**
   * Who is in which group, i.e. whose queue a group task lands in: admins, and managers, who
   * rebalance their teams' work. Membership grants no role, and managers already see every task,
   * so a manager gains nothing by adding themselves.
   */
  manageGroupMembers: ['admin', 'manager'],
  /** Each signed-in person's own account (changing their password). */
  ownAccount: ['admin', 'process_owner', 'staff', 'manager', 'auditor', 'developer'],
  readFlows: ['admin', 'process_owner', 'manager', 'auditor', 'developer', 'staff'],
  editFlows: ['admin', 'process_owner'],
  startRuns: ['admin', 'process_owner', 'manager'],
  readRuns: ['admin', 'process_owner', 'manager', 'auditor', 'developer'],
  cancelRuns: ['admin', 'process_owner', 'manager'],
  /** Customer profiles (contacts, history): everyone who serves customers or checks how they were served. */
  readCustomers: ['admin', 'process_owner', 'manager', 'staff', 'auditor'],
  readCalendars: ['admin', 'process_owner', 'manager', 'auditor', 'developer', 'staff'],
  editCalendars: ['admin', 'process_owner'],
  readEvents: ['admin', 'process_owner', 'auditor', 'developer'],
  manageApiKeys: ['admin', 'developer'],
  /** Named secrets for node configs (set, replace, remove; values are never shown). */
  manageSecrets: ['admin', 'developer'],
  /** People and groups to assign tasks to: those who design flows or run teams. */
  readDirectory: ['admin', 'process_owner', 'manager'],
  /** Tasks: each caller sees only what is addressed to them (tasks/access.ts) unless admin, manager or auditor. */
  readTasks: ['admin', 'process_owner', 'manager', 'auditor', 'staff'],
  workTasks: ['admin', 'process_owner', 'manager', 'staff'],
  /** Rebalancing work: reassign any task to a person or group, change its priority. */
  manageTasks: ['admin', 'manager'],
  /** Generated documents (metadata, fields, HTML, downloads): everyone who serves customers or checks how they were served. */
  readDocuments: ['admin', 'process_owner', 'manager', 'staff', 'auditor'],
  readDocumentTemplates: ['admin', 'process_owner', 'manager', 'auditor'],
  editDocumentTemplates: ['admin', 'process_owner'],
  /** Each signed-in person's own in-app notifications (the bell); procedures only ever touch the caller's rows. */
  ownNotifications: ['admin', 'process_owner', 'staff', 'manager', 'auditor', 'developer'],
  /** What a run sent and every delivery attempt: those who may read runs. */
  readDeliveries: ['admin', 'process_owner', 'manager', 'auditor', 'developer'],
  /** The audit log (search, per-user activity, export, chain verification): auditors and admins only. */
  readAudit: ['admin', 'auditor'],
  /** One run's timeline (its audit entries + Temporal history): also those who own and manage the process. */
  readRunTimeline: ['admin', 'auditor', 'process_owner', 'manager'],
} as const satisfies Record<string, readonly Role[]>;
