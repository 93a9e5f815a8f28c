// Plain Node (no dependencies yet): makes `npm start` / `npm test` work on a fresh clone by
// installing npm dependencies when they are missing or older than the lock file, then hands over
// to the TypeScript script named on the command line.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [script, ...args] = process.argv.slice(2);
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('▸ Installing npm dependencies (first run or lock file changed)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('✗ npm: installing dependencies failed — check network access to the npm registry and run `npm install`');
    process.exit(result.status ?? 1);
  }
}
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const result = spawnSync(tsx, [path.join(root, 'scripts', script), ...args], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
