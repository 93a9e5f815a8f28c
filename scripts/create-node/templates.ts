// The files of a new node package (`npm run create-node -- <name>`): one action node that sends a
// message to an HTTP API with a secret token, its activity, a test on the harness, a README.

export interface NodeTemplateInput {
  /** The node type and folder name, e.g. "ticket-sync". */
  readonly name: string;
  /** The repository's tsconfig.json, relative to the package folder. */
  readonly tsconfig: string;
}

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const title = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_, dash: string, c: string) => `${dash ? ' ' : ''}${c.toUpperCase()}`);

export function nodePackageFiles({ name, tsconfig }: NodeTemplateInput): Record<string, string> {
  const node = `${camel(name)}Node`;
  return {
    'package.json': `${JSON.stringify(
      {
        name: `@trackway-nodes/${name}`,
        version: '0.1.0',
        private: true,
        type: 'module',
        description: `Trackway node: ${title(name)}.`,
        exports: { '.': './src/index.ts', './activities': './src/activities.ts' },
        scripts: { test: 'vitest run', typecheck: 'tsc -p . --noEmit', 'fake-api': 'tsx src/testing/fake-api.ts' },
        dependencies: { '@trackway/nodes': '0.1.0' },
        devDependencies: { '@trackway/runtime': '0.1.0' },
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `{ "extends": ${JSON.stringify(tsconfig)}, "include": ["src/**/*.ts", "vitest.config.ts"] }\n`,
    'vitest.config.ts': `import { defineConfig } from 'vitest/config';

// Node tests start Temporal's time-skipping server and bundle workflow code: give them time.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } });
`,
    'src/index.ts': `/**
 * Workflow code of the package: node definitions only. It is bundled into Temporal workflows, so
 * no Node.js built-ins, no network, no \`process\` here (start refuses the package otherwise); the
 * work happens in src/activities.ts.
 */
import { defineActionNode, fields, z } from '@trackway/nodes';

export const ${node} = defineActionNode({
  type: '${name}',
  version: 1,
  palette: {
    title: '${title(name)}',
    icon: 'layers',
    description: 'Sends a message to an HTTP API and hands its reply to the next steps.',
  },
  config: z.object({
    url: z.url({ protocol: /^https?$/, error: 'enter an http(s) URL' }),
    /** The API token, stored with the secrets API: { "secret": "<name>" }. */
    token: fields.secret(),
    /** A template, e.g. "Hello {{ input.name }}". */
    message: fields.template({ min: 1, message: 'what should be sent?' }),
  }),
  // What later steps read as steps.<id>.reply (and the builder offers in autocompletion).
  output: z.object({ reply: z.string() }),
  activity: { timeoutMs: 10_000, retry: { maximumAttempts: 3 } },
});

export const nodes = [${node}];
`,
    'src/activities.ts': `/** The activity side: runs in the worker (Node.js), may do I/O. Never imported by src/index.ts. */
import { implementAction } from '@trackway/nodes/activity';
import { ${node} } from './index.ts';

export const activities = [
  implementAction(${node}, async (input, ctx) => {
    const token = await ctx.secrets.get(input.token);
    const response = await ctx.http.request(input.url, {
      method: 'POST',
      headers: { authorization: \`Bearer \${token}\`, 'content-type': 'application/json', 'idempotency-key': ctx.idempotencyKey },
      body: JSON.stringify({ message: input.message }),
    });
    // Thrown errors are retried by the node's policy; ctx.fail is final.
    if (response.status >= 500) throw new Error(\`the service is unavailable (HTTP \${response.status})\`);
    if (response.status !== 200) return ctx.fail(\`the service refused the message (HTTP \${response.status})\`);
    const body = response.json() as { reply?: unknown };
    return { reply: String(body.reply ?? '') };
  }),
];
`,
    'src/testing/fake-api.ts': `import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

/**
 * A stand-in for the real API, for the test and for trying the node in a flow: POST a JSON
 * { message } with the right bearer token, get { reply: "echo: <message>" }.
 */
export async function startFakeApi(options: { token: string; port?: number }) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.headers.authorization !== \`Bearer \${options.token}\`) return res.writeHead(401).end();
      const { message } = JSON.parse(body || '{}') as { message?: string };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ reply: \`echo: \${message ?? ''}\` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const host = \`127.0.0.1:\${(server.address() as AddressInfo).port}\`;
  return { host, url: \`http://\${host}/messages\`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// \`npm run fake-api -w @trackway-nodes/${name}\`: serves on port 4020 (FAKE_API_PORT) with the token "dev-token" (FAKE_API_TOKEN).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const api = await startFakeApi({ token: process.env.FAKE_API_TOKEN ?? 'dev-token', port: Number(process.env.FAKE_API_PORT ?? 4020) });
  console.log(\`Fake API at \${api.url}; Ctrl+C stops it.\`);
}
`,
    [`src/${name}.test.ts`]: `import { createNodeHarness, type NodeHarness } from '@trackway/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeApi } from './testing/fake-api.ts';

/** The node alone on Temporal's time-skipping server, against a fake API on this machine. */
let api: Awaited<ReturnType<typeof startFakeApi>>;
let harness: NodeHarness;

beforeAll(async () => {
  api = await startFakeApi({ token: 'test-token' });
  harness = await createNodeHarness({
    package: new URL('..', import.meta.url),
    secrets: { 'api-token': 'test-token', 'wrong-token': 'not-the-token' },
    // Local addresses are refused by the SSRF guard unless allowlisted.
    allowHosts: [api.host],
  });
});

afterAll(async () => {
  await harness?.close();
  await api?.close();
});

describe('${name}', () => {
  it('sends the rendered message and hands on the reply', async () => {
    const run = await harness.run({
      type: '${name}',
      config: { url: api.url, token: { secret: 'api-token' }, message: 'Hello {{ input.name }}' },
      input: { name: 'Ada' },
    });
    expect(run.port).toBe('next');
    expect(run.output).toEqual({ reply: 'echo: Hello Ada' });
    expect(run.activityCalls.map((c) => c.name)).toEqual(['node:${name}']);
  });

  it('fails into the error port when the token is refused', async () => {
    const run = await harness.run({ type: '${name}', config: { url: api.url, token: { secret: 'wrong-token' }, message: 'Hi' } });
    expect(run.port).toBe('error');
    expect(run.error).toContain('HTTP 401');
  });
});
`,
    'README.md': `# ${title(name)}

A Trackway node package (node type \`${name}\`): sends a message to an HTTP API with a token stored
as a secret, and hands the reply to later steps as \`steps.<id>.reply\`.

- \`src/index.ts\`: the node definition (config form, output, ports, timeout and retries). Workflow
  code: no Node.js built-ins or I/O.
- \`src/activities.ts\`: what the node does, in the worker (HTTP through \`ctx.http\`, secrets through
  \`ctx.secrets\`, logs through \`ctx.log\`).
- \`src/${name}.test.ts\`: runs the node on Temporal's time-skipping server against
  \`src/testing/fake-api.ts\`, a fake of the API (also \`npm run fake-api -w @trackway-nodes/${name}\`
  to try the node in a flow).

\`\`\`sh
npm test -w @trackway-nodes/${name}    # or: npx vitest run --root nodes/${name}
\`\`\`

The platform loads every package in \`nodes/\` at start. See docs/custom-nodes.md.
`,
  };
}
