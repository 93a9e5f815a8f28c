import { createCatalog, type NodeCatalog, type NodeUpgrade } from '@trackway/schema/runtime';
import { migrateConfig } from './sdk/migrations.ts';
import type { NodeDefinition } from './sdk/define-node.ts';
import { endNode, joinNode, parallelNode, startNode } from './builtin/flow.ts';
import { conditionNode, setNode, switchNode } from './builtin/logic.ts';
import { customerLookupNode } from './builtin/customer.ts';
import { documentNode } from './builtin/document.ts';
import { notifyNode } from './builtin/notify.ts';
import { delayNode, waitUntilNode } from './builtin/time.ts';
import { escalationNode } from './builtin/escalation.ts';
import { humanTaskNode } from './builtin/human-task.ts';
import { reminderNode } from './builtin/reminder.ts';
import { slaNode } from './builtin/sla.ts';
import { subflowNode } from './builtin/subflow.ts';
import { documentReviewNode } from './builtin/document-review.ts';
import { waitEventNode } from './builtin/wait-event.ts';

/** The one list of built-in node types; the catalog, palette and worker are all derived from it. */
export const builtinNodes: readonly NodeDefinition[] = [
  startNode,
  endNode,
  setNode,
  conditionNode,
  switchNode,
  delayNode,
  waitUntilNode,
  notifyNode,
  customerLookupNode,
  documentNode,
  parallelNode,
  joinNode,
  humanTaskNode,
  waitEventNode,
  slaNode,
  reminderNode,
  escalationNode,
  subflowNode,
  documentReviewNode,
];

export interface NodeRegistry extends NodeCatalog {
  /** Every registered version, plus (for action nodes) the versions their migrations cover, for runs pinned to them. */
  get(type: string, version: number): NodeDefinition | undefined;
  /** Every registered definition, older versions kept for pinned runs included. */
  readonly all: readonly NodeDefinition[];
  /** The newest version of each type: what the palette offers and new flows are compiled with. */
  readonly latest: readonly NodeDefinition[];
  upgrade(type: string, version: number, config: unknown): NodeUpgrade | undefined;
}

/**
 * The registry of node types. Built once from one list: the catalog the validator and compiler
 * use, the palette and the interpreter's lookup all come from it. Throws on a duplicate type@version.
 */
export function createRegistry(nodes: readonly NodeDefinition[]): NodeRegistry {
  const catalog = createCatalog(nodes);
  const newest = new Map<string, NodeDefinition>();
  for (const node of nodes) {
    const seen = newest.get(node.type);
    if (!seen || seen.version < node.version) newest.set(node.type, node);
  }
  // A run pinned to an older version of an action node runs today's node with its config migrated
  // (the workflow side of action nodes is generated, so only the config can differ).
  const shims = new Map<string, NodeDefinition>();
  for (const node of newest.values()) {
    if (!node.action || !node.migrations) continue;
    for (const { fromVersion } of node.migrations) {
      if (!catalog.get(node.type, fromVersion)) shims.set(`${node.type}@${fromVersion}`, pinnedActionVersion(node, fromVersion));
    }
  }
  return {
    get: (type, version) => (catalog.get(type, version) as NodeDefinition | undefined) ?? shims.get(`${type}@${version}`),
    versions: catalog.versions,
    all: nodes,
    latest: [...newest.values()],
    upgrade(type, version, config) {
      const latest = newest.get(type);
      if (!latest?.migrations || version >= latest.version) return undefined;
      try {
        const migrated = migrateConfig(latest.migrations, latest.version, version, config);
        return migrated ? { version: latest.version, config: migrated } : undefined;
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

/** An older version of an action node, as runs pinned to it see it: today's behaviour on the migrated config. */
function pinnedActionVersion(latest: NodeDefinition, version: number): NodeDefinition {
  const migrations = latest.migrations ?? [];
  return {
    ...latest,
    version,
    execute(ctx) {
      const migrated = migrateConfig(migrations, latest.version, version, ctx.config);
      const config = latest.configSchema.parse(migrated);
      // Everything else of the context stays as it is (its getters included).
      const upgraded = Object.create(ctx, { config: { value: config } }) as typeof ctx;
      return (latest.execute as NonNullable<NodeDefinition['execute']>).call(latest, upgraded);
    },
  };
}

export const builtinRegistry = createRegistry(builtinNodes);
