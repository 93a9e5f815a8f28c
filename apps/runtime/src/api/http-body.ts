import type { IncomingMessage } from 'node:http';

/**
 * A request body of at most `limit` bytes, or null when it is larger: nothing beyond the limit is
 * kept, and the rest is read and dropped so the connection stays usable for the error reply.
 * Every plain-HTTP route (sign-in, events, attachments) reads its body through this.
 */
export function readBodyUpTo(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
