import type { Db } from '../db/client.ts';
import { delivered, permanentFailure, type Channel } from './channel.ts';
import { parseRecipients, resolveUsers } from './recipients.ts';

/**
 * Notifications in the builder's bell, for staff. One row per user and outbox message (unique in
 * the database), so a retried delivery finds the rows it wrote instead of adding more.
 */
export function createInAppChannel(db: Db): Channel {
  return {
    name: 'in_app',
    async deliver(message) {
      const parsed = parseRecipients(message.recipient);
      if (!parsed.ok) return permanentFailure(parsed.problem);
      const users = await resolveUsers(db, parsed.value);
      if (!users.ok) return permanentFailure(users.problem);
      const run = message.runId ? await db.run.findUnique({ where: { id: message.runId }, select: { flowId: true } }) : null;
      const { count } = await db.notification.createMany({
        data: users.value.map((user) => ({
          userId: user.id,
          outboxId: message.id,
          title: message.subject,
          body: message.body,
          link: run ? `/flows/${run.flowId}?run=${message.runId}` : null,
        })),
        skipDuplicates: true,
      });
      const already = users.value.length - count;
      return delivered(`${users.value.length} user(s)${already > 0 ? `, ${already} already had it` : ''}`);
    },
  };
}
