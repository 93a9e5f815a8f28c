import { createAuditActivities } from '../audit/activities.ts';
import { createCalendarActivities } from '../calendars/calendar-activities.ts';
import type { HttpClient } from '@trackway/nodes/http';
import { createCustomerActivities } from '../customers/activities.ts';
import type { Db } from '../db/client.ts';
import { createDocumentActivities } from '../documents/activities.ts';
import { loadNotificationConfig, loadOutboundConfig, type NotificationConfig } from '../config.ts';
import { outboundHttpFromEnv } from '../outbound-http.ts';
import { createSubflowActivities } from '../runs/subflow-activities.ts';
import { createTaskActivities } from '../tasks/task-activities.ts';
import { createRunActivities } from './run-activities.ts';

/** What activities may use. Each feature adds the dependencies it needs here (injected, so tests pass fakes of the outside world). */
export interface ActivityDeps {
  readonly db: Db;
  /** Outbound HTTP (CRM lookups); defaults to the SSRF-guarded client configured from the environment. */
  readonly http?: HttpClient;
  /** SMTP and the webhook signing secret; defaults to TRACKWAY_SMTP_URL, TRACKWAY_MAIL_FROM, TRACKWAY_WEBHOOK_SECRET. */
  readonly notifications?: NotificationConfig;
  /** Country for phone numbers without a country code; defaults to TRACKWAY_DEFAULT_PHONE_COUNTRY. */
  readonly defaultPhoneCountry?: string;
}

/**
 * Every activity the worker registers, by name. Each feature's factory lives beside its code; the
 * names are the `activity.name` the node types declare.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createRunActivities({
      db: deps.db,
      // Webhooks go out through the same SSRF-guarded client as every other outbound call.
      notifications: { ...(deps.notifications ?? loadNotificationConfig()), http: deps.http ?? outboundHttpFromEnv() },
    }),
    ...createDocumentActivities(deps),
    ...createCustomerActivities({
      db: deps.db,
      http: deps.http ?? outboundHttpFromEnv(),
      defaultPhoneCountry: deps.defaultPhoneCountry ?? loadOutboundConfig().defaultPhoneCountry,
    }),
    ...createCalendarActivities(deps),
    ...createTaskActivities({ db: deps.db, notifications: deps.notifications ?? loadNotificationConfig() }),
    ...createSubflowActivities(deps),
    ...createAuditActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
