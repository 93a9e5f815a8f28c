import type jsonata from 'jsonata';
import type { ExpressionIssue } from './errors.ts';
import { ALLOWED_FUNCTION_NAMES, DENIED_FUNCTIONS, FORBIDDEN_PROPERTY_NAMES, MAX_AST_DEPTH } from './policy.ts';

/** A path read from the scope; `position` is the 0-based offset where the root name starts. */
export type ExpressionReference = { root: string; path: string[]; position: number };

/** How a node's result is consumed: walked once (`linear`) or compared pairwise (`quadratic`). */
export type ReadCost = 'linear' | 'quadratic';

/** What the evaluation budget needs to know about the tree, keyed by node identity. */
export type RuntimeHints = {
  /** Bodies of lambdas written by the author: their nesting is the call depth. */
  lambdaBodies: ReadonlySet<object>;
  /** Nodes whose result is read in full by their consumer (deep equality, stringify, builtins). */
  deepReads: ReadonlyMap<object, ReadCost>;
  /** Key expressions of `{...}` constructors and `a{key: value}` grouping, mapped to their owner node. */
  groupKeys: ReadonlyMap<object, object>;
};

export type AstAnalysis = { ok: true; references: ExpressionReference[] } | { ok: false; error: ExpressionIssue };

/**
 * jsonata's `ExprNode` type describes the parser output before its post-processing pass, but
 * `ast()` returns the processed tree (node types `path`, `bind`, `apply`, `regex`, `sort`,
 * `filter`, `transform`, extra fields such as `stages`, `group`, `focus`). We therefore walk it
 * as untyped data and narrow field by field.
 */
type AstNode = { readonly type: string; readonly [field: string]: unknown };

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';
}

function stringField(node: AstNode, field: string): string | undefined {
  const value = node[field];
  return typeof value === 'string' ? value : undefined;
}

function nodeArray(value: unknown): AstNode[] {
  return Array.isArray(value) ? value.filter(isNode) : [];
}

function positionOf(node: AstNode): number | undefined {
  return typeof node.position === 'number' ? node.position : undefined;
}

function forbidden(message: string, node?: AstNode): ExpressionIssue {
  const position = node ? positionOf(node) : undefined;
  return position === undefined ? { code: 'EXPR_FORBIDDEN', message } : { code: 'EXPR_FORBIDDEN', message, position };
}

// ---------------------------------------------------------------------------------------------
// Collecting every node. The walk is generic (all fields, all nesting) on purpose: a security
// check that enumerates known child fields silently misses the one it forgot.

type Collected = { nodes: AstNode[]; tooDeep?: AstNode };

function collectNodes(ast: unknown): Collected {
  const nodes: AstNode[] = [];
  const seen = new Set<object>();
  // Two parallel stacks instead of one of {value, depth} pairs: this runs for every expression
  // of a flow, and the pairs were most of its garbage.
  const values: object[] = typeof ast === 'object' && ast !== null ? [ast] : [];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop() as object;
    let depth = depths.pop() as number;
    if (seen.has(value)) continue;
    seen.add(value);
    if (isNode(value)) {
      nodes.push(value);
      depth += 1;
      if (depth > MAX_AST_DEPTH) return { nodes, tooDeep: value };
    }
    for (const child of Object.values(value)) {
      if (typeof child !== 'object' || child === null) continue;
      values.push(child);
      depths.push(depth);
    }
  }
  return { nodes };
}

// ---------------------------------------------------------------------------------------------
// Names the expression binds itself: `$x := ...`, lambda parameters, `@$x` and `#$i` step
// bindings. Scope is deliberately ignored (a name bound anywhere counts everywhere): an
// out-of-scope use just evaluates to nothing, because denied builtins can never be bound.

