import type { NotifyChannel } from '@trackway/nodes';

/** Delivery channels a notify node can choose (its config enum); the outbox `channel` column holds these. */
export type ChannelName = NotifyChannel;

/** An outbox row as the channels see it: already rendered, stored before any delivery is tried. */
export interface OutboxMessage {
  readonly id: string;
  readonly runId: string | null;
  readonly channel: string;
  readonly recipient: string;
  readonly subject: string;
  readonly body: string;
}

/**
 * What one delivery attempt came to. `not_sent` is a deliberate non-delivery the run should not
 * fail for (e-mail without SMTP configured on a developer machine); `failed` says whether asking
 * again can help, so the activity can let Temporal retry or stop the run at once.
 */
export type DeliveryOutcome =
  | { readonly status: 'delivered'; readonly detail: string }
  | { readonly status: 'not_sent'; readonly detail: string }
  | { readonly status: 'failed'; readonly detail: string; readonly retryable: boolean };

/** One way of reaching people. A channel never throws for a delivery problem: it says what happened. */
export interface Channel {
  readonly name: ChannelName;
  deliver(message: OutboxMessage): Promise<DeliveryOutcome>;
}

export const delivered = (detail: string): DeliveryOutcome => ({ status: 'delivered', detail });
export const notSent = (detail: string): DeliveryOutcome => ({ status: 'not_sent', detail });
/** Asking again cannot help: unknown recipient, refused address, missing secret. */
export const permanentFailure = (detail: string): DeliveryOutcome => ({ status: 'failed', detail, retryable: false });
/** The other side may answer next time: server down, timeout, 5xx. */
export const transientFailure = (detail: string): DeliveryOutcome => ({ status: 'failed', detail, retryable: true });

/** The text of an error and its causes, one line, for an attempt's detail. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const text = e instanceof Error ? e.message : String(e);
    if (text && !parts.includes(text)) parts.push(text);
    if (!(e instanceof Error)) break;
  }
  return parts.join(': ').replace(/\s+/g, ' ').slice(0, 500) || 'unknown error';
}
