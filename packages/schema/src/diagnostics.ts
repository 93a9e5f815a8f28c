/**
 * Every problem the flow language can report, with a stable code. Messages are functions so the
 * wording lives in one place; the location (node, edge, config path) travels beside the message
 * so the canvas can point at it.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly nodeId?: string;
  readonly edgeId?: string;
  /** Path inside the definition (structure errors) or inside the node's config. */
  readonly path?: readonly (string | number)[];
}

const catalog = {
  DEFINITION_INVALID: { severity: 'error', message: (a: { path: string; detail: string }) => `${a.path || 'definition'}: ${a.detail}` },
  START_MISSING: { severity: 'error', message: () => 'The flow needs a start node.' },
  START_MULTIPLE: { severity: 'error', message: (a: { count: number }) => `The flow has ${a.count} start nodes; keep exactly one.` },
  NODE_ID_DUPLICATE: { severity: 'error', message: (a: { id: string }) => `Two nodes share the id "${a.id}".` },
  NODE_TYPE_UNKNOWN: { severity: 'error', message: (a: { type: string }) => `Unknown node type "${a.type}".` },
  NODE_VERSION_UNKNOWN: {
    severity: 'error',
    message: (a: { type: string; version: number; known: readonly number[] }) =>
      `Node type "${a.type}" has no version ${a.version} (known: ${a.known.join(', ')}).`,
  },
  NODE_UPGRADED: {
    severity: 'warning',
    message: (a: { type: string; from: number; to: number }) =>
      `Saved with "${a.type}" version ${a.from}; its config is upgraded to version ${a.to} when the flow is published.`,
  },
  NODE_UPGRADE_FAILED: {
    severity: 'error',
    message: (a: { type: string; from: number; detail: string }) =>
      `The config saved for "${a.type}" version ${a.from} could not be upgraded: ${a.detail}`,
  },
  EDGE_ID_DUPLICATE: { severity: 'error', message: (a: { id: string }) => `Two edges share the id "${a.id}".` },
  EDGE_DANGLING: {
    severity: 'error',
    message: (a: { end: 'source' | 'target'; nodeId: string }) => `The edge's ${a.end} node "${a.nodeId}" does not exist.`,
  },
  EDGE_DUPLICATE: { severity: 'error', message: (a: { other: string }) => `This edge repeats edge "${a.other}".` },
  EDGE_SELF_LOOP: { severity: 'error', message: () => 'An edge cannot connect a node to itself.' },
  PORT_UNKNOWN: {
    severity: 'error',
    message: (a: { side: 'output' | 'input'; port: string; nodeId: string; known: readonly string[] }) =>
      `Node "${a.nodeId}" has no ${a.side} port "${a.port}"${a.known.length ? ` (ports: ${a.known.join(', ')})` : ''}.`,
  },
  PORT_FAN_OUT: {
    severity: 'error',
    message: (a: { port: string }) => `Output "${a.port}" is connected more than once; use a parallel node to run branches side by side.`,
  },
  PORT_REQUIRED_UNCONNECTED: {
    severity: 'error',
    message: (a: { port: string }) => `Output "${a.port}" must be connected.`,
  },
  START_HAS_INPUT: { severity: 'error', message: () => 'Nothing may lead into the start node.' },
  NODE_UNREACHABLE: { severity: 'warning', message: () => 'No path from the start reaches this node; it will never run.' },
  CYCLE_WITHOUT_WAIT: {
    severity: 'error',
    message: (a: { nodes: readonly string[] }) =>
      `Loop ${a.nodes.join(' → ')} never waits (no delay, timer or event); it would spin forever.`,
  },
  CONFIG_INVALID: { severity: 'error', message: (a: { field: string; detail: string }) => `${a.field || 'config'}: ${a.detail}` },
  EXPRESSION_INVALID: { severity: 'error', message: (a: { field: string; detail: string }) => `${a.field}: ${a.detail}` },
  EXPRESSION_UNKNOWN_ROOT: {
    severity: 'error',
    message: (a: { field: string; root: string }) =>
      `${a.field}: "${a.root}" is not defined; expressions can read input, vars, steps and run.`,
  },
  EXPRESSION_UNDECLARED: {
    severity: 'error',
    message: (a: { field: string; kind: 'variable' | 'input field' | 'node'; name: string }) =>
      `${a.field}: ${a.kind} "${a.name}" is not declared.`,
  },
  VARIABLE_UNDECLARED: {
    severity: 'error',
    message: (a: { name: string }) => `Variable "${a.name}" is assigned but not declared in the flow's variables.`,
  },
  VARIABLE_DUPLICATE: { severity: 'error', message: (a: { name: string }) => `Variable "${a.name}" is declared twice.` },
  INPUT_FIELD_DUPLICATE: { severity: 'error', message: (a: { name: string }) => `Input field "${a.name}" is declared twice.` },
  PARALLEL_NO_JOIN: {
    severity: 'error',
    message: (a: { branch: string }) =>
      `Branch "${a.branch}" never reaches a join shared by the other branches; every parallel branch must end in the same join.`,
  },
  JOIN_WITHOUT_PARALLEL: {
    severity: 'error',
    message: () => 'This join is not the meeting point of any parallel node.',
  },
} as const;

type Catalog = typeof catalog;
export type DiagnosticCode = keyof Catalog;
type ArgsOf<C extends DiagnosticCode> = Parameters<Catalog[C]['message']>[0];

export const DIAGNOSTIC_CODES = Object.keys(catalog) as DiagnosticCode[];

export interface DiagnosticLocation {
  nodeId?: string;
  edgeId?: string;
  path?: readonly (string | number)[];
}

/** Builds a diagnostic from its code; arguments are typed per code. */
export function diagnostic<C extends DiagnosticCode>(
  code: C,
  ...rest: ArgsOf<C> extends undefined
    ? [args?: undefined, location?: DiagnosticLocation]
    : [args: ArgsOf<C>, location?: DiagnosticLocation]
): Diagnostic {
  const [args, location] = rest;
  const entry = catalog[code];
  const message = (entry.message as (a: unknown) => string)(args);
  return { code, severity: entry.severity, message, ...location };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
