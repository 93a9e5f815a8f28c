import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forbiddenGlobals } from './determinism.ts';
import { NodePackagesError, type NodePackageProblem } from './errors.ts';
import { loadNodePackages, REPO_ROOT } from './load.ts';

/**
 * The rules a node package must pass before start accepts it. Packages are written to a scratch
 * folder inside the repository (so they resolve @trackway/nodes like a package in nodes/ does).
 */
const scratch = path.join(REPO_ROOT, '.data', 'test-node-packages', randomUUID());
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const PACKAGE_JSON = (name: string, activities = true) =>
  JSON.stringify({
    name,
    type: 'module',
    exports: { '.': './src/index.ts', ...(activities ? { './activities': './src/activities.ts' } : {}) },
  });

const ACTION_NODE = (type: string) => `
import { defineActionNode, fields, z } from '@trackway/nodes';
export const node = defineActionNode({
  type: '${type}', version: 1,
  palette: { title: 'T', icon: 'layers', description: 'd' },
  config: z.object({ text: fields.template() }),
  activity: { timeoutMs: 1000 },
});
export const nodes = [node];
`;
const ACTIVITIES = `
import { implementAction } from '@trackway/nodes/activity';
import { node } from './index.ts';
export const activities = [implementAction(node, async (input) => ({ echoed: input.text }))];
`;

