import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtinNodes, createRegistry, type NodeDefinition, type NodeRegistry } from '@trackway/nodes';
import type { ActionImplementation } from '@trackway/nodes/activity';
import { checkActivityExports, checkNodeExports, type DemoFlow } from './definitions.ts';
import { checkWorkflowCode } from './determinism.ts';
import { discoverNodePackages, NODE_PACKAGES_ENV } from './discover.ts';
import { NodePackagesError, type NodePackageProblem } from './errors.ts';
import { readManifest, type NodePackageManifest } from './manifest.ts';

export interface LoadedPackage extends NodePackageManifest {
  readonly nodes: readonly NodeDefinition[];
  readonly implementations: readonly ActionImplementation[];
  readonly demoFlows: readonly DemoFlow[];
}

/** The node types of this installation: built-in plus every loaded package, and what runs them. */
export interface LoadedNodes {
  readonly packages: readonly LoadedPackage[];
  readonly registry: NodeRegistry;
  readonly implementations: readonly ActionImplementation[];
}

export interface LoadOptions {
  /** Default: the repository root (where `nodes/` lives). */
  readonly root?: string;
  /** Default: process.env.TRACKWAY_NODE_PACKAGES. */
  readonly listed?: string;
  /** Scan `<root>/nodes/` (default true). */
  readonly scanNodesFolder?: boolean;
  /** Load exactly these package folders instead of discovering (tests and the node test harness). */
  readonly dirs?: readonly string[];
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** Activities every workflow may call whatever its nodes: advanced nodes may declare these too. */
const PLATFORM_ACTIVITIES = ['calendar.get', 'notify.send', 'subflow.prepare', 'task.create', 'task.update', 'task.finish'];

/**
 * Finds and checks every node package, in this order: package.json and entries; the determinism
 * rules for the workflow code; the definitions it exports; its activities; clashes with the
 * built-in types and other packages. Throws NodePackagesError listing every problem found, so a
 * broken package stops start instead of leaving a platform that runs half its flows.
 */
export async function loadNodePackages(options: LoadOptions = {}): Promise<LoadedNodes> {
  const root = options.root ?? REPO_ROOT;
  const discovered = options.dirs
    ? { refs: options.dirs.map((dir) => ({ dir: path.resolve(dir), label: path.relative(root, path.resolve(dir)) || dir })), problems: [] }
    : discoverNodePackages({
        root,
        listed: options.listed ?? process.env[NODE_PACKAGES_ENV],
        ...(options.scanNodesFolder === undefined ? {} : { scanNodesFolder: options.scanNodesFolder }),
      });
  const problems: NodePackageProblem[] = [...discovered.problems];
  const packages: LoadedPackage[] = [];
  for (const ref of discovered.refs) {
    const manifest = readManifest(ref);
    if ('rule' in manifest) {
      problems.push(manifest);
      continue;
    }
    const loaded = await loadPackage(manifest, problems);
    if (loaded) packages.push(loaded);
  }
  checkClashes(packages, problems);
  if (problems.length > 0) throw new NodePackagesError(problems);
  const custom = packages.flatMap((p) => p.nodes);
  return {
    packages,
    registry: createRegistry([...builtinNodes, ...custom]),
    implementations: packages.flatMap((p) => p.implementations),
  };
}

async function loadPackage(pkg: NodePackageManifest, problems: NodePackageProblem[]): Promise<LoadedPackage | undefined> {
  const before = problems.length;
  // Checked before the code is ever imported: the worker bundles it into workflows.
  problems.push(...(await checkWorkflowCode(pkg)));
  if (problems.length > before) return undefined;
  const main = await importEntry(pkg, pkg.workflowEntry, problems);
  if (!main) return undefined;
  const exported = checkNodeExports(pkg, main);
  problems.push(...exported.problems);
  if (exported.problems.length > 0) return undefined;
  let activities: Record<string, unknown> | undefined;
  if (pkg.activitiesEntry) {
    activities = await importEntry(pkg, pkg.activitiesEntry, problems);
    if (!activities) return undefined;
  }
  const implemented = checkActivityExports(pkg, activities, exported.nodes);
  problems.push(...implemented.problems);
  if (implemented.problems.length > 0) return undefined;
  return { ...pkg, nodes: exported.nodes, implementations: implemented.implementations, demoFlows: exported.demoFlows };
}

async function importEntry(
  pkg: NodePackageManifest,
  file: string,
  problems: NodePackageProblem[],
): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    problems.push({
      package: pkg.name,
      dir: pkg.label,
      rule: 'load',
      message: `${path.relative(pkg.dir, file)} fails to load: ${error instanceof Error ? error.message : String(error)}`,
    });
    return undefined;
  }
}

/** A type belongs to one package: a clash with a built-in type or another package is refused. */
function checkClashes(packages: readonly LoadedPackage[], problems: NodePackageProblem[]): void {
  const owner = new Map<string, string>(builtinNodes.map((n) => [n.type, 'the built-in nodes']));
  const activities = new Set([...PLATFORM_ACTIVITIES, ...builtinNodes.flatMap((n) => (n.activity ? [n.activity.name] : []))]);
  for (const pkg of packages) for (const impl of pkg.implementations) activities.add(impl.node.action.activity);
  for (const pkg of packages) {
    for (const type of new Set(pkg.nodes.map((n) => n.type))) {
      const other = owner.get(type);
      if (other)
        problems.push({
          package: pkg.name,
          dir: pkg.label,
          rule: 'duplicate-type',
          message: `node type "${type}" is already defined by ${other}.`,
        });
      else owner.set(type, `${pkg.name} (${pkg.label})`);
    }
    for (const node of pkg.nodes) {
      if (node.activity && !node.action && !activities.has(node.activity.name)) {
        problems.push({
          package: pkg.name,
          dir: pkg.label,
          rule: 'activities',
          message: `"${node.type}" declares activity "${node.activity.name}", which nothing implements (use defineActionNode for a node with its own activity).`,
        });
      }
    }
  }
}
