/**
 * Config migrations between versions of a node type. A migration is a pure function from a config
 * saved with `fromVersion` to the shape of the next version; the chain brings any saved version
 * up to the latest. Pure matters: the same function runs in the API (when a flow is validated and
 * published) and inside workflows (when a run pinned to an old version meets today's node).
 */
export interface NodeMigration {
  /** The version whose configs this migration upgrades (to `fromVersion + 1`). */
  readonly fromVersion: number;
  migrate(config: Record<string, unknown>): Record<string, unknown>;
}

/** The migrations a node type declares, checked: one per version, from some version up to the one before the latest. */
export function migrationProblems(version: number, migrations: readonly NodeMigration[]): string[] {
  const problems: string[] = [];
  const from = migrations.map((m) => m.fromVersion);
  for (const m of migrations) {
    if (!Number.isInteger(m.fromVersion) || m.fromVersion < 1 || m.fromVersion >= version) {
      problems.push(`migration fromVersion ${String(m.fromVersion)} must be a whole number from 1 to ${version - 1}`);
    }
    if (typeof m.migrate !== 'function') problems.push(`migration from version ${String(m.fromVersion)} has no migrate function`);
  }
  if (new Set(from).size !== from.length) problems.push('two migrations share a fromVersion');
  if (problems.length === 0 && from.length > 0) {
    const lowest = Math.min(...from);
    for (let v = lowest; v < version; v++) {
      if (!from.includes(v)) problems.push(`no migration from version ${v} (the chain from ${lowest} to ${version} has a gap)`);
    }
  }
  return problems;
}

/**
 * Upgrades a config saved with `fromVersion` to `latest`; undefined when there is no migration
 * from that version. A migration that throws or returns something other than an object throws.
 */
export function migrateConfig(
  migrations: readonly NodeMigration[],
  latest: number,
  fromVersion: number,
  config: unknown,
): Record<string, unknown> | undefined {
  if (fromVersion >= latest || !migrations.some((m) => m.fromVersion === fromVersion)) return undefined;
  let current = copy(config);
  for (const m of [...migrations].filter((m) => m.fromVersion >= fromVersion).sort((a, b) => a.fromVersion - b.fromVersion)) {
    const next = m.migrate(current);
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new Error(`the migration from version ${m.fromVersion} did not return a config object`);
    }
    current = next;
  }
  return current;
}

/** Migrations get their own copy: the saved draft and the pinned plan must never change under them. */
function copy(config: unknown): Record<string, unknown> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return {};
  return JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
}
