import type { z } from 'zod';
import type { ExpressionSite, NodeCatalog, NodeTypeSpec, PortSpec } from './catalog.ts';
import { FlowDefinitionSchema, type FlowDefinition, type FlowNode } from './definition.ts';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import { EXPRESSION_ROOTS, parseExpressions, type ExpressionReference, type ParseResult } from './expressions/index.ts';
import { reachableFrom, stronglyConnectedComponents, type Adjacency } from './graph.ts';

/** A node whose type resolved and whose config parsed: the compiler only ever sees these. */
export interface ResolvedNode {
  readonly node: FlowNode;
  readonly spec: NodeTypeSpec;
  readonly config: unknown;
  readonly outputs: readonly PortSpec[];
  /** `spec.expressions(config)`, computed once: validation and compilation both walk them. */
  readonly expressions: readonly ExpressionSite[];
}

export interface FlowModel {
  readonly definition: FlowDefinition;
  readonly resolved: ReadonlyMap<string, ResolvedNode>;
  /** node id -> output port -> target node id (only edges that passed every check). */
  readonly next: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly startId: string | undefined;
  /** parallel (split) node id -> the join node where its branches meet. */
  readonly joins: ReadonlyMap<string, string>;
  readonly references: ReadonlyMap<string, ReadonlyMap<string, readonly ExpressionReference[]>>;
}

export interface Analysis {
  readonly diagnostics: Diagnostic[];
  readonly model: FlowModel | undefined;
}

const formatPath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

function zodIssues(error: z.ZodError): Array<{ path: (string | number)[]; message: string }> {
  return error.issues.map((issue) => ({
    path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: issue.message,
  }));
}

/**
 * Validates a definition against a node catalog and, when its structure is sound, returns the
 * resolved model the compiler builds on. Reports every problem it can find, never throws.
 */
export function analyzeFlow(input: unknown, catalog: NodeCatalog): Analysis {
  const parsed = FlowDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    const diagnostics = zodIssues(parsed.error).map((issue) =>
      diagnostic('DEFINITION_INVALID', { path: formatPath(issue.path), detail: issue.message }, { path: issue.path }),
    );
    return { diagnostics, model: undefined };
  }
  const definition = parsed.data;
  const out: Diagnostic[] = [];

  checkDeclarations(definition, out);
  const resolved = resolveNodes(definition, catalog, out);
  const startIds = [...resolved.values()].filter((r) => r.spec.role === 'start').map((r) => r.node.id);
  if (startIds.length === 0 && !definition.nodes.some((n) => n.type === 'start')) out.push(diagnostic('START_MISSING'));
  if (startIds.length > 1) {
    for (const id of startIds.slice(1)) out.push(diagnostic('START_MULTIPLE', { count: startIds.length }, { nodeId: id }));
  }
  const startId = startIds[0];
  const next = checkEdges(definition, resolved, out);
  checkRequiredPorts(resolved, next, out);

  const adjacency: Adjacency = new Map([...next].map(([id, ports]) => [id, [...ports.values()]]));
  if (startId !== undefined) {
    const reachable = reachableFrom(adjacency, [startId]);
    for (const node of definition.nodes) {
      if (!reachable.has(node.id)) out.push(diagnostic('NODE_UNREACHABLE', undefined, { nodeId: node.id }));
    }
  }
  checkCycles(definition, resolved, adjacency, out);
  const references = checkExpressions(definition, resolved, out);
  const joins = checkParallels(resolved, next, adjacency, out);
  return { diagnostics: out, model: { definition, resolved, next, startId, joins, references } };
}

function checkDeclarations(definition: FlowDefinition, out: Diagnostic[]): void {
  const seenVars = new Set<string>();
  definition.variables.forEach((v, i) => {
    if (seenVars.has(v.name)) out.push(diagnostic('VARIABLE_DUPLICATE', { name: v.name }, { path: ['variables', i, 'name'] }));
    seenVars.add(v.name);
  });
  const seenFields = new Set<string>();
  definition.input.fields.forEach((f, i) => {
    if (seenFields.has(f.name)) out.push(diagnostic('INPUT_FIELD_DUPLICATE', { name: f.name }, { path: ['input', 'fields', i, 'name'] }));
    seenFields.add(f.name);
  });
}

