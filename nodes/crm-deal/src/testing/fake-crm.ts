import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

/**
 * A small CRM for tests and the demo: POST /api/deals with a bearer token. It keeps deals by
 * idempotency key (a repeated key gets the same deal back with 201) and by title (a second deal
 * with the same title gets 409 and the existing deal). `failNext` makes the next requests answer 503.
 */
export interface FakeCrm {
  /** e.g. http://127.0.0.1:4010/api */
  readonly baseUrl: string;
  /** host:port, for the HTTP client's allowlist. */
  readonly host: string;
  readonly requests: Array<{ headers: Record<string, string | string[] | undefined>; body: unknown }>;
  failNext(count: number): void;
  close(): Promise<void>;
}

export async function startFakeCrm(options: { token: string; port?: number }): Promise<FakeCrm> {
  const byKey = new Map<string, object>();
  const byTitle = new Map<string, object>();
  const requests: FakeCrm['requests'] = [];
  let failures = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      let body: { title?: string; amount?: number; currency?: string } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as typeof body;
      } catch {
        return send(400, { error: 'not JSON' });
      }
      requests.push({ headers: req.headers, body });
      if (req.method !== 'POST' || req.url !== '/api/deals') return send(404, { error: 'no such endpoint' });
      if (failures > 0) {
        failures -= 1;
        return send(503, { error: 'maintenance' });
      }
      if (req.headers.authorization !== `Bearer ${options.token}`) return send(401, { error: 'bad token' });
      if (!body.title || typeof body.amount !== 'number') return send(422, { error: 'title and amount are required' });
      const key = String(req.headers['idempotency-key'] ?? '');
      const repeated = key ? byKey.get(key) : undefined;
      if (repeated) return send(201, repeated);
      const existing = byTitle.get(body.title);
      if (existing) return send(409, existing);
      const id = `D-${randomUUID().slice(0, 8)}`;
      const deal = {
        id,
        url: `https://crm.example.com/deals/${id}`,
        stage: 'qualification',
        title: body.title,
        amount: body.amount,
        currency: body.currency,
      };
      if (key) byKey.set(key, deal);
      byTitle.set(body.title, deal);
      send(201, deal);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `http://${host}/api`,
    host,
    requests,
    failNext: (count) => {
      failures = count;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// `npm run fake-crm -w @trackway-nodes/crm-deal`: the CRM the demo flow talks to.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const token = process.env.FAKE_CRM_TOKEN ?? 'demo-crm-token';
  const crm = await startFakeCrm({ token, port: Number(process.env.FAKE_CRM_PORT ?? 4010) });
  console.log(`Fake CRM at ${crm.baseUrl} (token "${token}"). Ctrl+C stops it.`);
}
