// Builds the builder app (apps/builder -> apps/builder/dist) when its sources changed since the
// last build, so `npm start` and `npm test` serve a current app without rebuilding every time.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exec, tail } from './exec.ts';
import { withFileLock } from './fs-lock.ts';
import { ProvisionError, step } from './log.ts';
import { fromRoot } from './paths.ts';

export const BUILDER_DIR = fromRoot('apps', 'builder');
export const BUILDER_DIST = path.join(BUILDER_DIR, 'dist');
const STAMP = path.join(BUILDER_DIST, '.build-stamp');

/** Everything that ends up in the bundle: the app, the flow language and node packages, the lock file. */
const INPUTS = [
  'apps/builder/src',
  'apps/builder/index.html',
  'apps/builder/vite.config.ts',
  'apps/builder/package.json',
  'packages/schema/src',
  'packages/nodes/src',
  'nodes',
  'package-lock.json',
];

function listFiles(entry: string, out: string[]): void {
  if (!existsSync(entry)) return;
  if (statSync(entry).isFile()) {
    out.push(entry);
    return;
  }
  for (const name of readdirSync(entry).sort()) {
    if (name === 'node_modules' || /\.test\.tsx?$/.test(name)) continue;
    listFiles(path.join(entry, name), out);
  }
}

export function builderSourceHash(): string {
  const hash = createHash('sha256');
  const files: string[] = [];
  for (const input of INPUTS) listFiles(fromRoot(input), files);
  for (const file of files) {
    hash.update(path.relative(fromRoot(), file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Builds apps/builder/dist unless it is current; prints one progress line either way. */
export async function ensureBuilderBuilt(): Promise<{ dir: string; built: boolean }> {
  return withFileLock(fromRoot('.data', 'locks', 'builder-build'), async () => {
    const done = step('Builder app');
    const hash = builderSourceHash();
    const index = path.join(BUILDER_DIST, 'index.html');
    if (existsSync(index) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash) {
      done('up to date');
      return { dir: BUILDER_DIST, built: false };
    }
    const vite = fromRoot('node_modules', '.bin', process.platform === 'win32' ? 'vite.cmd' : 'vite');
    const result = await exec(vite, ['build', '--logLevel', 'warn'], { cwd: BUILDER_DIR, timeoutMs: 10 * 60_000 });
    if (result.code !== 0) {
      throw new ProvisionError(
        'builder',
        'building the builder app failed',
        'run `npx vite build` in apps/builder to see why',
        tail(result.output, 40),
      );
    }
    writeFileSync(STAMP, `${hash}\n`);
    done('built into apps/builder/dist');
    return { dir: BUILDER_DIST, built: true };
  });
}
