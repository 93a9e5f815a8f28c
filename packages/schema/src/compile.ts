import { analyzeFlow } from './analyze.ts';
import type { NodeCatalog } from './catalog.ts';
import { contentHash } from './canonical.ts';
import { hasErrors, type Diagnostic } from './diagnostics.ts';
import { PLAN_FORMAT, type ExecutionPlan, type PlanExpression, type PlanNode } from './plan.ts';

export class FlowCompileError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(
      `The flow has ${errors.length} error(s): ${errors
        .slice(0, 3)
        .map((d) => d.message)
        .join(' ')}`,
    );
    this.name = 'FlowCompileError';
  }
}

export type CompileResult = { ok: true; plan: ExecutionPlan; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Compiles a definition into an ExecutionPlan. Pure and deterministic: the same definition and
 * catalog give byte-identical plans (layout such as positions and sticky notes is left out).
 */
export function compileFlow(input: unknown, catalog: NodeCatalog): CompileResult {
  const { diagnostics, model } = analyzeFlow(input, catalog);
  if (!model || hasErrors(diagnostics) || model.startId === undefined) return { ok: false, diagnostics };

  const nodes: Record<string, PlanNode> = {};
  for (const node of model.definition.nodes) {
    const r = model.resolved.get(node.id);
    if (!r) continue;
    const ports = model.next.get(node.id);
    const next = Object.fromEntries(r.outputs.map((p) => [p.name, ports?.get(p.name) ?? null]));
    const refs = model.references.get(node.id);
    const expressions: Record<string, PlanExpression> = {};
    for (const site of r.expressions) {
      expressions[site.path] = {
        source: site.source,
        references: (refs?.get(site.path) ?? []).map((ref) => [ref.root, ...ref.path].join('.')),
      };
    }
    const join = model.joins.get(node.id);
    nodes[node.id] = {
      id: node.id,
      type: r.spec.type,
      version: r.spec.version,
      label: node.label || node.id,
      role: r.spec.role,
      waits: r.spec.waits,
      config: r.config,
      next,
      expressions,
      ...(r.spec.activity ? { activity: r.spec.activity } : {}),
      ...(join ? { join } : {}),
    };
  }
  const body = {
    format: PLAN_FORMAT,
    name: model.definition.metadata.name,
    startNodeId: model.startId,
    variables: model.definition.variables.map((v) => ({
      name: v.name,
      type: v.type,
      ...(v.default !== undefined ? { default: v.default } : {}),
    })),
    input: model.definition.input.fields,
    nodes,
  };
  const plan: ExecutionPlan = { ...body, contentHash: contentHash(body) };
  return { ok: true, plan, warnings: diagnostics };
}

/** compileFlow for callers that treat an invalid flow as an exception. */
export function compileFlowOrThrow(input: unknown, catalog: NodeCatalog): ExecutionPlan {
  const result = compileFlow(input, catalog);
  if (!result.ok) throw new FlowCompileError(result.diagnostics);
  return result.plan;
}
