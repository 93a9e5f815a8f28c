import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { requestIdOf } from './request-id.ts';
import { AUDIT_EXPORT_PATH, handleAuditExport } from '../audit/export-http.ts';
import { AUTH_PREFIX, handleAuthRequest } from '../auth/auth-http.ts';
import { loadAuthConfig } from '../auth/config.ts';
import { createRequestContext } from '../auth/request-context.ts';
import { EVENTS_PATH, handleEventsRequest } from '../events/events-http.ts';
import { DOCUMENTS_DOWNLOAD_PREFIX, handleDocumentDownload } from '../documents/download-http.ts';
import { handleTaskAttachments, TASK_ATTACHMENTS_PREFIX } from '../tasks/attachments-http.ts';
import type { Services } from './context.ts';
import { appRouter } from './router.ts';

export interface ApiServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the built builder (a single-page app) from `root`: files as they are, hashed assets
 * cached for a year, any other page path answered with index.html so deep links work. Paths
 * are resolved inside `root` only; `..`, encoded or not, cannot leave it.
 */
function createStaticHandler(root: string) {
  const base = path.resolve(root);
  const index = path.join(base, 'index.html');
  const send = (req: IncomingMessage, res: ServerResponse, file: string, cache: string) => {
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'content-length': statSync(file).size,
      'cache-control': cache,
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad path"}');
      return true;
    }
    if (pathname.includes('\0')) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad path"}');
      return true;
    }
    const file = path.resolve(base, `.${path.posix.normalize(`/${pathname}`)}`);
    const inside = file === base || file.startsWith(`${base}${path.sep}`);
    if (inside && file !== base && isFile(file)) {
      const hashed = pathname.startsWith('/assets/');
      send(req, res, file, hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      return true;
    }
    // A path that names a file (has an extension) and is missing is a 404; anything else is a page of the app.
    if (path.posix.extname(pathname) !== '' || !isFile(index)) return false;
    send(req, res, index, 'no-cache');
    return true;
  };
}

/**
 * tRPC over HTTP at /trpc; stateless, so any number can run behind a load balancer. With
 * `staticDir` (or TRACKWAY_BUILDER_DIR) it also serves the builder app from that folder.
 */
export async function startApiServer(
  services: Services,
  options: { host: string; port: number; log?: (line: string) => void; staticDir?: string },
): Promise<ApiServer> {
  // Sessions and sign-in limits from the environment unless the caller chose them (tests do).
  services = services.auth ? services : { ...services, auth: loadAuthConfig() };
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    // Bearer token or session cookie (with its CSRF token for changes): see auth/request-context.ts.
    createContext: ({ req }) => createRequestContext(services, req),
    onError: ({ error, path }) => {
      // Only unexpected failures are logged; the caller's mistakes are answered, not alarmed about.
      if (error.code === 'INTERNAL_SERVER_ERROR') options.log?.(`API error in ${path ?? '?'}: ${error.cause?.stack ?? error.message}`);
    },
  });
  const staticDir = options.staticDir ?? process.env.TRACKWAY_BUILDER_DIR;
  const serveStatic = staticDir ? createStaticHandler(staticDir) : undefined;
  const server: Server = createServer((req, res) => {
    res.setHeader('x-request-id', requestIdOf(req));
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    if (req.url?.startsWith('/trpc/')) {
      trpc(req, res);
      return;
    }
    if (req.url?.startsWith(AUTH_PREFIX)) {
      void handleAuthRequest(services, req, res, options.log);
      return;
    }
    if (req.url?.startsWith(TASK_ATTACHMENTS_PREFIX)) {
      void handleTaskAttachments(services, req, res, options.log);
      return;
    }
    if (req.url?.startsWith(DOCUMENTS_DOWNLOAD_PREFIX)) {
      void handleDocumentDownload(services, req, res, options.log);
      return;
    }
    if (req.url?.split('?')[0] === AUDIT_EXPORT_PATH) {
      void handleAuditExport(services, req, res, options.log);
      return;
    }
    if (req.url?.split('?')[0] === EVENTS_PATH) {
      void handleEventsRequest(services, req, res, options.log);
      return;
    }
    // The API's own paths never fall through to the app.
    const ownPath = req.url?.startsWith('/trpc') || req.url?.startsWith('/healthz') || req.url?.startsWith('/api/');
    if (!ownPath && serveStatic?.(req, res)) return;
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
