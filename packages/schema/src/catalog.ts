import type { z } from 'zod';

/**
 * What the flow language needs to know about a node type to validate and compile a flow.
 * packages/nodes builds these from `defineNode`; tests may build small ones by hand.
 */
export interface PortSpec {
  readonly name: string;
  readonly label?: string;
  /** An unconnected required port is a diagnostic; taking an unconnected optional port ends that path. */
  readonly required?: boolean;
  /** An error port: left open, a failure fails the run (it does not end the path quietly). */
  readonly error?: boolean;
}

/** Structural roles the validator and interpreter treat specially. */
export type NodeRole = 'start' | 'end' | 'split' | 'join' | 'step';

export interface ExpressionSite {
  /** Config path of the field, e.g. "cases.1.when", so diagnostics point at the field. */
  readonly path: string;
  readonly source: string;
}

export interface ActivitySpec {
  /** Registered activity name; the compiler resolves it so the workflow never guesses. */
  readonly name: string;
  readonly startToCloseTimeoutMs: number;
  readonly retry: {
    readonly maximumAttempts: number;
    readonly initialIntervalMs: number;
    readonly backoffCoefficient: number;
    readonly nonRetryableErrorTypes?: readonly string[];
  };
}

export interface NodeTypeSpec<Config = unknown> {
  readonly type: string;
  readonly version: number;
  readonly role: NodeRole;
  /** Waits for time or an outside signal: a cycle through such a node is a legitimate loop. */
  readonly waits: boolean;
  readonly configSchema: z.ZodType<Config>;
  readonly inputs: readonly PortSpec[];
  outputs(config: Config): readonly PortSpec[];
  expressions(config: Config): readonly ExpressionSite[];
  /** Variables the node assigns, checked against the flow's declarations. */
  writesVariables?(config: Config): readonly string[];
  readonly activity?: ActivitySpec;
}

/** What upgrading a saved node's config to its type's latest version gave. */
export type NodeUpgrade = { readonly version: number; readonly config: unknown } | { readonly error: string };

export interface NodeCatalog {
  get(type: string, version: number): NodeTypeSpec | undefined;
  versions(type: string): readonly number[];
  /**
   * Brings a node saved with an older type version up to the latest one through the type's config
   * migrations; undefined when there is nothing to upgrade. Validation and compilation call it
   * first, so a flow saved long ago publishes with today's node (catalogs without migrations
   * leave it out).
   */
  upgrade?(type: string, version: number, config: unknown): NodeUpgrade | undefined;
}

/** Builds a catalog from a list of specs; duplicate type@version is a programming error. */
export function createCatalog(specs: Iterable<NodeTypeSpec>): NodeCatalog {
  const byKey = new Map<string, NodeTypeSpec>();
  const versions = new Map<string, number[]>();
  for (const spec of specs) {
    const key = `${spec.type}@${spec.version}`;
    if (byKey.has(key)) throw new Error(`Node type ${key} is registered twice`);
    byKey.set(key, spec);
    versions.set(
      spec.type,
      [...(versions.get(spec.type) ?? []), spec.version].sort((a, b) => a - b),
    );
  }
  return {
    get: (type, version) => byKey.get(`${type}@${version}`),
    versions: (type) => versions.get(type) ?? [],
  };
}
