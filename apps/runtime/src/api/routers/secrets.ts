import { TRPCError } from '@trpc/server';
import { SecretNameSchema } from '@trackway/schema';
import { z } from 'zod';
import { actorOf, appendAudit } from '../../audit/index.ts';
import { SecretKeyError } from '../../secrets/keyring.ts';
import { createSecretStore, SECRET_VALUE_MAX, SECRET_VALUE_MIN } from '../../secrets/store.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

const SecretValue = z
  .string()
  .min(SECRET_VALUE_MIN, `a secret has at least ${SECRET_VALUE_MIN} characters`)
  .max(SECRET_VALUE_MAX, `a secret has at most ${SECRET_VALUE_MAX} characters`)
  .refine((v) => v.trim() === v, 'remove the spaces or line breaks at the start or end (a pasted token often carries one)');

function notConfigured(error: unknown): never {
  if (error instanceof SecretKeyError) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: error.message });
  throw error;
}

/**
 * Named secrets for node configs (`{ "secret": "<name>" }`). Values go in and never come out: the
 * list shows names and dates, audit entries name the secret only, and activities decrypt values
 * where they use them.
 */
export const secretsRouter = router({
  list: roleProcedure(...ROLES.manageSecrets).query(async ({ ctx }) => {
    const rows = await createSecretStore(ctx.db, ctx.secretsKeyring).list();
    return rows.map((r) => ({ name: r.name, createdAt: r.createdAt, updatedAt: r.updatedAt }));
  }),

  set: roleProcedure(...ROLES.manageSecrets)
    .input(z.object({ name: SecretNameSchema, value: SecretValue }))
    .mutation(async ({ ctx, input }) => {
      const created = await ctx.db
        .$transaction(async (tx) => {
          const result = await createSecretStore(tx, ctx.secretsKeyring).set(input.name, input.value, ctx.user.id);
          await appendAudit(tx, {
            ...actorOf(ctx),
            action: 'secret.set',
            subjectType: 'secret',
            subjectId: input.name,
            payload: { name: input.name, created: result.created },
          });
          return result.created;
        })
        .catch(notConfigured);
      return { name: input.name, created };
    }),

  remove: roleProcedure(...ROLES.manageSecrets)
    .input(z.object({ name: SecretNameSchema }))
    .mutation(async ({ ctx, input }) => {
      const removed = await ctx.db.$transaction(async (tx) => {
        if (!(await createSecretStore(tx, ctx.secretsKeyring).remove(input.name))) return false;
        await appendAudit(tx, {
          ...actorOf(ctx),
          action: 'secret.remove',
          subjectType: 'secret',
          subjectId: input.name,
          payload: { name: input.name },
        });
        return true;
      });
      if (!removed) throw new TRPCError({ code: 'NOT_FOUND', message: `Secret "${input.name}" does not exist.` });
      return { name: input.name };
    }),
});
