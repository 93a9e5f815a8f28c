import type { Db } from '../db/client.ts';
import { createRunActivities } from './run-activities.ts';

/** What activities may use. Each feature adds the dependencies it needs here (injected, so tests pass fakes of the outside world). */
export interface ActivityDeps {
  readonly db: Db;
}

/**
 * Every activity the worker registers, by name. Each feature's factory lives beside its code; the
 * names are the `activity.name` the node types declare.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createRunActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