function boundNames(nodes: readonly AstNode[]): Map<string, AstNode> {
  const bound = new Map<string, AstNode>();
  const add = (name: string | undefined, node: AstNode): void => {
    if (name !== undefined && !bound.has(name)) bound.set(name, node);
  };
  for (const node of nodes) {
    if (node.type === 'bind' && isNode(node.lhs)) add(stringField(node.lhs, 'value'), node.lhs);
    if (node.type === 'lambda') for (const param of nodeArray(node.arguments)) add(stringField(param, 'value'), param);
    add(stringField(node, 'focus'), node);
    add(stringField(node, 'index'), node);
  }
  return bound;
}

// ---------------------------------------------------------------------------------------------
// The rules, one node at a time.

function checkVariable(node: AstNode, bound: ReadonlyMap<string, AstNode>): ExpressionIssue | undefined {
  const name = stringField(node, 'value');
  // '' is `$` (the context) and '$' is `$$` (the root): both are data, not functions.
  if (name === undefined || name === '' || name === '$') return undefined;
  const denied = DENIED_FUNCTIONS.get(name);
  if (denied !== undefined) return forbidden(`$${name} is not allowed: it ${denied}.`, node);
  if (ALLOWED_FUNCTION_NAMES.has(name) || bound.has(name)) return undefined;
  return forbidden(`$${name} is not an allowed function and is not defined in this expression.`, node);
}

function checkPropertyName(name: string | undefined, node: AstNode): ExpressionIssue | undefined {
  if (name === undefined || !FORBIDDEN_PROPERTY_NAMES.has(name)) return undefined;
  return forbidden(`"${name}" cannot be used as a field name: it reaches into the JavaScript object model.`, node);
}

/** Keys of `{...}` constructors and of `a{key: value}` grouping, when they are literals. */
function checkObjectKeys(pairs: unknown): ExpressionIssue | undefined {
  if (!Array.isArray(pairs)) return undefined;
  for (const pair of pairs) {
    if (!Array.isArray(pair)) continue;
    const key: unknown = pair[0];
    if (isNode(key) && key.type === 'string') {
      const issue = checkPropertyName(stringField(key, 'value'), key);
      if (issue) return issue;
    }
  }
  return undefined;
}

/** `| pattern | update, ["field"] |` deletes fields by literal name. */
function checkTransformDeletes(node: AstNode): ExpressionIssue | undefined {
  for (const inner of collectNodes(node.delete).nodes) {
    if (inner.type !== 'string') continue;
    const issue = checkPropertyName(stringField(inner, 'value'), inner);
    if (issue) return issue;
  }
  return undefined;
}

function calledFunctionName(node: AstNode): string | undefined {
  return isNode(node.procedure) && node.procedure.type === 'variable' ? stringField(node.procedure, 'value') : undefined;
}

/**
 * `require("fs")`, `Error()`, `process.x.y()` call a *field*. The scope holds data only, so such a
 * call can never succeed; refusing it turns host-API guesses into a clear message. Functions are
 * called as `$name(...)` or through a lambda expression.
 */
function checkProcedure(node: AstNode): ExpressionIssue | undefined {
  const procedure = node.procedure;
  if (!isNode(procedure) || (procedure.type !== 'path' && procedure.type !== 'name')) return undefined;
  const steps = procedure.type === 'path' ? nodeArray(procedure.steps) : [procedure];
  const last = steps[steps.length - 1];
  const name = last ? stringField(last, 'value') : undefined;
  return forbidden(`${name ?? 'This'}(...) calls a field, not a function; call functions as $name(...).`, node);
}

function checkNode(node: AstNode, bound: ReadonlyMap<string, AstNode>): ExpressionIssue | undefined {
  switch (node.type) {
    case 'variable':
      return checkVariable(node, bound);
    case 'name':
      return checkPropertyName(stringField(node, 'value'), node);
    case 'regex':
      return forbidden(
        'Regular expressions are not allowed (catastrophic backtracking cannot be bounded); use $contains, $split or $replace with a plain string.',
        node,
      );
    case 'transform':
      return checkTransformDeletes(node);
    case 'unary':
      return node.value === '{' ? checkObjectKeys(node.lhs) : undefined;
    case 'function':
      // Picture parsing in $toMillis builds a backtracking regular expression from the picture.
      if (calledFunctionName(node) === 'toMillis' && nodeArray(node.arguments).length > 1) {
        return forbidden('$toMillis accepts only an ISO 8601 timestamp here (no picture string).', node);
      }
      return checkProcedure(node);
    case 'partial':
      return checkProcedure(node);
    default:
      return undefined;
  }
}

