// `prisma generate`, offline and idempotent. Output: apps/runtime/src/generated/prisma (git-ignored).
//
// Prisma 7's CLI downloads its native schema engine before every command, which fails offline —
// but `generate` never uses that engine: naming any existing file in PRISMA_SCHEMA_ENGINE_BINARY
// satisfies the check. A stamp file skips regeneration while schema + Prisma version are unchanged.
//
//   npx tsx scripts/prisma-generate.ts [--force] [--quiet]
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exec, tail } from './lib/exec.ts';
import { failFromError, ProvisionError, setQuiet, step } from './lib/log.ts';
import { fromRoot } from './lib/paths.ts';

export const schemaPath = fromRoot('prisma', 'schema.prisma');
export const generatedDir = fromRoot('apps', 'runtime', 'src', 'generated', 'prisma');
const stampFile = path.join(generatedDir, '.generated-from');

/** prisma is a devDependency of apps/runtime; resolve it from there (works hoisted or not). */
function prismaPackageDir(): string {
  const require = createRequire(fromRoot('apps', 'runtime', 'package.json'));
  return path.dirname(require.resolve('prisma/package.json'));
}

function fingerprint(prismaDir: string): string {
  const version = (JSON.parse(fs.readFileSync(path.join(prismaDir, 'package.json'), 'utf8')) as { version: string }).version;
  const config = fs.existsSync(fromRoot('prisma.config.ts')) ? fs.readFileSync(fromRoot('prisma.config.ts'), 'utf8') : '';
  return createHash('sha256')
    .update(`${version}\0${fs.readFileSync(schemaPath, 'utf8')}\0${config}`)
    .digest('hex');
}

export async function generatePrismaClient(opts: { force?: boolean } = {}): Promise<{ skipped: boolean }> {
  const prismaDir = prismaPackageDir();
  const wanted = fingerprint(prismaDir);
  const client = path.join(generatedDir, 'client.ts');
  if (!opts.force && fs.existsSync(client) && readStamp() === wanted) return { skipped: true };

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Any existing file will do (see above); keep a user's real engine if they configured one.
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    // No telemetry/update check: offline it would only add a network timeout.
    CHECKPOINT_DISABLE: '1',
  };
  const result = await exec(process.execPath, [path.join(prismaDir, 'build', 'index.js'), 'generate', '--schema', schemaPath], {
    cwd: fromRoot(),
    env,
    timeoutMs: 180_000,
  });
  if (result.code !== 0 || !fs.existsSync(client)) {
    throw new ProvisionError(
      'prisma generate',
      `generating the Prisma client from prisma/schema.prisma failed${result.spawnError ? ` (${result.spawnError.message})` : ''}`,
      'fix the schema error shown above, then run npx tsx scripts/prisma-generate.ts',
      tail(result.output, 30),
    );
  }
  fs.writeFileSync(stampFile, `${wanted}\n`);
  return { skipped: false };
}

function readStamp(): string | undefined {
  try {
    return fs.readFileSync(stampFile, 'utf8').trim();
  } catch {
    return undefined;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  if (args.includes('--quiet')) setQuiet(true);
  const done = step('prisma generate');
  generatePrismaClient({ force: args.includes('--force') })
    .then(({ skipped }) => done(skipped ? 'up to date' : '→ apps/runtime/src/generated/prisma'))
    .catch((error: unknown) => failFromError(error, 'prisma generate'));
}
