import type { Db } from '../db/client.ts';

export interface FlowUsingCalendar {
  readonly key: string;
  readonly name: string;
}

/**
 * Flows whose published plans name the calendar in a node config (a `calendar` field at any depth)
 * and that can still run it: versions of flows that are not archived (any version may be started),
 * and versions with runs still running. Plans are JSON, so Postgres searches them with a JSON path.
 */
export async function flowsUsingCalendar(db: Db, key: string): Promise<FlowUsingCalendar[]> {
  return db.$queryRaw<FlowUsingCalendar[]>`
    SELECT DISTINCT f.key, f.name
    FROM flow_versions v
    JOIN flows f ON f.id = v.flow_id
    WHERE jsonb_path_exists(v.plan, '$.nodes.*.config.** ? (@.calendar == $key)', jsonb_build_object('key', ${key}::text))
      AND (f.archived_at IS NULL
           OR EXISTS (SELECT 1 FROM runs r WHERE r.flow_version_id = v.id AND r.status = 'running'))
    ORDER BY f.key`;
}
