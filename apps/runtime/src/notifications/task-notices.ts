import type { NotificationConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Role } from '../generated/prisma/enums.ts';
import { describeError, transientFailure, type DeliveryOutcome } from './channel.ts';
import { createEmailChannel } from './email-channel.ts';
import { choicesFor, type NoticeKind } from './preferences.ts';

/** Who an inbox row is addressed to (its queue columns). */
export interface TaskAddress {
  readonly assigneeId: string | null;
  readonly groupKey: string | null;
  readonly role: Role | null;
}

export interface TaskNotice {
  readonly kind: NoticeKind;
  readonly task: TaskAddress & { readonly id: string; readonly title: string; readonly priority: number };
  /**
   * Names this notice among the task's notices ("created", "assigned@<time>", "sla/2/false"):
   * the outbox dedupe key is `task:<task id>/<event>/<channel>`, so a repeat sends nothing again.
   */
  readonly event: string;
}

export interface NoticeResult {
  readonly channel: 'in_app' | 'email';
  readonly recipients: number;
  readonly status: DeliveryOutcome['status'] | 'already_delivered';
}

/** The inbox page opens a task from `?task=<id>` (builder inbox/InboxPage.tsx). */
export const taskLink = (taskId: string) => `/inbox?task=${encodeURIComponent(taskId)}`;

const HEADLINE: Record<NoticeKind, string> = {
  'task.assigned': 'New task',
  'task.escalated': 'Escalated to you',
  'sla.warning': 'SLA warning',
};

/** Active users a task is addressed to: the assignee, the group's members or the role's holders. */
async function addressees(db: Db, task: TaskAddress): Promise<Array<{ id: string; email: string }>> {
  const select = { id: true, email: true } as const;
  const active = { disabledAt: null };
  if (task.assigneeId) return db.user.findMany({ where: { id: task.assigneeId, ...active }, select });
  if (task.groupKey) return db.user.findMany({ where: { memberships: { some: { group: { key: task.groupKey } } }, ...active }, select });
  if (task.role) return db.user.findMany({ where: { roles: { has: task.role }, ...active }, select });
  return [];
}

/**
 * Task notices (assignment, escalation, SLA warning) to the people a task is addressed to, per
 * their preferences: an in-app notification linking to the task and one e-mail (Bcc). Stored in
 * the outbox and attempted like a notify node's message, but best-effort: a failed delivery is
 * recorded and never fails the task activity, because the inbox row, not the notice, is the work.
 */
export function createTaskNotifier(deps: { db: Db; notifications?: NotificationConfig }) {
  const { db } = deps;
  const email = createEmailChannel(db, deps.notifications?.smtp);

  /** Stores the outbox row once per key; null when an earlier attempt already delivered it. */
  async function outboxRow(dedupeKey: string, channel: 'in_app' | 'email', recipient: string, subject: string, body: string) {
    // runId stays null: these rows belong to the inbox, not to what the run's own nodes sent.
    await db.outbox.createMany({ data: [{ dedupeKey, runId: null, channel, recipient, subject, body }], skipDuplicates: true });
    const row = await db.outbox.findUniqueOrThrow({ where: { dedupeKey } });
    return row.deliveredAt ? null : row;
  }

  async function record(outboxId: string, channel: string, outcome: DeliveryOutcome): Promise<void> {
    await db.deliveryAttempt.create({ data: { outboxId, channel, ok: outcome.status === 'delivered', detail: outcome.detail } });
    if (outcome.status === 'delivered') {
      await db.outbox.updateMany({ where: { id: outboxId, deliveredAt: null }, data: { deliveredAt: new Date() } });
    }
  }

  async function send(notice: TaskNotice): Promise<NoticeResult[]> {
    const people = await addressees(db, notice.task);
    if (people.length === 0) return [];
    const choices = await choicesFor(
      db,
      people.map((p) => p.id),
      notice.kind,
    );
    const inApp = people.filter((p) => choices.get(p.id)?.inApp);
    const byMail = people.filter((p) => choices.get(p.id)?.email);
    const subject = `${HEADLINE[notice.kind]}: ${notice.task.title}`;
    const link = taskLink(notice.task.id);
    const body = `${notice.task.title} (priority ${notice.task.priority})\nOpen it in the inbox: ${link}`;
    const key = `task:${notice.task.id}/${notice.event}`;
    const results: NoticeResult[] = [];

    if (inApp.length > 0) {
      const row = await outboxRow(`${key}/in_app`, 'in_app', inApp.map((p) => p.email).join(', '), subject, body);
      if (!row) results.push({ channel: 'in_app', recipients: inApp.length, status: 'already_delivered' });
      else {
        // Unique per (outbox, user): a repeat finds the rows it wrote.
        const { count } = await db.notification.createMany({
          data: inApp.map((p) => ({ userId: p.id, outboxId: row.id, title: subject, body: notice.task.title, link })),
          skipDuplicates: true,
        });
        await record(row.id, 'in_app', { status: 'delivered', detail: `${inApp.length} user(s), ${count} new` });
        results.push({ channel: 'in_app', recipients: inApp.length, status: 'delivered' });
      }
    }

    if (byMail.length > 0) {
      const row = await outboxRow(`${key}/email`, 'email', byMail.map((p) => p.email).join(', '), subject, body);
      if (!row) results.push({ channel: 'email', recipients: byMail.length, status: 'already_delivered' });
      else {
        let outcome: DeliveryOutcome;
        try {
          outcome = await email.deliver(row);
        } catch (error) {
          outcome = transientFailure(describeError(error));
        }
        await record(row.id, 'email', outcome);
        results.push({ channel: 'email', recipients: byMail.length, status: outcome.status });
      }
    }
    return results;
  }

  return {
    /** Never throws: what could not be sent is in DeliveryAttempt (or, for a database failure, the log). */
    async notify(notice: TaskNotice): Promise<NoticeResult[]> {
      try {
        return await send(notice);
      } catch (error) {
        console.warn(`task notice ${notice.kind} for task ${notice.task.id} not sent: ${describeError(error)}`);
        return [];
      }
    },
  };
}

export type TaskNotifier = ReturnType<typeof createTaskNotifier>;
