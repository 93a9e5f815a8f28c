import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port>/hook */
  readonly url: string;
  /** host:port, for the outbound client's allowlist. */
  readonly host: string;
  readonly requests: ReceivedRequest[];
  /** Status codes to answer with, in order; the last one repeats. */
  answers: number[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 standing in for a customer's webhook endpoint. */
export async function startWebhookReceiver(answers: number[] = [200]): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const receiver = { answers } as { answers: number[] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = receiver.answers.length > 1 ? (receiver.answers.shift() as number) : (receiver.answers[0] ?? 200);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hook`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections of the client would hold close() open.
        server.closeAllConnections();
      }),
  });
}