function resolveNodes(definition: FlowDefinition, catalog: NodeCatalog, out: Diagnostic[]): Map<string, ResolvedNode> {
  const resolved = new Map<string, ResolvedNode>();
  const seen = new Set<string>();
  for (const raw of definition.nodes) {
    if (seen.has(raw.id)) {
      out.push(diagnostic('NODE_ID_DUPLICATE', { id: raw.id }, { nodeId: raw.id }));
      continue;
    }
    seen.add(raw.id);
    const node = upgradeNode(raw, catalog, out);
    if (!node) continue;
    const spec = catalog.get(node.type, node.typeVersion);
    if (!spec) {
      const known = catalog.versions(node.type);
      out.push(
        known.length === 0
          ? diagnostic('NODE_TYPE_UNKNOWN', { type: node.type }, { nodeId: node.id })
          : diagnostic('NODE_VERSION_UNKNOWN', { type: node.type, version: node.typeVersion, known }, { nodeId: node.id }),
      );
      continue;
    }
    const config = spec.configSchema.safeParse(node.config);
    if (!config.success) {
      for (const issue of zodIssues(config.error)) {
        out.push(
          diagnostic('CONFIG_INVALID', { field: formatPath(issue.path), detail: issue.message }, { nodeId: node.id, path: issue.path }),
        );
      }
      continue;
    }
    resolved.set(node.id, {
      node,
      spec,
      config: config.data,
      outputs: spec.outputs(config.data),
      expressions: spec.expressions(config.data),
    });
  }
  return resolved;
}

/**
 * The node as it is validated and compiled: upgraded through its type's config migrations when it
 * was saved with an older version (the draft itself keeps what was saved); undefined when that failed.
 */
function upgradeNode(node: FlowNode, catalog: NodeCatalog, out: Diagnostic[]): FlowNode | undefined {
  const upgraded = catalog.upgrade?.(node.type, node.typeVersion, node.config);
  if (!upgraded) return node;
  if ('error' in upgraded) {
    out.push(diagnostic('NODE_UPGRADE_FAILED', { type: node.type, from: node.typeVersion, detail: upgraded.error }, { nodeId: node.id }));
    return undefined;
  }
  out.push(diagnostic('NODE_UPGRADED', { type: node.type, from: node.typeVersion, to: upgraded.version }, { nodeId: node.id }));
  return { ...node, typeVersion: upgraded.version, config: upgraded.config as FlowNode['config'] };
}

function checkEdges(
  definition: FlowDefinition,
  resolved: ReadonlyMap<string, ResolvedNode>,
  out: Diagnostic[],
): Map<string, Map<string, string>> {
  const nodeIds = new Set(definition.nodes.map((n) => n.id));
  const next = new Map<string, Map<string, string>>([...resolved.keys()].map((id) => [id, new Map()]));
  const edgeIds = new Set<string>();
  const signatures = new Map<string, string>();
  for (const edge of definition.edges) {
    const at = { edgeId: edge.id };
    if (edgeIds.has(edge.id)) out.push(diagnostic('EDGE_ID_DUPLICATE', { id: edge.id }, at));
    edgeIds.add(edge.id);
    if (!nodeIds.has(edge.source)) out.push(diagnostic('EDGE_DANGLING', { end: 'source', nodeId: edge.source }, at));
    if (!nodeIds.has(edge.target)) out.push(diagnostic('EDGE_DANGLING', { end: 'target', nodeId: edge.target }, at));
    if (!nodeIds.has(edge.source) || !nodeIds.has(edge.target)) continue;
    if (edge.source === edge.target) {
      out.push(diagnostic('EDGE_SELF_LOOP', undefined, at));
      continue;
    }
    const signature = `${edge.source}\u0000${edge.sourcePort}\u0000${edge.target}\u0000${edge.targetPort}`;
    const other = signatures.get(signature);
    if (other !== undefined) {
      out.push(diagnostic('EDGE_DUPLICATE', { other }, at));
      continue;
    }
    signatures.set(signature, edge.id);

    const source = resolved.get(edge.source);
    const target = resolved.get(edge.target);
    let ok = true;
    if (source && !source.outputs.some((p) => p.name === edge.sourcePort)) {
      const known = source.outputs.map((p) => p.name);
      out.push(diagnostic('PORT_UNKNOWN', { side: 'output', port: edge.sourcePort, nodeId: edge.source, known }, at));
      ok = false;
    }
    if (target?.spec.role === 'start') {
      out.push(diagnostic('START_HAS_INPUT', undefined, at));
      ok = false;
    } else if (target && !target.spec.inputs.some((p) => p.name === edge.targetPort)) {
      const known = target.spec.inputs.map((p) => p.name);
      out.push(diagnostic('PORT_UNKNOWN', { side: 'input', port: edge.targetPort, nodeId: edge.target, known }, at));
      ok = false;
    }
    if (ok && (source === undefined || target === undefined)) {
      // A node with an unknown type or invalid config still takes part in reachability: one bad
      // field must not also make its neighbours look unconnected or unreachable.
      if (!next.has(edge.source)) next.set(edge.source, new Map());
      const ports = next.get(edge.source) as Map<string, string>;
      if (!ports.has(edge.sourcePort)) ports.set(edge.sourcePort, edge.target);
      continue;
    }
    if (!ok) continue;
    const ports = next.get(edge.source) as Map<string, string>;
    if (ports.has(edge.sourcePort)) {
      out.push(diagnostic('PORT_FAN_OUT', { port: edge.sourcePort }, { ...at, nodeId: edge.source }));
      continue;
    }
    ports.set(edge.sourcePort, edge.target);
  }
  return next;
}

