import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook-signature.ts';

const secret = 'a-secret-of-enough-length';
const body = '{"id":"1","subject":"Hi"}';

describe('webhook signatures', () => {
  it('are sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, '1700000000', body)).toBe(`sha256=${expected}`);
  });

  it('verify only with the same secret, body and a fresh timestamp', () => {
    const signature = signWebhook(secret, '1700000000', body);
    const at = { nowSeconds: 1_700_000_100 };
    expect(verifyWebhook(secret, { timestamp: '1700000000', signature, body }, at)).toBe(true);
    expect(verifyWebhook('another-secret-entirely', { timestamp: '1700000000', signature, body }, at)).toBe(false);
    expect(verifyWebhook(secret, { timestamp: '1700000000', signature, body: body.replace('Hi', 'Ho') }, at)).toBe(false);
    expect(verifyWebhook(secret, { timestamp: '1700000001', signature, body }, at)).toBe(false);
    // A replay ten minutes later is refused.
    expect(verifyWebhook(secret, { timestamp: '1700000000', signature, body }, { nowSeconds: 1_700_000_600 })).toBe(false);
    expect(verifyWebhook(secret, { timestamp: undefined, signature, body }, at)).toBe(false);
    expect(verifyWebhook(secret, { timestamp: '1700000000', signature: 'sha256=00', body }, at)).toBe(false);
  });
});
