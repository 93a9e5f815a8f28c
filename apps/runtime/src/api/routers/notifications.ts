import { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client.ts';
import { preferencesOf, setPreferences } from '../../notifications/preferences.ts';
import { notFound } from '../errors.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

const Uuid = z.uuid('must be a UUID');
const PAGE = 20;

const Choice = z.object({ inApp: z.boolean(), email: z.boolean() }).strict();
/** Only the kinds being changed need be sent; an unknown kind is refused by name (strict). */
const PreferenceChanges = z
  .object({ 'task.assigned': Choice.optional(), 'task.escalated': Choice.optional(), 'sla.warning': Choice.optional() })
  .strict()
  .refine((p) => Object.values(p).some((c) => c !== undefined), 'name at least one of task.assigned, task.escalated, sla.warning');

const notificationSelect = {
  id: true,
  title: true,
  body: true,
  link: true,
  readAt: true,
  createdAt: true,
} satisfies Prisma.NotificationSelect;

const outboxSelect = {
  id: true,
  channel: true,
  recipient: true,
  subject: true,
  body: true,
  createdAt: true,
  deliveredAt: true,
} satisfies Prisma.OutboxSelect;

const attemptSelect = { id: true, outboxId: true, ok: true, detail: true, createdAt: true } satisfies Prisma.DeliveryAttemptSelect;

/**
 * A webhook URL may carry credentials (user:pass@, ?token=): the run's readers see where it went,
 * not how to post there themselves.
 */
function displayRecipient(channel: string, recipient: string): string {
  if (channel !== 'webhook') return recipient;
  try {
    const url = new URL(recipient);
    return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return recipient;
  }
}

export const notificationsRouter = router({
  /** The caller's own in-app notifications, newest first, with the unread count for the bell. */
  mine: roleProcedure(...ROLES.ownNotifications)
    .input(
      z
        .object({
          unreadOnly: z.boolean().optional(),
          /** The last id of the previous page. */
          cursor: Uuid.optional(),
          limit: z.number().int().min(1).max(100).optional(),
        })
        .optional(),
    )
    .query(async ({ ctx, input }) => {
      const userId = ctx.user.id;
      const limit = input?.limit ?? PAGE;
      const where: Prisma.NotificationWhereInput = { userId, ...(input?.unreadOnly ? { readAt: null } : {}) };
      if (input?.cursor) {
        const after = await ctx.db.notification.findFirst({ where: { id: input.cursor, userId }, select: { id: true, createdAt: true } });
        if (!after) throw notFound('Notification', input.cursor);
        // Keyset paging on (createdAt, id): stable while new notifications arrive at the top.
        where.OR = [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }];
      }
      const [rows, unreadCount] = await Promise.all([
        ctx.db.notification.findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: limit + 1,
          select: notificationSelect,
        }),
        ctx.db.notification.count({ where: { userId, readAt: null } }),
      ]);
      const items = rows.slice(0, limit);
      return { items, unreadCount, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
    }),

  /** Marks the caller's notifications read: the listed ones (all must be theirs) or all of them. */
  markRead: roleProcedure(...ROLES.ownNotifications)
    .input(
      z
        .object({
          ids: z.array(Uuid).min(1, 'name at least one notification').max(500).optional(),
          all: z.literal(true).optional(),
        })
        .refine((i) => (i.ids === undefined) !== (i.all === undefined), 'give either "ids" or "all: true"'),
    )
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.user.id;
      const now = new Date();
      let marked: number;
      if (input.ids) {
        const ids = [...new Set(input.ids)];
        const own = await ctx.db.notification.findMany({ where: { id: { in: ids }, userId }, select: { id: true } });
        const found = new Set(own.map((n) => n.id));
        const missing = ids.find((id) => !found.has(id));
        // Someone else's notification is reported exactly like one that does not exist.
        if (missing) throw notFound('Notification', missing);
        ({ count: marked } = await ctx.db.notification.updateMany({
          where: { id: { in: ids }, userId, readAt: null },
          data: { readAt: now },
        }));
      } else {
        ({ count: marked } = await ctx.db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } }));
      }
      const unreadCount = await ctx.db.notification.count({ where: { userId, readAt: null } });
      return { marked, unreadCount };
    }),

  /** The caller's own channel choices per task notice kind, defaults filled in (notifications/preferences.ts). */
  preferences: roleProcedure(...ROLES.ownNotifications).query(({ ctx }) => preferencesOf(ctx.db, ctx.user.id)),

  /** Sets the caller's own choices for the kinds given; returns the effective preferences. */
  setPreferences: roleProcedure(...ROLES.ownNotifications)
    .input(z.object({ preferences: PreferenceChanges }))
    .mutation(({ ctx, input }) => setPreferences(ctx.db, ctx.user.id, input.preferences)),

  /** Every message a run sent, with each delivery attempt: what went where, and what went wrong. */
  deliveries: roleProcedure(...ROLES.readDeliveries)
    .input(z.object({ runId: Uuid }))
    .query(async ({ ctx, input }) => {
      const run = await ctx.db.run.findUnique({ where: { id: input.runId }, select: { id: true } });
      if (!run) throw notFound('Run', input.runId);
      const messages = await ctx.db.outbox.findMany({
        where: { runId: input.runId },
        orderBy: [{ createdAt: 'asc' }, { dedupeKey: 'asc' }],
        select: outboxSelect,
      });
      const attempts = await ctx.db.deliveryAttempt.findMany({
        where: { outboxId: { in: messages.map((m) => m.id) } },
        orderBy: { createdAt: 'asc' },
        select: attemptSelect,
      });
      const byMessage = new Map<string, Array<{ id: string; ok: boolean; detail: string; createdAt: Date }>>();
      for (const { outboxId, ...attempt } of attempts) byMessage.set(outboxId, [...(byMessage.get(outboxId) ?? []), attempt]);
      return messages.map((message) => ({
        ...message,
        recipient: displayRecipient(message.channel, message.recipient),
        attempts: byMessage.get(message.id) ?? [],
      }));
    }),
});
