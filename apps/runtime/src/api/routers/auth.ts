import { authedProcedure, router } from '../trpc.ts';

export const authRouter = router({
  /** Who the token belongs to; the builder calls it to sign in and to label the session. */
  me: authedProcedure.query(async ({ ctx }) => {
    const user = await ctx.db.user.findUniqueOrThrow({
      where: { id: ctx.user.id },
      select: { id: true, email: true, displayName: true, roles: true },
    });
    return user;
  }),
});
