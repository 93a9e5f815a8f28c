import { builtinNodes, createRegistry, type NodeDefinition, type NodeRegistry } from '@trackway/nodes';
import type { FlowNode, PortSpec } from '@trackway/schema';

/**
 * Node packages in nodes/ (their workflow code, src/index.ts by convention). It holds no Node.js
 * code (start refuses a package that does), so the same definitions run here: custom nodes are
 * drawn, edited and validated like built-in ones.
 */
const packages = import.meta.glob<{ nodes?: readonly NodeDefinition[] }>('../../../../nodes/*/src/index.ts', { eager: true });

/**
 * The node types the canvas knows: the same registry the API validates with, so ports and
 * diagnostics on the canvas are exactly what publishing will report.
 */
export const registry: NodeRegistry = createRegistry([...builtinNodes, ...Object.values(packages).flatMap((m) => m.nodes ?? [])]);

export type NodeRef = Pick<FlowNode, 'type' | 'typeVersion'>;

export function specOf(node: NodeRef): NodeDefinition | undefined {
  return registry.get(node.type, node.typeVersion);
}

/**
 * Output ports of a node as drawn. Ports may depend on config (switch cases, parallel branches);
 * while the config is still invalid (e.g. an empty expression) the raw config usually still
 * tells the ports, so handles do not vanish while the user is typing.
 */
export function outputsOf(node: Pick<FlowNode, 'type' | 'typeVersion' | 'config'>): readonly PortSpec[] {
  const spec = specOf(node);
  if (!spec) return [];
  const parsed = spec.configSchema.safeParse(node.config);
  if (parsed.success) return spec.outputs(parsed.data);
  try {
    const ports = spec.outputs(node.config as never);
    return Array.isArray(ports) ? ports.filter((p) => typeof p?.name === 'string' && p.name.length > 0) : [];
  } catch {
    return [];
  }
}

export function inputsOf(node: NodeRef): readonly PortSpec[] {
  return specOf(node)?.inputs ?? [];
}

/** Human name of a node: its label, else its type's title. */
export function displayName(node: Pick<FlowNode, 'label' | 'type' | 'typeVersion' | 'id'>): string {
  return node.label.trim() || specOf(node)?.palette.title || node.id;
}
