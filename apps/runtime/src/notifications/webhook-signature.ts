import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Trackway-Timestamp';
export const SIGNATURE_HEADER = 'X-Trackway-Signature';

/**
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. The timestamp is inside the signed text so
 * a receiver that rejects old timestamps cannot be fooled by a replayed request.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * What a receiver does (documented in docs/nodes.md): recompute and compare in constant time,
 * and refuse requests older than `toleranceSeconds`.
 */
export function verifyWebhook(
  secret: string,
  request: { timestamp: string | undefined; signature: string | undefined; body: string },
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  const { timestamp, signature, body } = request;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
