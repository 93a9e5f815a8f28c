import type { SessionUser } from '../api/context.ts';
import type { Db } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';

/** Roles that see every task (team views, audits); everyone else sees what is addressed to them. */
const SEES_ALL = new Set<SessionUser['roles'][number]>(['admin', 'manager', 'auditor']);

export interface TaskViewer {
  readonly user: SessionUser;
  readonly groups: readonly string[];
}

export async function taskViewer(db: Db, user: SessionUser): Promise<TaskViewer> {
  const memberships = await db.groupMember.findMany({ where: { userId: user.id }, select: { group: { select: { key: true } } } });
  return { user, groups: memberships.map((m) => m.group.key) };
}

/** The one rule of who may see a task, as a Prisma filter (lists) ... */
export function visibleTasks(viewer: TaskViewer): Prisma.TaskWhereInput {
  if (viewer.user.roles.some((r) => SEES_ALL.has(r))) return {};
  return {
    OR: [{ assigneeId: viewer.user.id }, { groupKey: { in: [...viewer.groups] } }, { role: { in: [...viewer.user.roles] } }],
  };
}

interface TaskAddress {
  readonly assigneeId: string | null;
  readonly groupKey: string | null;
  readonly role: string | null;
}

/** ... and for one row already loaded. */
export function canSeeTask(viewer: TaskViewer, task: TaskAddress): boolean {
  if (viewer.user.roles.some((r) => SEES_ALL.has(r))) return true;
  return isAddressedTo(viewer, task);
}

/** Working a task (claim, complete) needs it addressed to you; admins and managers may act on any. */
export function canWorkTask(viewer: TaskViewer, task: TaskAddress): boolean {
  if (viewer.user.roles.includes('admin') || viewer.user.roles.includes('manager')) return true;
  return isAddressedTo(viewer, task);
}

function isAddressedTo(viewer: TaskViewer, task: TaskAddress): boolean {
  return (
    task.assigneeId === viewer.user.id ||
    (task.groupKey !== null && viewer.groups.includes(task.groupKey)) ||
    (task.role !== null && (viewer.user.roles as readonly string[]).includes(task.role))
  );
}