/** `path{key: value}` grouping; the group object itself carries no `type`. */
function checkGroup(group: unknown): ExpressionIssue | undefined {
  return typeof group === 'object' && group !== null && 'lhs' in group ? checkObjectKeys(group.lhs) : undefined;
}

function checkBoundNames(bound: ReadonlyMap<string, AstNode>): ExpressionIssue | undefined {
  for (const [name, node] of bound) {
    const denied = DENIED_FUNCTIONS.get(name);
    if (denied !== undefined) return forbidden(`$${name} cannot be bound: the builtin ${denied}.`, node);
  }
  return undefined;
}

function checkAll(nodes: readonly AstNode[]): ExpressionIssue | undefined {
  const bound = boundNames(nodes);
  const boundIssue = checkBoundNames(bound);
  if (boundIssue) return boundIssue;
  // Report the first problem in reading order, not in tree-walk order.
  let first: ExpressionIssue | undefined;
  for (const node of nodes) {
    const issue = checkNode(node, bound) ?? checkGroup(node.group);
    if (issue && (first === undefined || (issue.position ?? Infinity) < (first.position ?? Infinity))) first = issue;
  }
  return first;
}

// ---------------------------------------------------------------------------------------------
// References. Only paths evaluated against the scope object count: `items[price > 5]` reads
// `items` from the scope but `price` from each item, so `price` is not a reference.

/** Fields whose expressions run against something other than the current context. */
const RELATIVE_FIELDS: ReadonlySet<string> = new Set(['stages', 'predicate', 'group', 'terms', 'pattern', 'update', 'delete']);

function startOffset(step: AstNode, name: string, source: string): number {
  const end = positionOf(step) ?? name.length;
  // JSONata reports the offset just past a token; quoted names (`a b`, "a") carry two quotes.
  const start = source.slice(end - name.length, end) === name ? end - name.length : end - name.length - 2;
  return Math.max(0, start);
}

function referenceFrom(steps: readonly AstNode[], from: number, source: string): ExpressionReference | undefined {
  const head = steps[from];
  const root = head?.type === 'name' ? stringField(head, 'value') : undefined;
  if (head === undefined || root === undefined) return undefined;
  const path: string[] = [];
  for (const step of steps.slice(from + 1)) {
    const name = step.type === 'name' ? stringField(step, 'value') : undefined;
    if (name === undefined) break;
    path.push(name);
  }
  return { root, path, position: startOffset(head, root, source) };
}

/** Which step names the root field: `input.x` → 0; `$$.input.x` anywhere and `$.input.x` at the root → 1. */
function pathReference(steps: readonly AstNode[], atRoot: boolean, source: string): ExpressionReference | undefined {
  const first = steps[0];
  if (first === undefined) return undefined;
  if (first.type === 'name') return atRoot ? referenceFrom(steps, 0, source) : undefined;
  const variable = first.type === 'variable' ? stringField(first, 'value') : undefined;
  if (variable === '$' || (variable === '' && atRoot)) return referenceFrom(steps, 1, source);
  return undefined;
}

