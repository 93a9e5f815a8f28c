import fs from 'node:fs';
import path from 'node:path';
import type { NodePackageProblem } from './errors.ts';

/** Where node packages come from: every folder in `<root>/nodes/`, and each entry of TRACKWAY_NODE_PACKAGES. */
export const NODE_PACKAGES_ENV = 'TRACKWAY_NODE_PACKAGES';

export interface NodePackageRef {
  readonly dir: string;
  /** How the operator named it: `nodes/<folder>`, or the TRACKWAY_NODE_PACKAGES entry. */
  readonly label: string;
}

export interface DiscoverOptions {
  /** The repository (or installation) root: `nodes/` and package names are resolved from here. */
  readonly root: string;
  /** TRACKWAY_NODE_PACKAGES: comma-separated package names (from `<root>/node_modules`) or folder paths. */
  readonly listed?: string;
  /** Scan `<root>/nodes/` (default true). */
  readonly scanNodesFolder?: boolean;
}

export function discoverNodePackages(options: DiscoverOptions): { refs: NodePackageRef[]; problems: NodePackageProblem[] } {
  const refs: NodePackageRef[] = [];
  const problems: NodePackageProblem[] = [];
  const folder = path.join(options.root, 'nodes');
  if (options.scanNodesFolder !== false && fs.existsSync(folder)) {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      // Hidden folders are scratch space (editors, tools), not packages.
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      refs.push({ dir: path.join(folder, entry.name), label: `nodes/${entry.name}` });
    }
  }
  for (const item of (options.listed ?? '').split(',').map((s) => s.trim())) {
    if (item === '') continue;
    const isPath = item.startsWith('.') || path.isAbsolute(item);
    const dir = isPath ? path.resolve(options.root, item) : path.join(options.root, 'node_modules', item);
    if (!fs.existsSync(path.join(dir, 'package.json'))) {
      problems.push({
        package: item,
        dir: item,
        rule: 'package-json',
        message: isPath
          ? `${NODE_PACKAGES_ENV} lists ${item}, but ${dir} has no package.json.`
          : `${NODE_PACKAGES_ENV} lists ${item}, but it is not installed (no ${path.relative(options.root, dir)}/package.json); npm install it first.`,
      });
      continue;
    }
    refs.push({ dir, label: item });
  }
  // A package listed in the env var and also in nodes/ loads once.
  const seen = new Set<string>();
  const unique = refs.filter((r) => {
    const real = fs.realpathSync(r.dir);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
  return { refs: unique, problems };
}
