/**
 * `npm run create-node -- <name> [--dir <folder>]`: a new node package in nodes/<name> (or
 * <folder>/<name>) with one action node, its activity, a passing test and a README.
 */
import fs from 'node:fs';
import path from 'node:path';
import { nodePackageFiles } from './create-node/templates.ts';
import { fail } from './lib/log.ts';
import { fromRoot } from './lib/paths.ts';

const NAME = /^[a-z][a-z0-9-]{1,62}$/;

export function createNodePackage(name: string, folder = fromRoot('nodes')): string {
  if (!NAME.test(name) || name.endsWith('-')) {
    throw new Error(
      `"${name}" cannot name a node type: use 2-63 lower-case letters, digits and "-", starting with a letter (e.g. ticket-sync).`,
    );
  }
  const dir = path.resolve(folder, name);
  if (fs.existsSync(dir)) throw new Error(`${path.relative(process.cwd(), dir) || dir} already exists; choose another name or remove it.`);
  const tsconfig = path.relative(dir, fromRoot('tsconfig.json')).split(path.sep).join('/');
  for (const [file, text] of Object.entries(nodePackageFiles({ name, tsconfig }))) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function main(): void {
  const args = process.argv.slice(2);
  const at = args.indexOf('--dir');
  const folder = at >= 0 ? args[at + 1] : undefined;
  const name = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1))[0];
  if (!name || (at >= 0 && !folder))
    fail('create-node', 'no name given', 'run `npm run create-node -- <name>`, e.g. `npm run create-node -- ticket-sync`');
  try {
    const dir = createNodePackage(name, folder ? path.resolve(folder) : undefined);
    const shown = path.relative(process.cwd(), dir) || dir;
    console.log(`✓ Created ${shown}/ (node type "${name}")`);
    console.log(`  Test it:   npx vitest run --root ${shown}`);
    console.log('  Use it:    npm start   (every package in nodes/ is loaded; see docs/custom-nodes.md)');
  } catch (error) {
    fail('create-node', (error as Error).message, 'see docs/custom-nodes.md');
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(fromRoot('scripts', 'create-node.ts'))) main();
