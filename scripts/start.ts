/**
 * `npm start`: the whole platform on embedded defaults — Postgres, Temporal dev server (state
 * under .data/), worker, API serving the builder app, seeded demo data — then waits for Ctrl+C
 * and shuts down cleanly.
 * Safe to run again: data is reused, seeding only adds what is missing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../apps/runtime/src/config.ts';
import { createPrisma } from '../apps/runtime/src/db/client.ts';
import { mergeCredentials, parseCredentials } from '../apps/runtime/src/demo/credentials.ts';
import { seedDemo } from '../apps/runtime/src/demo/seed.ts';
import { seedPackageDemoFlows } from '../apps/runtime/src/node-packages/demo.ts';
import { NodePackagesError } from '../apps/runtime/src/node-packages/errors.ts';
import { loadNodePackages } from '../apps/runtime/src/node-packages/load.ts';
import { devSecretsKey } from '../apps/runtime/src/secrets/dev-key.ts';
import { startPlatform } from '../apps/runtime/src/platform.ts';
import { ensureBuilderBuilt } from './lib/builder.ts';
import { failFromError, info, step } from './lib/log.ts';
import { fromRoot } from './lib/paths.ts';
import { provision } from './provision.ts';
import { startDevServer, type DevServer } from './lib/temporal-server.ts';

const TEMPORAL_PORT = Number(process.env.TRACKWAY_TEMPORAL_PORT ?? 7233);
const TEMPORAL_UI_PORT = Number(process.env.TRACKWAY_TEMPORAL_UI_PORT ?? 8233);

async function main() {
  // First: a broken node package stops start with what to fix, before anything is started or seeded.
  const loadingNodes = step('Node packages');
  const nodes = await loadNodePackages();
  loadingNodes(nodes.packages.length > 0 ? nodes.packages.map((p) => p.name).join(', ') : 'none in nodes/');
  const provisioned = await provision({});
  let temporal: DevServer | undefined;
  if (!process.env.TEMPORAL_ADDRESS) {
    const done = step('Temporal dev server');
    mkdirSync(fromRoot('.data'), { recursive: true });
    temporal = await startDevServer({
      cli: provisioned.temporal.cli,
      dbFile: fromRoot('.data', 'temporal.db'),
      port: TEMPORAL_PORT,
      uiPort: TEMPORAL_UI_PORT,
      logFile: fromRoot('.data', 'temporal.log'),
    });
    process.env.TEMPORAL_ADDRESS = temporal.address;
    done(temporal.address);
  }
  const config = loadConfig({ ...process.env, DATABASE_URL: provisioned.databaseUrl });

  if (!process.env.TRACKWAY_SECRETS_KEY) {
    // Named secrets need a key; locally one is generated once and kept beside the data.
    const dev = devSecretsKey(fromRoot('.data'));
    process.env.TRACKWAY_SECRETS_KEY = dev.key;
    if (dev.created) info('Generated the secrets key .data/secrets.key (production sets TRACKWAY_SECRETS_KEY).');
  }

  const seeding = step('Demo data');
  const db = createPrisma(provisioned.databaseUrl);
  const seeded = await seedDemo(db);
  await seedPackageDemoFlows(db, nodes);
  await db.$disconnect();
  const fresh = [...seeded.newTokens, ...seeded.newPasswords];
  if (fresh.length > 0) {
    // Shown once; only hashes are stored. Kept locally (git-ignored) so a developer can find them
    // again: merged into what an earlier start saved, so no token or password is lost.
    const file = fromRoot('.data', 'demo-tokens.json');
    const saved = parseCredentials(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    mkdirSync(fromRoot('.data'), { recursive: true });
    writeFileSync(file, JSON.stringify(mergeCredentials(saved, fresh), null, 2), { mode: 0o600 });
  }
  seeding(
    seeded.newTokens.some((t) => t.email.includes('@'))
      ? `${seeded.newTokens.filter((t) => t.email.includes('@')).length} demo accounts created`
      : seeded.newPasswords.length > 0
        ? `passwords set for ${seeded.newPasswords.length} demo accounts`
        : 'already there',
  );

  // The API serves the builder app from apps/builder/dist (rebuilt only when its sources changed).
  const builder = await ensureBuilderBuilt();
  process.env.TRACKWAY_BUILDER_DIR = builder.dir;

  const booting = step('Worker and API');
  const platform = await startPlatform(config, (line) => console.error(line), { nodes });
  booting(platform.api.url);

  console.log('\nTrackway is running.');
  console.log(`  Builder      ${platform.api.url}/   (sign in with an e-mail and password below)`);
  console.log(`  API          ${platform.api.url}/trpc   (health: ${platform.api.url}/healthz)`);
  if (temporal) console.log(`  Temporal UI  ${temporal.uiUrl}`);
  const shown = mergeCredentials([], fresh);
  for (const { email, password, token } of shown) {
    console.log(`  ${email.padEnd(26)}${password ? ` password ${password}` : ''}${token ? `  token ${token}` : ''}`);
  }
  if (fresh.length === 0) info('Demo passwords and tokens were printed on first start and are kept in .data/demo-tokens.json.');
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await platform.stop();
    await temporal?.stop();
    await provisioned.stopPostgres();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  // A broken node package is its author's to fix: the message names it and the rule; a stack trace would not help.
  if (error instanceof NodePackagesError) {
    console.error(`✗ start: ${error.message}`);
    process.exit(1);
  }
  failFromError(error, 'start');
});
