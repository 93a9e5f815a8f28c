import type { ActivitySpec, NodeRole } from './catalog.ts';
import type { InputField, ValueType } from './definition.ts';

/**
 * The compiled, self-contained form of a flow version that a run is pinned to. Plain JSON: every
 * node type, version, port target and activity is resolved, so the interpreter only runs it.
 */
export const PLAN_FORMAT = 1 as const;

export interface PlanExpression {
  readonly source: string;
  /** Top-level references (e.g. vars.tier), kept for the run timeline and the builder. */
  readonly references: readonly string[];
}

export interface PlanNode {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly label: string;
  readonly role: NodeRole;
  readonly waits: boolean;
  /** Config after parsing: defaults applied, so the workflow never re-validates. */
  readonly config: unknown;
  /** output port -> next node id, or null when the port is left open (the path ends there). */
  readonly next: Readonly<Record<string, string | null>>;
  readonly expressions: Readonly<Record<string, PlanExpression>>;
  readonly activity?: ActivitySpec;
  /** For parallel nodes: where the branches meet. */
  readonly join?: string;
}

export interface ExecutionPlan {
  readonly format: typeof PLAN_FORMAT;
  /** sha256 of the canonical JSON of everything below; identical definitions give identical hashes. */
  readonly contentHash: string;
  readonly name: string;
  readonly startNodeId: string;
  readonly variables: ReadonlyArray<{ readonly name: string; readonly type: ValueType; readonly default?: unknown }>;
  readonly input: readonly InputField[];
  readonly nodes: Readonly<Record<string, PlanNode>>;
}
