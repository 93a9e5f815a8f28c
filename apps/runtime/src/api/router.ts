import { apiKeysRouter } from './routers/api-keys.ts';
import { authRouter } from './routers/auth.ts';
import { calendarsRouter } from './routers/calendars.ts';
import { catalogRouter } from './routers/catalog.ts';
import { customersRouter } from './routers/customers.ts';
import { directoryRouter } from './routers/directory.ts';
import { documentTemplatesRouter } from './routers/document-templates.ts';
import { documentsRouter } from './routers/documents.ts';
import { eventsRouter } from './routers/events.ts';
import { flowsRouter } from './routers/flows.ts';
import { notificationsRouter } from './routers/notifications.ts';
import { runsRouter } from './routers/runs.ts';
import { tasksRouter } from './routers/tasks.ts';
import { publicProcedure, router } from './trpc.ts';

export const appRouter = router({
  health: publicProcedure.query(() => ({ ok: true })),
  auth: authRouter,
  flows: flowsRouter,
  runs: runsRouter,
  notifications: notificationsRouter,
  tasks: tasksRouter,
  catalog: catalogRouter,
  calendars: calendarsRouter,
  events: eventsRouter,
  apiKeys: apiKeysRouter,
  customers: customersRouter,
  directory: directoryRouter,
  documents: documentsRouter,
  documentTemplates: documentTemplatesRouter,
});

export type AppRouter = typeof appRouter;
