import { delivered, describeError, permanentFailure, transientFailure, type Channel } from './channel.ts';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.ts';

/**
 * The outbound HTTP a webhook needs: the shape of `@trackway/nodes/http`'s SSRF-guarded
 * `HttpClient` (no requests to loopback, private or metadata addresses unless allowlisted with
 * TRACKWAY_HTTP_ALLOW_HOSTS), injected through ActivityDeps.http.
 */
export interface WebhookHttp {
  request(
    url: string,
    init: { method: 'POST'; headers: Record<string, string>; body: string; timeoutMs: number },
  ): Promise<{ readonly status: number }>;
}

export interface WebhookSettings {
  /** HMAC key; without one webhooks are refused, never sent unsigned. */
  readonly secret: string | undefined;
  readonly http: WebhookHttp | undefined;
}

/** Inside the notify activity's 10 s start-to-close timeout, with room to record the attempt. */
const TIMEOUT_MS = 8_000;

/** Refusals by the guarded client (forbidden address, redirect loop) get the same answer next time. */
function isRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'HTTP_REFUSED' || code === 'HTTP_TOO_MANY_REDIRECTS';
}

/** POSTs {id, subject, body, runId, sentAt} as JSON, signed (see webhook-signature.ts). */
export function createWebhookChannel(settings: WebhookSettings): Channel {
  return {
    name: 'webhook',
    async deliver(message) {
      let url: URL;
      try {
        url = new URL(message.recipient.trim());
      } catch {
        return permanentFailure(`${JSON.stringify(message.recipient.slice(0, 200))} is not a URL`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return permanentFailure(`webhooks go to http(s) URLs, not ${url.protocol}`);
      if (!settings.secret) return permanentFailure('refused: TRACKWAY_WEBHOOK_SECRET is not set, and webhooks are never sent unsigned');
      if (!settings.http) return permanentFailure('refused: no HTTP client is configured for webhooks');
      const sentAt = new Date();
      const timestamp = String(Math.floor(sentAt.getTime() / 1000));
      // The outbox id stays the same across retries: receivers deduplicate on it.
      const body = JSON.stringify({
        id: message.id,
        subject: message.subject,
        body: message.body,
        runId: message.runId,
        sentAt: sentAt.toISOString(),
      });
      // Paths and queries of webhook URLs often carry tokens (chat webhooks): details name the origin only.
      const target = url.origin;
      let status: number;
      try {
        ({ status } = await settings.http.request(url.href, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: signWebhook(settings.secret, timestamp, body),
          },
          body,
          timeoutMs: TIMEOUT_MS,
        }));
      } catch (error) {
        const detail = `POST ${target}: ${describeError(error)}`;
        return isRefusal(error) ? permanentFailure(detail) : transientFailure(detail);
      }
      const answer = `POST ${target}: HTTP ${status}`;
      if (status >= 200 && status < 300) return delivered(answer);
      // 408 and 429 ask to come back later, like a 5xx; other answers will not change by asking again.
      if (status >= 500 || status === 408 || status === 429) return transientFailure(answer);
      return permanentFailure(answer);
    },
  };
}
