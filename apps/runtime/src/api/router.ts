import { apiKeysRouter } from './routers/api-keys.ts';
import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { calendarsRouter } from './routers/calendars.ts';
import { catalogRouter } from './routers/catalog.ts';
import { customersRouter } from './routers/customers.ts';
import { directoryRouter } from './routers/directory.ts';
import { documentTemplatesRouter } from './routers/document-templates.ts';
import { documentsRouter } from './routers/documents.ts';
import { eventsRouter } from './routers/events.ts';
import { flowsRouter } from './routers/flows.ts';
import { groupsRouter } from './routers/groups.ts';
import { notificationsRouter } from './routers/notifications.ts';
import { runsRouter } from './routers/runs.ts';
import { secretsRouter } from './routers/secrets.ts';
import { tasksRouter } from './routers/tasks.ts';
import { usersRouter } from './routers/users.ts';
import { publicProcedure, router } from './trpc.ts';

export const appRouter = router({
  health: publicProcedure.query(() => ({ ok: true })),
  auth: authRouter,
  users: usersRouter,
  groups: groupsRouter,
  flows: flowsRouter,
  runs: runsRouter,
  notifications: notificationsRouter,
  tasks: tasksRouter,
  catalog: catalogRouter,
  calendars: calendarsRouter,
  events: eventsRouter,
  apiKeys: apiKeysRouter,
  secrets: secretsRouter,
  customers: customersRouter,
  directory: directoryRouter,
  documents: documentsRouter,
  documentTemplates: documentTemplatesRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
