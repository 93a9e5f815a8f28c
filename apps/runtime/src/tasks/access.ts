import type { SessionUser } from '../api/context.ts';
import type { Db } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';

/**
 * Who may see and act on a task: the one place the rule lives. The API's list, detail, actions
 * and file routes all call these functions; the inbox query (inbox-query.ts) builds its SQL from
 * the same viewer, so a list never shows what a detail would refuse.
 */

type UserRole = SessionUser['roles'][number];

/** Roles that see every task (team views, audits); everyone else sees what is addressed to them. */
const SEES_ALL = new Set<UserRole>(['admin', 'manager', 'auditor']);
/** Roles that may act on any task, reassign it and change its priority. */
const MANAGES = new Set<UserRole>(['admin', 'manager']);
/** Roles that work tasks at all (auditors only read). Mirrors ROLES.workTasks. */
const WORKS = new Set<UserRole>(['admin', 'process_owner', 'manager', 'staff']);

export interface TaskViewer {
  readonly user: SessionUser;
  readonly groups: readonly string[];
}

export async function taskViewer(db: Db, user: SessionUser): Promise<TaskViewer> {
  const memberships = await db.groupMember.findMany({ where: { userId: user.id }, select: { group: { select: { key: true } } } });
  return { user, groups: memberships.map((m) => m.group.key) };
}

export const seesAllTasks = (viewer: TaskViewer): boolean => viewer.user.roles.some((r) => SEES_ALL.has(r));
export const managesTasks = (viewer: TaskViewer): boolean => viewer.user.roles.some((r) => MANAGES.has(r));
const worksTasks = (viewer: TaskViewer): boolean => viewer.user.roles.some((r) => WORKS.has(r));

/**
 * The inbox views. `mine`: addressed to me personally or claimed by me. `group`: my groups' and
 * roles' queues, unclaimed. `team`: every task (those who see all).
 */
export const INBOX_VIEWS = ['mine', 'group', 'team'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export function canUseView(viewer: TaskViewer, view: InboxView): boolean {
  return view !== 'team' || seesAllTasks(viewer);
}

/** The one rule of who may see a task, as a Prisma filter (lists) ... */
export function visibleTasks(viewer: TaskViewer): Prisma.TaskWhereInput {
  if (seesAllTasks(viewer)) return {};
  return {
    OR: [
      { assigneeId: viewer.user.id },
      { claimedBy: viewer.user.id },
      { groupKey: { in: [...viewer.groups] } },
      { role: { in: [...viewer.user.roles] } },
    ],
  };
}

export interface TaskAddress {
  readonly assigneeId: string | null;
  readonly groupKey: string | null;
  readonly role: string | null;
  readonly claimedBy?: string | null;
}

/** ... and for one row already loaded. */
export function canSeeTask(viewer: TaskViewer, task: TaskAddress): boolean {
  if (seesAllTasks(viewer)) return true;
  return isAddressedTo(viewer, task) || (task.claimedBy !== undefined && task.claimedBy === viewer.user.id);
}

/** Working a task (claim, complete, comment, attach, delegate) needs it addressed to you; admins and managers may act on any. */
export function canWorkTask(viewer: TaskViewer, task: TaskAddress): boolean {
  if (!worksTasks(viewer)) return false;
  if (managesTasks(viewer)) return true;
  return isAddressedTo(viewer, task);
}

/**
 * Releasing or handing on a claimed task is for the person holding it (or a manager); an
 * unclaimed task may be handed on by anyone who may work it.
 */
export function holdsOrManages(viewer: TaskViewer, task: { readonly claimedBy: string | null }): boolean {
  return task.claimedBy === null || task.claimedBy === viewer.user.id || managesTasks(viewer);
}

function isAddressedTo(viewer: TaskViewer, task: TaskAddress): boolean {
  return (
    task.assigneeId === viewer.user.id ||
    (task.groupKey !== null && viewer.groups.includes(task.groupKey)) ||
    (task.role !== null && (viewer.user.roles as readonly string[]).includes(task.role))
  );
}
