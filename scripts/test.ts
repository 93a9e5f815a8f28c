/**
 * `npm test`: provisions what the tests need (Temporal binaries, Postgres, migrations), then runs
 * lint, type-check and every test (unit and integration) in one vitest run, then the browser
 * journey (Playwright, in the system's Chromium) against the built builder app.
 */
import { spawnSync } from 'node:child_process';
import { ensureBuilderBuilt } from './lib/builder.ts';
import { failFromError, step } from './lib/log.ts';
import { repoRoot } from './lib/paths.ts';
import { provision } from './provision.ts';

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const done = step(label);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env });
  if (result.status === 0) done();
  return result.status ?? 1;
}

async function main() {
  const provisioned = await provision({});
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TRACKWAY_TEST_PG_URL: provisioned.serverUrl,
    TEMPORAL_CLI_PATH: provisioned.temporal.cli,
    TEMPORAL_TEST_SERVER_PATH: provisioned.temporal.testServer,
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
  };
  const extra = process.argv.slice(2);
  // Every check runs even when an earlier one fails, so one run shows everything that is wrong.
  const checks =
    extra.length > 0
      ? []
      : [
          run('Lint', 'npx', ['eslint', '.', '--max-warnings=0'], env),
          run('Format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn'], env),
          run('Type-check', 'npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only'], env),
          run('Type-check scripts', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], env),
        ];
  const status = checks.find((code) => code !== 0) ?? 0;
  const tests = run('Tests', 'npx', ['vitest', 'run', ...extra], env);
  let browser = 0;
  if (extra.length === 0) {
    await ensureBuilderBuilt();
    // Playwright's list reporter ends with its summary ("1 passed (40s)"); screenshots and traces go to test-results/.
    browser = run('Browser journey (Playwright)', 'npx', ['playwright', 'test'], env);
    console.log(
      browser === 0
        ? '  Browser journey passed; screenshots in test-results/screenshots/'
        : '  Browser journey failed; see test-results/e2e/ for traces and screenshots',
    );
  }
  await provisioned.stopPostgres();
  process.exit(status || tests || browser);
}

main().catch((error: unknown) => failFromError(error, 'test'));
