import { authRouter } from './routers/auth.ts';
import { catalogRouter } from './routers/catalog.ts';
import { flowsRouter } from './routers/flows.ts';
import { runsRouter } from './routers/runs.ts';
import { publicProcedure, router } from './trpc.ts';

export const appRouter = router({
  health: publicProcedure.query(() => ({ ok: true })),
  auth: authRouter,
  flows: flowsRouter,
  runs: runsRouter,
  catalog: catalogRouter,
});

export type AppRouter = typeof appRouter;
