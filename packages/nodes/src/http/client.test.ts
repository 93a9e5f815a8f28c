import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from './client.ts';
import { HttpRefusedError, type HttpClientError } from './errors.ts';

/** Local fake servers stand in for the outside world (a CRM, an attacker's redirector). */
async function fakeServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; host: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let allowed: { server: Server; host: string };
let internal: { server: Server; host: string };
let internalHits = 0;

beforeAll(async () => {
  internal = await fakeServer((_req, res) => {
    internalHits++;
    res.end('internal secrets');
  });
  allowed = await fakeServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const to = url.searchParams.get('to');
    if (url.pathname === '/redirect' && to) {
      res.writeHead(302, { location: to }).end();
    } else if (url.pathname === '/hops') {
      const n = Number(url.searchParams.get('n'));
      res.writeHead(307, { location: n > 0 ? `/hops?n=${n - 1}` : '/json' }).end();
    } else if (url.pathname === '/json') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, method: req.method, auth: req.headers.authorization ?? null }));
    } else if (url.pathname === '/big') {
      // No content-length: the limit must hold while streaming, not only on the declared size.
      res.write('x'.repeat(600));
      res.end('x'.repeat(600));
    } else if (url.pathname === '/slow') {
      setTimeout(() => res.end('late'), 2_000);
    } else {
      res.writeHead(404).end();
    }
  });
});

afterAll(async () => {
  await Promise.all([allowed, internal].map((s) => new Promise((resolve) => s?.server.close(resolve))));
});

describe('SSRF-guarded HTTP client', () => {
  const http = createHttpClient();
  afterAll(() => http.close());

  it.each([
    ['http://127.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://[::1]/', '::1 is a loopback address'],
    ['http://10.0.0.5/', '10.0.0.5 is a private address'],
    ['http://172.20.1.1:8080/admin', '172.20.1.1 is a private address'],
    ['http://192.168.0.1/', '192.168.0.1 is a private address'],
    ['http://100.100.1.1/', '100.100.1.1 is a carrier-grade NAT (shared, 100.64.0.0/10) address'],
    ['http://[fd00::1]/', 'fd00::1 is a private (unique local, fc00::/7) address'],
    ['http://169.254.10.10/', '169.254.10.10 is a link-local address'],
    ['http://[fe80::1]/', 'fe80::1 is a link-local address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a cloud metadata address (AWS, GCP, Azure, OpenStack)'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254 is a cloud metadata address (AWS)'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal is a cloud metadata host'],
    ['http://0.0.0.0/', '0.0.0.0 is an unspecified address'],
    ['http://[::]/', ':: is an unspecified address'],
    ['http://255.255.255.255/', '255.255.255.255 is a broadcast address'],
    ['http://224.0.0.251/', '224.0.0.251 is a multicast address'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1 is an IPv4-mapped IPv6 address (127.0.0.1 is a loopback address)'],
    [
      'http://[::ffff:169.254.169.254]/',
      '::ffff:a9fe:a9fe is an IPv4-mapped IPv6 address (169.254.169.254 is a cloud metadata address (AWS, GCP, Azure, OpenStack))',
    ],
    ['http://2130706433/', '127.0.0.1 is a loopback address'],
    ['http://0177.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://0x7f.1/', '127.0.0.1 is a loopback address'],
    ['http://0xa9fea9fe/', '169.254.169.254 is a cloud metadata address (AWS, GCP, Azure, OpenStack)'],
    ['http://017700000001/', '127.0.0.1 is a loopback address'],
    ['file:///etc/passwd', 'only http and https URLs may be requested, not file'],
    ['gopher://example.com/', 'only http and https URLs may be requested, not gopher'],
    ['ftp://example.com/', 'only http and https URLs may be requested, not ftp'],
    ['not a url', '"not a url" is not a valid URL'],
  ])('refuses %s: %s', async (url, reason) => {
    const error = await http.request(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpRefusedError);
    expect((error as HttpRefusedError).message).toBe(`refused: ${reason}`);
  });

  it('checks the addresses a name resolves to at connect time (localhost is loopback)', async () => {
    const error = await http.request(`http://localhost:${allowed.host.split(':')[1]}/json`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpRefusedError);
    expect((error as Error).message).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), which is a loopback address$/);
  });

  it('refuses a loopback server that is not on the allowlist, even on the allowed host at another port', async () => {
    const client = createHttpClient({ allowHosts: [allowed.host] });
    const error = await client.request(`http://${internal.host}/`).catch((e: unknown) => e);
    await client.close();
    expect((error as Error).message).toBe('refused: 127.0.0.1 is a loopback address');
    expect(internalHits).toBe(0);
  });
});

