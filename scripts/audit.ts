/**
 * Audit log maintenance, against DATABASE_URL or the embedded Postgres (started if needed):
 *
 *   npm run audit:verify          recompute the hash chain; exit 1 and name the first broken link
 *   npm run audit:redact          redact payloads older than TRACKWAY_AUDIT_PAYLOAD_RETENTION_DAYS
 *   npm run audit:redact -- --days 365
 *
 * See docs/audit.md.
 */
import { redactOldPayloads, RETENTION_ENV, retentionDaysFromEnv, verifyChain } from '../apps/runtime/src/audit/index.ts';
import { createPrisma } from '../apps/runtime/src/db/client.ts';
import { fail, failFromError, ProvisionError } from './lib/log.ts';
import { ensurePostgres, redact } from './lib/postgres.ts';

function daysFromArgs(args: string[]): number | undefined {
  const index = args.indexOf('--days');
  if (index === -1) return retentionDaysFromEnv();
  const raw = args[index + 1] ?? '';
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new ProvisionError('audit', `--days ${raw} is not a number of days`, 'give a whole number from 1, e.g. --days 365');
  return Number(raw);
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (command !== 'verify' && command !== 'redact') {
    fail('audit', `unknown command ${command ?? '(none)'}`, 'use `npm run audit:verify` or `npm run audit:redact [-- --days N]`');
  }
  const days = command === 'redact' ? daysFromArgs(args) : undefined;
  if (command === 'redact' && days === undefined) {
    fail('audit', `no retention configured`, `set ${RETENTION_ENV} (days) or pass --days N`);
  }
  const postgres = await ensurePostgres();
  const db = createPrisma(postgres.url);
  let exitCode = 0;
  try {
    if (command === 'verify') {
      console.log(`Verifying the audit chain in ${redact(postgres.url)}…`);
      const check = await verifyChain(db);
      if (check.ok) {
        console.log(
          `✓ audit chain intact: ${check.count} entries${check.redacted ? ` (${check.redacted} payloads redacted by retention)` : ''}`,
        );
        console.log(`  head: entry ${check.headSeq ?? '-'} ${check.headHash}`);
      } else {
        console.error(`✗ ${check.message}`);
        console.error(`  ${check.count} entries before it verified.`);
        exitCode = 1;
      }
    } else {
      const result = await redactOldPayloads(db, days as number);
      console.log(`✓ redacted ${result.redacted} payload(s) written before ${result.before.toISOString()} (retention ${days} days)`);
    }
  } catch (error) {
    // Reading the log must not change the schema: a database never migrated is reported, not migrated.
    if ((error as { code?: unknown }).code === 'P2021') {
      throw new ProvisionError(
        'audit',
        `${redact(postgres.url)} has no audit log table`,
        'run `npm run provision` (or `npm start`) once to migrate it',
      );
    }
    throw error;
  } finally {
    await db.$disconnect();
    await postgres.stop();
  }
  process.exit(exitCode);
}

main().catch((error: unknown) => failFromError(error, 'audit'));
