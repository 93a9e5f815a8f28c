import fs from 'node:fs';
import path from 'node:path';
import type { NodePackageProblem } from './errors.ts';
import type { NodePackageRef } from './discover.ts';

/** What a node package's package.json says about it. */
export interface NodePackageManifest {
  readonly name: string;
  readonly dir: string;
  readonly label: string;
  /** `exports["."]`: the node definitions, bundled into workflows (no Node built-ins). */
  readonly workflowEntry: string;
  /** `exports["./activities"]`: the action implementations, loaded by the worker only. */
  readonly activitiesEntry?: string;
}

type ExportTarget = string | { readonly import?: ExportTarget; readonly default?: ExportTarget } | null | undefined;

/** The file an export points at: a string, or an `import` / `default` condition. */
function targetOf(value: ExportTarget): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return targetOf(value.import) ?? targetOf(value.default);
  return undefined;
}

export function readManifest(ref: NodePackageRef): NodePackageManifest | NodePackageProblem {
  const problem = (message: string, rule: NodePackageProblem['rule'] = 'package-json', name = ref.label): NodePackageProblem => ({
    package: name,
    dir: ref.label,
    rule,
    message,
  });
  const file = path.join(ref.dir, 'package.json');
  if (!fs.existsSync(file)) return problem('the folder has no package.json (every folder in nodes/ must be a node package).');
  let json: { name?: unknown; exports?: unknown };
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof json;
  } catch (error) {
    return problem(`package.json is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json.name !== 'string' || json.name === '') return problem('package.json has no "name".');
  const name = json.name;
  const exportsField = json.exports as Record<string, ExportTarget> | string | undefined;
  const main = typeof exportsField === 'string' ? exportsField : targetOf(exportsField?.['.']);
  if (!main) {
    return problem(
      'package.json must export the node definitions as "." (e.g. "exports": { ".": "./src/index.ts", "./activities": "./src/activities.ts" }).',
      'entry',
      name,
    );
  }
  const activities = typeof exportsField === 'object' ? targetOf(exportsField['./activities']) : undefined;
  const workflowEntry = path.resolve(ref.dir, main);
  if (!fs.existsSync(workflowEntry)) return problem(`exports["."] names ${main}, which does not exist.`, 'entry', name);
  const activitiesEntry = activities ? path.resolve(ref.dir, activities) : undefined;
  if (activitiesEntry && !fs.existsSync(activitiesEntry))
    return problem(`exports["./activities"] names ${activities}, which does not exist.`, 'entry', name);
  return { name, dir: ref.dir, label: ref.label, workflowEntry, ...(activitiesEntry ? { activitiesEntry } : {}) };
}