function writePackage(files: Record<string, string>): string {
  const dir = path.join(scratch, randomUUID().slice(0, 8));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

async function problems(files: Record<string, string>): Promise<NodePackageProblem[]> {
  const error = await loadNodePackages({ dirs: [writePackage(files)] }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NodePackagesError);
  return [...(error as NodePackagesError).problems];
}

describe('loading node packages', () => {
  it('loads a valid package: its nodes join the built-in ones, its activity is implemented', async () => {
    const dir = writePackage({
      'package.json': PACKAGE_JSON('@t/echo'),
      'src/index.ts': ACTION_NODE('echo-text'),
      'src/activities.ts': ACTIVITIES,
    });
    const loaded = await loadNodePackages({ dirs: [dir] });
    expect(loaded.registry.get('echo-text', 1)?.palette.title).toBe('T');
    expect(loaded.registry.get('notify', 1)).toBeDefined();
    expect(loaded.implementations.map((i) => i.node.action.activity)).toEqual(['node:echo-text']);
  });

  it('refuses workflow code that imports a Node.js built-in, naming the package, the file and the rule', async () => {
    const found = await problems({
      'package.json': PACKAGE_JSON('@t/reads-files'),
      'src/index.ts': `import { readFileSync } from 'node:fs';\nexport const template = () => readFileSync('/etc/hosts', 'utf8');\n${ACTION_NODE('reads-files')}`,
      'src/activities.ts': ACTIVITIES,
    });
    expect(found).toEqual([
      expect.objectContaining({
        package: '@t/reads-files',
        rule: 'workflow-determinism',
        message: expect.stringContaining('src/index.ts imports "node:fs", a Node.js built-in'),
      }),
    ]);
    const message = new NodePackagesError(found).message;
    expect(message).toContain('@t/reads-files');
    expect(message).toContain('[workflow-determinism]');
  });

  it('follows imports: a helper that starts processes, or workflow code that imports the activities, is found with its chain', async () => {
    const found = await problems({
      'package.json': PACKAGE_JSON('@t/indirect'),
      'src/index.ts': `import './helper.ts';\nimport './activities.ts';\n${ACTION_NODE('indirect')}`,
      'src/helper.ts': `import { execSync } from 'child_process';\nexport const run = () => execSync('ls');\n`,
      'src/activities.ts': ACTIVITIES,
    });
    const messages = found.map((p) => p.message).join('\n');
    expect(messages).toContain(
      'src/helper.ts (reached from the workflow entry through src/index.ts -> src/helper.ts) imports "child_process"',
    );
    expect(messages).toContain(
      'src/activities.ts (reached from the workflow entry through src/index.ts -> src/activities.ts) imports "@trackway/nodes/activity", which does I/O',
    );
  });

  it('refuses process, require and fetch in workflow code, with the line', async () => {
    const found = await problems({
      'package.json': PACKAGE_JSON('@t/globals'),
      'src/index.ts': `${ACTION_NODE('globals')}\nexport const mode = process.env.MODE;\nexport const load = () => fetch('https://example.com');\n`,
      'src/activities.ts': ACTIVITIES,
    });
    expect(found.map((p) => p.message)).toEqual([
      expect.stringMatching(/^src\/index\.ts:11 uses `process`/),
      expect.stringMatching(/^src\/index\.ts:12 uses `fetch`: network I\/O/),
    ]);
  });

  it('finds globals in value positions only', () => {
    const source = `
      const fetch = (u: string) => u;          // a local of that name is not the global
      fetch('x');
      type P = NodeJS.Process;                  // types are fine
      const o = { process: 1, Buffer: 2 };      // property names are fine
      o.process;
      globalThis.require('x');                  // reaching the global object is not
      let b: Buffer;
    `;
    expect(forbiddenGlobals('x.ts', source)).toEqual([{ name: 'require', line: 7 }]);
  });

  it('requires the nodes export, and an implementation for every action node', async () => {
    expect(await problems({ 'package.json': PACKAGE_JSON('@t/empty', false), 'src/index.ts': 'export const node = 1;\n' })).toEqual([
      expect.objectContaining({ rule: 'nodes-export', message: expect.stringContaining('must export `nodes`') }),
    ]);
    expect(await problems({ 'package.json': PACKAGE_JSON('@t/no-activities', false), 'src/index.ts': ACTION_NODE('lonely') })).toEqual([
      expect.objectContaining({ rule: 'activities', message: expect.stringContaining('"lonely" need an activity') }),
    ]);
    expect(
      await problems({
        'package.json': PACKAGE_JSON('@t/unimplemented'),
        'src/index.ts': ACTION_NODE('unimplemented'),
        'src/activities.ts': 'export const activities = [];',
      }),
    ).toEqual([expect.objectContaining({ rule: 'activities', message: expect.stringContaining('"unimplemented" has no implementation') })]);
  });

  it('refuses a type that is already taken (here by a built-in node)', async () => {
    expect(
      await problems({ 'package.json': PACKAGE_JSON('@t/clash'), 'src/index.ts': ACTION_NODE('notify'), 'src/activities.ts': ACTIVITIES }),
    ).toEqual([
      expect.objectContaining({ rule: 'duplicate-type', message: 'node type "notify" is already defined by the built-in nodes.' }),
    ]);
  });

  it('requires a workflow-side node with migrations to keep its old versions', async () => {
    const found = await problems({
      'package.json': PACKAGE_JSON('@t/advanced', false),
      'src/index.ts': `
import { defineNode, z } from '@trackway/nodes';
export const nodes = [defineNode({
  type: 'pause-twice', version: 2,
  palette: { title: 'P', category: 'Time', icon: 'clock', description: 'd' },
  config: z.object({ ms: z.number() }),
  outputs: [{ name: 'next', required: true }],
  migrations: [{ fromVersion: 1, migrate: (c) => ({ ms: Number(c.seconds) * 1000 }) }],
  async execute(ctx) { await ctx.sleep(ctx.config.ms); return { port: 'next' }; },
})];
`,
    });
    expect(found).toEqual([
      expect.objectContaining({ rule: 'versions', message: expect.stringContaining('version 1 is no longer exported') }),
    ]);
  });

  it('names a package that fails to load, and a folder that is no package', async () => {
    expect(
      await problems({
        'package.json': PACKAGE_JSON('@t/throws', false),
        'src/index.ts': `${ACTION_NODE('throws')}\nthrow new Error('boom at import');\n`,
      }),
    ).toEqual([expect.objectContaining({ rule: 'load', message: expect.stringContaining('boom at import') })]);
    expect(await problems({ 'README.md': 'not a package' })).toEqual([expect.objectContaining({ rule: 'package-json' })]);
  });
});
