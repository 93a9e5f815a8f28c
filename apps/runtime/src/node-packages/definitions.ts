import { migrationProblems, type NodeDefinition } from '@trackway/nodes';
import type { ActionImplementation } from '@trackway/nodes/activity';
import type { NodePackageProblem, NodePackageRule } from './errors.ts';
import type { NodePackageManifest } from './manifest.ts';

/** The rules for what a node package exports; each broken rule is one problem naming the package. */

const TYPE_NAME = /^[a-z][a-z0-9-]{1,62}$/;
const CATEGORIES = ['Flow', 'Logic', 'Time', 'People', 'Messages', 'Data', 'Custom'];

/** A flow definition a package offers as a demo (seeded by `npm start` like the built-in demos). */
export interface DemoFlow {
  readonly key: string;
  readonly definition: unknown;
}

type Report = (rule: NodePackageRule, message: string) => void;

function reporter(pkg: NodePackageManifest, problems: NodePackageProblem[]): Report {
  return (rule, message) => problems.push({ package: pkg.name, dir: pkg.label, rule, message });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFunction = (v: unknown): v is (...args: never[]) => unknown => typeof v === 'function';

/** Checks the workflow entry's exports: `nodes` (required) and `demoFlows` (optional). */
export function checkNodeExports(
  pkg: NodePackageManifest,
  mod: Record<string, unknown>,
): { nodes: NodeDefinition[]; demoFlows: DemoFlow[]; problems: NodePackageProblem[] } {
  const problems: NodePackageProblem[] = [];
  const report = reporter(pkg, problems);
  const list = mod.nodes;
  if (!Array.isArray(list) || list.length === 0) {
    report('nodes-export', 'the "." entry must export `nodes`, a non-empty array of node definitions (export const nodes = [myNode];).');
    return { nodes: [], demoFlows: [], problems };
  }
  const nodes: NodeDefinition[] = [];
  list.forEach((item: unknown, i) => {
    const before = problems.length;
    checkDefinition(item, `nodes[${i}]`, report);
    if (problems.length === before) nodes.push(item as NodeDefinition);
  });
  const keys = new Set<string>();
  for (const node of nodes) {
    const key = `${node.type}@${node.version}`;
    if (keys.has(key)) report('duplicate-type', `${key} is exported twice.`);
    keys.add(key);
  }
  checkVersions(nodes, report);
  const demoFlows: DemoFlow[] = [];
  if (mod.demoFlows !== undefined) {
    if (!Array.isArray(mod.demoFlows) || !mod.demoFlows.every((f) => isObject(f) && typeof f.key === 'string' && isObject(f.definition))) {
      report('nodes-export', '`demoFlows` must be an array of { key, definition }.');
    } else demoFlows.push(...(mod.demoFlows as DemoFlow[]));
  }
  return { nodes, demoFlows, problems };
}

function checkDefinition(item: unknown, at: string, report: Report): void {
  if (!isObject(item)) return report('definition', `${at} is not a node definition (make it with defineActionNode or defineNode).`);
  const name = typeof item.type === 'string' ? `"${item.type}"` : at;
  if (typeof item.type !== 'string' || !TYPE_NAME.test(item.type)) {
    report('definition', `${at}: type must be 2-63 lower-case letters, digits and "-", starting with a letter.`);
  }
  if (!Number.isInteger(item.version) || (item.version as number) < 1)
    report('definition', `${name}: version must be a whole number from 1.`);
  if (item.role !== 'step') {
    report('definition', `${name}: role "${String(item.role)}" is reserved for the built-in flow nodes; custom nodes are steps.`);
  }
  const palette = item.palette;
  if (
    !isObject(palette) ||
    typeof palette.title !== 'string' ||
    typeof palette.icon !== 'string' ||
    typeof palette.description !== 'string'
  ) {
    report('definition', `${name}: palette needs a title, an icon and a description.`);
  } else if (!CATEGORIES.includes(palette.category as string)) {
    report('definition', `${name}: palette category must be one of ${CATEGORIES.join(', ')}.`);
  }
  if (!isObject(item.configSchema) || !isFunction(item.configSchema.safeParse))
    report('definition', `${name}: config must be a zod schema.`);
  if (!isFunction(item.outputs) || !isFunction(item.expressions) || !Array.isArray(item.inputs)) {
    report('definition', `${name}: not made by defineActionNode or defineNode (outputs, expressions or inputs missing).`);
  }
  if (!isFunction(item.execute)) report('definition', `${name}: has no workflow-side behaviour (execute).`);
  if (item.migrations !== undefined) {
    if (!Array.isArray(item.migrations)) report('versions', `${name}: migrations must be an array.`);
    else for (const p of migrationProblems(item.version as number, item.migrations)) report('versions', `${name}: ${p}.`);
  }
  if (isObject(item.action) && item.action.activity !== `node:${String(item.type)}`) {
    report('definition', `${name}: its activity must be named node:${String(item.type)} (defineActionNode does this).`);
  }
}

/**
 * A workflow-side node (defineNode) that declares migrations keeps its older definitions: runs
 * pinned to them run their own code, which a migration cannot rewrite.
 */
function checkVersions(nodes: readonly NodeDefinition[], report: Report): void {
  const byType = new Map<string, NodeDefinition[]>();
  for (const node of nodes) byType.set(node.type, [...(byType.get(node.type) ?? []), node]);
  for (const [type, versions] of byType) {
    const latest = versions.reduce((a, b) => (b.version > a.version ? b : a));
    if (latest.action || !latest.migrations) continue;
    for (const { fromVersion } of latest.migrations) {
      if (!versions.some((v) => v.version === fromVersion)) {
        report(
          'versions',
          `"${type}" version ${latest.version} migrates configs from version ${fromVersion}, but version ${fromVersion} is no longer exported; keep it in \`nodes\` so runs published with it keep running.`,
        );
      }
    }
  }
}

/** Checks the activity entry: one `implementAction` for the latest version of every action node, nothing else. */
export function checkActivityExports(
  pkg: NodePackageManifest,
  mod: Record<string, unknown> | undefined,
  nodes: readonly NodeDefinition[],
): { implementations: ActionImplementation[]; problems: NodePackageProblem[] } {
  const problems: NodePackageProblem[] = [];
  const report = reporter(pkg, problems);
  const latest = new Map<string, NodeDefinition>();
  for (const node of nodes) if ((latest.get(node.type)?.version ?? 0) < node.version) latest.set(node.type, node);
  const actions = [...latest.values()].filter((n) => n.action);
  if (!mod) {
    if (actions.length > 0) {
      report(
        'activities',
        `${actions.map((a) => `"${a.type}"`).join(', ')} need an activity, but package.json exports no "./activities" entry.`,
      );
    }
    return { implementations: [], problems };
  }
  if (!Array.isArray(mod.activities)) {
    report('activities', 'the "./activities" entry must export `activities`, an array of implementAction(...) results.');
    return { implementations: [], problems };
  }
  const implementations: ActionImplementation[] = [];
  const done = new Set<string>();
  (mod.activities as unknown[]).forEach((item, i) => {
    if (!isObject(item) || !isObject(item.node) || !isFunction(item.run)) {
      return report('activities', `activities[${i}] is not made by implementAction(node, run).`);
    }
    const node = item.node as unknown as NodeDefinition;
    const own = latest.get(node.type);
    if (!own?.action)
      return report('activities', `activities[${i}] implements "${node.type}", which is not an action node of this package.`);
    if (own.version !== node.version) {
      return report(
        'activities',
        `activities[${i}] implements "${node.type}" version ${node.version}; implement the latest, version ${own.version} (older configs are migrated to it).`,
      );
    }
    if (done.has(node.type)) return report('activities', `"${node.type}" is implemented twice.`);
    done.add(node.type);
    implementations.push({ node: own as ActionImplementation['node'], run: item.run as ActionImplementation['run'] });
  });
  for (const action of actions) {
    if (!done.has(action.type))
      report(
        'activities',
        `"${action.type}" has no implementation: add implementAction(<the "${action.type}" node>, async (input, ctx) => ...) to \`activities\`.`,
      );
  }
  return { implementations, problems };
}