function checkRequiredPorts(
  resolved: ReadonlyMap<string, ResolvedNode>,
  next: ReadonlyMap<string, ReadonlyMap<string, string>>,
  out: Diagnostic[],
): void {
  for (const [id, r] of resolved) {
    for (const port of r.outputs) {
      if (port.required && !next.get(id)?.has(port.name)) {
        out.push(diagnostic('PORT_REQUIRED_UNCONNECTED', { port: port.label ?? port.name }, { nodeId: id, path: ['ports', port.name] }));
      }
    }
  }
}

/** A loop is fine when something in it waits; so only cycles left after removing waiting nodes count. */
function checkCycles(
  definition: FlowDefinition,
  resolved: ReadonlyMap<string, ResolvedNode>,
  adjacency: Adjacency,
  out: Diagnostic[],
): void {
  const waits = (id: string) => resolved.get(id)?.spec.waits === true;
  const ids = definition.nodes.map((n) => n.id).filter((id) => resolved.has(id) && !waits(id));
  const pruned: Adjacency = new Map(ids.map((id) => [id, (adjacency.get(id) ?? []).filter((t) => !waits(t))]));
  for (const component of stronglyConnectedComponents(ids, pruned)) {
    if (component.length < 2) continue;
    const first = component[0] as string;
    out.push(diagnostic('CYCLE_WITHOUT_WAIT', { nodes: [...component, first] }, { nodeId: first }));
  }
}

/** What expressions may refer to, declared by the flow. */
interface Declared {
  readonly variables: ReadonlySet<string>;
  readonly inputFields: ReadonlySet<string>;
  readonly nodeIds: ReadonlySet<string>;
}

const ROOTS: ReadonlySet<string> = new Set(EXPRESSION_ROOTS);

function checkReferences(
  refs: readonly ExpressionReference[],
  field: string,
  at: { nodeId: string; path: string[] },
  declared: Declared,
  out: Diagnostic[],
): void {
  for (const ref of refs) {
    if (!ROOTS.has(ref.root)) {
      out.push(diagnostic('EXPRESSION_UNKNOWN_ROOT', { field, root: ref.root }, at));
      continue;
    }
    const name = ref.path[0];
    if (name === undefined) continue;
    if (ref.root === 'vars' && !declared.variables.has(name))
      out.push(diagnostic('EXPRESSION_UNDECLARED', { field, kind: 'variable', name }, at));
    if (ref.root === 'input' && !declared.inputFields.has(name))
      out.push(diagnostic('EXPRESSION_UNDECLARED', { field, kind: 'input field', name }, at));
    if (ref.root === 'steps' && !declared.nodeIds.has(name))
      out.push(diagnostic('EXPRESSION_UNDECLARED', { field, kind: 'node', name }, at));
  }
}

