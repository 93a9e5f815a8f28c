import type { Db } from '../db/client.ts';

/** The task notices a user can tune; the workflow's own notify nodes are not subject to them. */
export const NOTICE_KINDS = ['task.assigned', 'task.escalated', 'sla.warning'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface ChannelChoice {
  readonly inApp: boolean;
  readonly email: boolean;
}

/**
 * Without a stored row everything is on: these notices are how people learn that work is waiting
 * for them, so opting out is a deliberate choice, never the silent default.
 */
export const DEFAULT_PREFERENCES: Readonly<Record<NoticeKind, ChannelChoice>> = {
  'task.assigned': { inApp: true, email: true },
  'task.escalated': { inApp: true, email: true },
  'sla.warning': { inApp: true, email: true },
};

export type Preferences = Record<NoticeKind, ChannelChoice>;

/** One user's effective preferences: stored rows over the defaults, every kind present. */
export async function preferencesOf(db: Db, userId: string): Promise<Preferences> {
  const rows = await db.notificationPreference.findMany({ where: { userId } });
  const result = { ...DEFAULT_PREFERENCES } as Preferences;
  for (const row of rows) {
    if ((NOTICE_KINDS as readonly string[]).includes(row.kind)) result[row.kind as NoticeKind] = { inApp: row.inApp, email: row.email };
  }
  return result;
}

/** Several users' choice for one kind (one query), defaults for those without a row. */
export async function choicesFor(db: Db, userIds: readonly string[], kind: NoticeKind): Promise<Map<string, ChannelChoice>> {
  const rows = await db.notificationPreference.findMany({ where: { userId: { in: [...userIds] }, kind } });
  const stored = new Map(rows.map((r) => [r.userId, { inApp: r.inApp, email: r.email }]));
  return new Map(userIds.map((id) => [id, stored.get(id) ?? DEFAULT_PREFERENCES[kind]]));
}

/** Stores the given kinds (others keep what they had); returns the effective result. */
export async function setPreferences(db: Db, userId: string, changes: Partial<Preferences>): Promise<Preferences> {
  const entries = Object.entries(changes) as Array<[NoticeKind, ChannelChoice]>;
  await db.$transaction(
    entries.map(([kind, choice]) =>
      db.notificationPreference.upsert({
        where: { userId_kind: { userId, kind } },
        create: { userId, kind, inApp: choice.inApp, email: choice.email },
        update: { inApp: choice.inApp, email: choice.email },
      }),
    ),
  );
  return preferencesOf(db, userId);
}
