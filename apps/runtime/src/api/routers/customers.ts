import { z } from 'zod';
import { createCustomerDirectory } from '../../customers/directory.ts';
import { notFound } from '../errors.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

export const customersRouter = router({
  /** Customers whose name, reference, e-mail address or phone number contains the query. */
  search: roleProcedure(...ROLES.readCustomers)
    .input(
      z.object({
        query: z.string().trim().min(2, 'type at least 2 characters').max(200),
        limit: z.number().int().min(1).max(100).default(20),
      }),
    )
    .query(async ({ ctx, input }) => ({ items: await createCustomerDirectory(ctx.db).search(input.query, input.limit) })),

  /** The full profile: contacts, account manager, recent requests, open problems. */
  get: roleProcedure(...ROLES.readCustomers)
    .input(z.object({ id: z.uuid('must be a UUID') }))
    .query(async ({ ctx, input }) => {
      const profile = await createCustomerDirectory(ctx.db).profile(input.id);
      if (!profile) throw notFound('Customer', input.id);
      return profile;
    }),
});
