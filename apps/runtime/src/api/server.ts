import { createServer, type Server } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createHttpContext, type Services } from './context.ts';
import { appRouter } from './router.ts';

export interface ApiServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** tRPC over HTTP at /trpc; stateless, so any number can run behind a load balancer. */
export async function startApiServer(
  services: Services,
  options: { host: string; port: number; log?: (line: string) => void },
): Promise<ApiServer> {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req }) => createHttpContext(services, req.headers.authorization),
    onError: ({ error, path }) => {
      // Only unexpected failures are logged; the caller's mistakes are answered, not alarmed about.
      if (error.code === 'INTERNAL_SERVER_ERROR') options.log?.(`API error in ${path ?? '?'}: ${error.cause?.stack ?? error.message}`);
    },
  });
  const server: Server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    if (req.url?.startsWith('/trpc/')) {
      trpc(req, res);
      return;
    }
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