function checkExpressions(
  definition: FlowDefinition,
  resolved: ReadonlyMap<string, ResolvedNode>,
  out: Diagnostic[],
): Map<string, Map<string, ExpressionReference[]>> {
  const declared: Declared = {
    variables: new Set(definition.variables.map((v) => v.name)),
    inputFields: new Set(definition.input.fields.map((f) => f.name)),
    nodeIds: new Set(definition.nodes.map((n) => n.id)),
  };
  // One call for every expression of the flow: new sources share JSONata parser calls.
  const results = parseExpressions([...resolved.values()].flatMap((r) => r.expressions.map((site) => site.source)));
  let next = 0;
  const all = new Map<string, Map<string, ExpressionReference[]>>();
  for (const [id, r] of resolved) {
    const perNode = new Map<string, ExpressionReference[]>();
    all.set(id, perNode);
    for (const name of r.spec.writesVariables?.(r.config) ?? []) {
      if (!declared.variables.has(name)) out.push(diagnostic('VARIABLE_UNDECLARED', { name }, { nodeId: id }));
    }
    for (const site of r.expressions) {
      const result = results[next++] as ParseResult;
      const at = { nodeId: id, path: site.path.split('.') };
      if (!result.ok) {
        out.push(diagnostic('EXPRESSION_INVALID', { field: site.path, detail: result.error.message }, at));
        continue;
      }
      perNode.set(site.path, result.references);
      checkReferences(result.references, site.path, at, declared, out);
    }
  }
  return all;
}

/**
 * Parallel branches must meet again in one join (block-structured, like a well-formed BPMN
 * gateway pair), so the interpreter can run them in a scope and merge their results.
 */
/** An open port ends a path there; an open error port does not (the failure fails the run). */
function hasOpenPort(node: ResolvedNode | undefined, next: ReadonlyMap<string, string> | undefined): boolean {
  return (node?.outputs ?? []).some((port) => !port.error && !next?.has(port.name));
}

function checkParallels(
  resolved: ReadonlyMap<string, ResolvedNode>,
  next: ReadonlyMap<string, ReadonlyMap<string, string>>,
  adjacency: Adjacency,
  out: Diagnostic[],
): Map<string, string> {
  const joins = new Map<string, string>();
  const isJoin = (id: string) => resolved.get(id)?.spec.role === 'join';
  for (const [id, r] of resolved) {
    if (r.spec.role !== 'split') continue;
    const branches = r.outputs.flatMap((port) => {
      const target = next.get(id)?.get(port.name);
      return target === undefined ? [] : [{ port: port.label ?? port.name, target }];
    });
    if (branches.length === 0) continue;
    const reach = branches.map((b) => reachableFrom(adjacency, [b.target]));
    const candidates = [...(reach[0] as Set<string>)].filter((n) => isJoin(n) && reach.every((set) => set.has(n)));
    // The nearest join is the one every other candidate comes after (one search per candidate
    // tried, not one per pair: with many parallel blocks in a row that was cubic).
    const join = candidates.find((c) => {
      const after = reachableFrom(adjacency, [c]);
      return candidates.every((other) => other === c || after.has(other));
    });
    if (join === undefined) {
      out.push(diagnostic('PARALLEL_NO_JOIN', { branch: (branches[0] as { port: string }).port }, { nodeId: id }));
      continue;
    }
    const stop = new Set([join]);
    let ok = true;
    branches.forEach((b) => {
      const path = reachableFrom(adjacency, [b.target], stop);
      const leaks = [...path].some(
        (n) => n !== join && (resolved.get(n)?.spec.role === 'end' || hasOpenPort(resolved.get(n), next.get(n))),
      );
      if (leaks) {
        ok = false;
        out.push(diagnostic('PARALLEL_NO_JOIN', { branch: b.port }, { nodeId: id }));
      }
    });
    if (ok) joins.set(id, join);
  }
  const used = new Set(joins.values());
  // A split without a join already has an error; its join is not blamed as well.
  const splitWithoutJoin = [...resolved.values()].some((s) => s.spec.role === 'split' && !joins.has(s.node.id));
  for (const [id, r] of resolved) {
    if (r.spec.role === 'join' && !used.has(id) && !splitWithoutJoin) {
      out.push(diagnostic('JOIN_WITHOUT_PARALLEL', undefined, { nodeId: id }));
    }
  }
  return joins;
}

/** The validator the canvas, the API and the compiler share. */
export function validateFlow(input: unknown, catalog: NodeCatalog): Diagnostic[] {
  return analyzeFlow(input, catalog).diagnostics;
}
