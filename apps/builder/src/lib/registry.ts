import { builtinRegistry, type NodeDefinition, type NodeRegistry } from '@trackway/nodes';
import type { FlowNode, PortSpec } from '@trackway/schema';

/**
 * The node types the canvas knows: the same registry the API validates with, so ports and
 * diagnostics on the canvas are exactly what publishing will report.
 */
export const registry: NodeRegistry = builtinRegistry;

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
