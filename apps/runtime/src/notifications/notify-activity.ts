import { ApplicationFailure } from '@temporalio/activity';
import { NOTIFY_ACTIVITY, type NotifyActivityInput } from '@trackway/nodes';
import type { NotificationConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import { describeError, transientFailure, type Channel, type ChannelName, type DeliveryOutcome, type OutboxMessage } from './channel.ts';
import { createEmailChannel } from './email-channel.ts';
import { createInAppChannel } from './in-app-channel.ts';
import { createWebhookChannel, type WebhookHttp } from './webhook-channel.ts';

/**
 * What notifications need from the platform (config.ts reads the settings from the environment).
 * A missing part means "not configured", never a crash: no SMTP, e-mails are recorded as not sent
 * and the run goes on; no webhook secret, webhooks are refused and the run fails.
 */
export interface NotificationDeps extends NotificationConfig {
  /** Outbound HTTP for webhooks: the SSRF-guarded client (ActivityDeps.http). */
  readonly http?: WebhookHttp;
}

export interface NotifyResult {
  readonly outboxId: string;
  readonly status: 'delivered' | 'not_sent';
  readonly detail: string;
}

/** Failure types a flow's retry policy or a caller can branch on. */
export const NOTIFY_FAILURE = { permanent: 'NotifyDeliveryRefused', transient: 'NotifyDeliveryFailed' } as const;

/**
 * The notify node's activity: store the message in the outbox (once per run/node/visit), then
 * deliver it over its channel in the same activity, recording every attempt. Temporal's retry
 * policy (declared on the node) repeats transient failures; permanent ones stop the run with the
 * reason. A retry after a success finds `deliveredAt` set and sends nothing.
 */
export function createNotifyActivities(deps: { db: Db; notifications?: NotificationDeps }) {
  const { db } = deps;
  const settings = deps.notifications ?? {};
  const channels: Record<ChannelName, Channel> = {
    in_app: createInAppChannel(db),
    email: createEmailChannel(db, settings.smtp),
    webhook: createWebhookChannel({ secret: settings.webhookSecret, http: settings.http }),
  };

  async function attempt(message: OutboxMessage): Promise<DeliveryOutcome> {
    const channel = channels[message.channel as ChannelName] as Channel | undefined;
    if (!channel) return { status: 'failed', detail: `unknown channel "${message.channel}"`, retryable: false };
    try {
      return await channel.deliver(message);
    } catch (error) {
      // Channels report delivery problems themselves; what is thrown is ours (database down...).
      return transientFailure(describeError(error));
    }
  }

  return {
    async [NOTIFY_ACTIVITY](input: NotifyActivityInput): Promise<NotifyResult> {
      await db.outbox.createMany({
        data: [
          {
            dedupeKey: input.dedupeKey,
            runId: input.runId,
            channel: input.channel,
            recipient: input.recipient,
            subject: input.subject,
            body: input.body,
          },
        ],
        skipDuplicates: true,
      });
      // The stored row, not the input, is what gets delivered: the first attempt fixed it.
      const message = await db.outbox.findUniqueOrThrow({ where: { dedupeKey: input.dedupeKey } });
      if (message.deliveredAt) {
        return { outboxId: message.id, status: 'delivered', detail: `already delivered at ${message.deliveredAt.toISOString()}` };
      }
      const outcome = await attempt(message);
      await db.deliveryAttempt.create({
        data: { outboxId: message.id, channel: message.channel, ok: outcome.status === 'delivered', detail: outcome.detail },
      });
      if (outcome.status === 'failed') {
        throw ApplicationFailure.create({
          type: outcome.retryable ? NOTIFY_FAILURE.transient : NOTIFY_FAILURE.permanent,
          message: `${message.channel} notification to ${message.channel === 'webhook' ? 'a webhook' : JSON.stringify(message.recipient)} failed: ${outcome.detail}`,
          nonRetryable: !outcome.retryable,
        });
      }
      if (outcome.status === 'delivered') {
        await db.outbox.updateMany({ where: { id: message.id, deliveredAt: null }, data: { deliveredAt: new Date() } });
      }
      return { outboxId: message.id, status: outcome.status, detail: outcome.detail };
    },
  };
}
