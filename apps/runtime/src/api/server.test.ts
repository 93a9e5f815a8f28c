import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from './context.ts';
import { startApiServer, type ApiServer } from './server.ts';

/** Raw HTTP, so paths like /../ reach the server unnormalised (fetch would clean them up). */
function get(url: string, rawPath: string, method = 'GET'): Promise<{ status: number; type: string; body: string; cache: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          body,
          cache: String(res.headers['cache-control'] ?? ''),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('API server serving the builder', () => {
  let dir: string;
  let api: ApiServer;

  beforeAll(async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tw-static-'));
    dir = path.join(root, 'dist');
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'assets', 'font.ttf'), 'ttf');
    writeFileSync(path.join(root, 'secret.txt'), 'do not serve');
    // Static requests never touch the services.
    api = await startApiServer({} as Services, { host: '127.0.0.1', port: 0, staticDir: dir });
  });
  afterAll(async () => {
    await api.close();
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('serves files with their content type, hashed assets cached for long', async () => {
    const js = await get(api.url, '/assets/app-1234.js');
    expect(js).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' });
    expect(js.cache).toContain('immutable');
    expect((await get(api.url, '/assets/font.ttf')).type).toBe('font/ttf');
    const index = await get(api.url, '/');
    expect(index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', cache: 'no-cache' });
    expect((await get(api.url, '/assets/app-1234.js', 'HEAD')).status).toBe(200);
  });

  it('answers app routes with index.html and missing files with 404', async () => {
    expect(await get(api.url, '/flows/abc?run=1')).toMatchObject({ status: 200, body: '<!doctype html><title>app</title>' });
    expect((await get(api.url, '/assets/missing.js')).status).toBe(404);
    expect((await get(api.url, '/flows', 'POST')).status).toBe(404);
  });

  it('never leaves the folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00']) {
      const res = await get(api.url, p);
      expect(res.body, p).not.toContain('do not serve');
      expect([400, 404], p).toContain(res.status);
    }
  });

  it('leaves /trpc and /healthz to the API', async () => {
    expect(await get(api.url, '/healthz')).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect((await get(api.url, '/trpc')).body).toBe('{"error":"not found"}');
  });
});
