import { createCatalog, type NodeCatalog } from '@trackway/schema/runtime';
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
  get(type: string, version: number): NodeDefinition | undefined;
  readonly all: readonly NodeDefinition[];
}

export function createRegistry(nodes: readonly NodeDefinition[]): NodeRegistry {
  const catalog = createCatalog(nodes);
  return {
    get: (type, version) => catalog.get(type, version) as NodeDefinition | undefined,
    versions: catalog.versions,
    all: nodes,
  };
}

export const builtinRegistry = createRegistry(builtinNodes);
