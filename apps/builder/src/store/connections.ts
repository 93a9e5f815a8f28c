import type { FlowDefinition } from '@trackway/schema';
import { diagnostic } from '@trackway/schema';
import { inputsOf, outputsOf, specOf } from '../lib/registry.ts';

export interface ProposedConnection {
  readonly source: string | null;
  readonly sourcePort: string | null | undefined;
  readonly target: string | null;
  readonly targetPort: string | null | undefined;
}

export type ConnectionVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const refuse = (reason: string): ConnectionVerdict => ({ ok: false, reason });

/**
 * Would `validateFlow` accept this edge? Checked while the user drags, so a connection the flow
 * language rejects is never drawn. Messages come from the shared diagnostics catalogue, so the
 * canvas and the server word a problem the same way. `ignoreEdgeId` is the edge being re-routed.
 */
export function checkConnection(def: FlowDefinition, proposed: ProposedConnection, ignoreEdgeId?: string): ConnectionVerdict {
  const { source, target } = proposed;
  if (!source || !target) return refuse('Drop the connection on a node.');
  const sourceNode = def.nodes.find((n) => n.id === source);
  const targetNode = def.nodes.find((n) => n.id === target);
  if (!sourceNode || !targetNode) return refuse('That node no longer exists.');
  if (source === target) return refuse(diagnostic('EDGE_SELF_LOOP').message);
  if (specOf(targetNode)?.role === 'start') return refuse(diagnostic('START_HAS_INPUT').message);

  const outputs = outputsOf(sourceNode);
  const sourcePort = proposed.sourcePort ?? outputs[0]?.name;
  if (!sourcePort || !outputs.some((p) => p.name === sourcePort)) {
    return refuse(
      diagnostic('PORT_UNKNOWN', { side: 'output', port: sourcePort ?? '?', nodeId: source, known: outputs.map((p) => p.name) }).message,
    );
  }
  const inputs = inputsOf(targetNode);
  const targetPort = proposed.targetPort ?? inputs[0]?.name;
  if (!targetPort || !inputs.some((p) => p.name === targetPort)) {
    return refuse(
      diagnostic('PORT_UNKNOWN', { side: 'input', port: targetPort ?? '?', nodeId: target, known: inputs.map((p) => p.name) }).message,
    );
  }

  const others = def.edges.filter((e) => e.id !== ignoreEdgeId);
  const duplicate = others.find(
    (e) => e.source === source && e.sourcePort === sourcePort && e.target === target && e.targetPort === targetPort,
  );
  if (duplicate) return refuse(diagnostic('EDGE_DUPLICATE', { other: duplicate.id }).message);
  if (others.some((e) => e.source === source && e.sourcePort === sourcePort)) {
    const label = outputs.find((p) => p.name === sourcePort)?.label ?? sourcePort;
    return refuse(diagnostic('PORT_FAN_OUT', { port: label }).message);
  }
  return { ok: true };
}
