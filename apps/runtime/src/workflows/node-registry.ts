import { builtinNodes, builtinRegistry, createRegistry, type NodeDefinition, type NodeRegistry } from '@trackway/nodes';

/**
 * The node types this workflow bundle runs. The built-in ones unless the bundle's entry installs
 * more: the worker generates an entry that imports each node package's workflow code and calls
 * installNodes() before the interpreter runs (see node-packages/workflow-bundle.ts).
 */
let installed: NodeRegistry | undefined;

export function installNodes(custom: readonly NodeDefinition[]): void {
  installed = createRegistry([...builtinNodes, ...custom]);
}

export function nodeRegistry(): NodeRegistry {
  return installed ?? builtinRegistry;
}