describe('allowlisted hosts and redirects', () => {
  let http: ReturnType<typeof createHttpClient>;
  beforeAll(() => {
    http = createHttpClient({ allowHosts: [allowed.host], maxResponseBytes: 1000, timeoutMs: 500 });
  });
  afterAll(() => http.close());

  it('reaches an allowlisted local server', async () => {
    const res = await http.request(`http://${allowed.host}/json`, { headers: { authorization: 'Bearer t' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, method: 'GET', auth: 'Bearer t' });
  });

  it.each([
    [() => `http://${internal.host}/`, 'refused: 127.0.0.1 is a loopback address'],
    [
      () => 'http://169.254.169.254/latest/meta-data/iam/',
      'refused: 169.254.169.254 is a cloud metadata address (AWS, GCP, Azure, OpenStack)',
    ],
    [() => 'http://[::ffff:10.1.2.3]/', 'refused: ::ffff:a01:203 is an IPv4-mapped IPv6 address (10.1.2.3 is a private address)'],
    [() => 'file:///etc/passwd', 'refused: only http and https URLs may be requested, not file'],
  ])('refuses a redirect from the allowed server to %#', async (target, message) => {
    const url = `http://${allowed.host}/redirect?to=${encodeURIComponent(target())}`;
    const error = await http.request(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpRefusedError);
    expect((error as Error).message).toBe(message);
    expect(internalHits).toBe(0);
  });

  it('follows up to 5 redirects within the allowed host, re-checking each, and stops after that', async () => {
    const ok = await http.request(`http://${allowed.host}/hops?n=4`);
    expect(ok.url).toBe(`http://${allowed.host}/json`);
    const error = await http.request(`http://${allowed.host}/hops?n=5`).catch((e: unknown) => e);
    expect((error as HttpClientError).code).toBe('HTTP_TOO_MANY_REDIRECTS');
    expect((error as Error).message).toBe('more than 5 redirects, the last to /json');
  });

  it('turns a redirected POST into a GET and keeps headers on the same origin', async () => {
    const res = await http.request(`http://${allowed.host}/redirect?to=/json`, {
      method: 'POST',
      body: 'x',
      headers: { authorization: 'A' },
    });
    expect(res.json()).toEqual({ ok: true, method: 'GET', auth: 'A' });
  });

  it('stops reading a response over the size limit', async () => {
    const error = await http.request(`http://${allowed.host}/big`).catch((e: unknown) => e);
    expect((error as HttpClientError).code).toBe('HTTP_TOO_LARGE');
    expect((error as Error).message).toBe(`the response from http://${allowed.host}/big is larger than 1000 bytes`);
  });

  it('gives up after the timeout', async () => {
    const started = Date.now();
    const error = await http.request(`http://${allowed.host}/slow`).catch((e: unknown) => e);
    expect((error as HttpClientError).code).toBe('HTTP_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1_900);
  });

  it('refuses an allowlist entry that is not a host', () => {
    expect(() => createHttpClient({ allowHosts: ['http://x/y'] })).toThrow('Allowed host "http://x/y" is not a host or host:port');
  });
});