function collectReferences(value: unknown, atRoot: boolean, source: string, out: ExpressionReference[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, atRoot, source, out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (isNode(value) && value.type === 'path') {
    const steps = nodeArray(value.steps);
    const ref = pathReference(steps, atRoot, source);
    if (ref) out.push(ref);
    // The first step is evaluated in the path's own context, later steps against each result.
    steps.forEach((step, index) => collectFields(step, atRoot && index === 0, source, out));
    collectFields(value, atRoot, source, out, 'steps');
    return;
  }
  collectFields(value, atRoot, source, out);
}

function collectFields(node: object, atRoot: boolean, source: string, out: ExpressionReference[], skip?: string): void {
  const fields = node as Record<string, unknown>;
  for (const field of Object.keys(fields)) {
    const child = fields[field];
    if (field === skip || typeof child !== 'object' || child === null) continue;
    collectReferences(child, atRoot && !RELATIVE_FIELDS.has(field), source, out);
  }
}

function lambdaBodies(nodes: readonly AstNode[]): Set<object> {
  const bodies = new Set<object>();
  // Thunks are JSONata's tail-call wrappers, not functions the author wrote.
  for (const node of nodes) if (node.type === 'lambda' && node.thunk !== true && isNode(node.body)) bodies.add(node.body);
  return bodies;
}

/**
 * Operations that walk a whole value (`=`, `in`, `&`, truthiness, most builtins) cost its size,
 * not one step. Charging the operand's size at the point where it is consumed keeps the total
 * work proportional to the step budget even when the operand is a large value built earlier.
 */
function deepReads(nodes: readonly AstNode[]): Map<object, ReadCost> {
  const reads = new Map<object, ReadCost>();
  const mark = (node: unknown, cost: ReadCost): void => {
    if (isNode(node) && reads.get(node) !== 'quadratic') reads.set(node, cost);
  };
  for (const node of nodes) {
    if (node.type === 'binary') {
      mark(node.lhs, 'linear');
      mark(node.rhs, 'linear');
    } else if (node.type === 'apply') mark(node.lhs, 'linear');
    else if (node.type === 'condition') mark(node.condition, 'linear');
    else if (node.type === 'filter') mark(node.expr, 'linear');
    else if (node.type === 'function' || node.type === 'partial') {
      const name = calledFunctionName(node);
      if (name === undefined || !ALLOWED_FUNCTION_NAMES.has(name)) continue;
      // $distinct compares every item with every item kept so far; $spread appends item by item.
      const cost = name === 'distinct' || name === 'spread' ? 'quadratic' : 'linear';
      for (const arg of nodeArray(node.arguments)) mark(arg, cost);
    }
  }
  return reads;
}

/** JSONata appends every item to its group's array one at a time, so one big group is quadratic. */
function groupKeys(nodes: readonly AstNode[]): Map<object, object> {
  const keys = new Map<object, object>();
  const addPairs = (pairs: unknown, owner: AstNode): void => {
    if (!Array.isArray(pairs)) return;
    for (const pair of pairs) if (Array.isArray(pair) && isNode(pair[0])) keys.set(pair[0], owner);
  };
  for (const node of nodes) {
    if (node.type === 'unary' && node.value === '{') addPairs(node.lhs, node);
    if (typeof node.group === 'object' && node.group !== null && 'lhs' in node.group) addPairs(node.group.lhs, node);
  }
  return keys;
}

export function analyzeAst(ast: jsonata.ExprNode, source: string): AstAnalysis {
  const { nodes, tooDeep } = collectNodes(ast);
  if (tooDeep) {
    const position = positionOf(tooDeep);
    const message = `Expression is nested more than ${MAX_AST_DEPTH} levels deep.`;
    return { ok: false, error: position === undefined ? { code: 'EXPR_LIMIT', message } : { code: 'EXPR_LIMIT', message, position } };
  }
  const issue = checkAll(nodes);
  if (issue) return { ok: false, error: issue };
  const references: ExpressionReference[] = [];
  collectReferences(ast, true, source, references);
  references.sort((a, b) => a.position - b.position);
  return { ok: true, references };
}

/**
 * Budget hints for the tree that will be evaluated (they are keyed by its nodes). Separate from
 * analyzeAst because validation never evaluates: only expressions that reach JSONata need them.
 */
export function runtimeHints(ast: jsonata.ExprNode): RuntimeHints {
  const { nodes } = collectNodes(ast);
  return { lambdaBodies: lambdaBodies(nodes), deepReads: deepReads(nodes), groupKeys: groupKeys(nodes) };
}
