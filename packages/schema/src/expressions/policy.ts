/**
 * What an expression may touch. Kept as data so the README, the static check and the tests
 * share one source of truth.
 */

export const MAX_SOURCE_LENGTH = 4000;

/** Static nesting limit of the syntax tree; real conditions and mappings stay far below. */
export const MAX_AST_DEPTH = 200;

export const DEFAULT_LIMITS = {
  maxSteps: 50_000,
  maxDepth: 200,
  maxResultBytes: 1024 * 1024,
} as const;

/**
 * Hard caps that are not per-call options. A value's weight is roughly its node count (long
 * strings weigh one unit per 64 characters); it bounds what a single intermediate value can
 * cost to walk, which matters because values may share structure (a 30-step doubling builds a
 * billion-node tree in 30 steps).
 */
export const MAX_VALUE_WEIGHT = 1_000_000;
/** Nesting of data values (scope, intermediates, result). JSON deeper than this is not business data. */
export const MAX_DATA_DEPTH = 128;
/** Node count of the copied scope; beyond this the caller is passing something that is not a record. */
export const MAX_SCOPE_NODES = 1_000_000;
/** JSONata's own pre-allocation check for ranges and sequences (`[1..n]`), applied before memory is taken. */
export const MAX_SEQUENCE_LENGTH = 1_000_000;

/**
 * Property names that lead from data to the JavaScript object model. JSONata 2 already reads
 * own properties only and the scope is copied into null-prototype objects, so this is the third
 * fence, not the first: it turns a would-be escape into a clear validation error.
 */
export const FORBIDDEN_PROPERTY_NAMES: ReadonlySet<string> = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  // Not 'caller'/'arguments': they only mean something on functions, which data never holds, and
  // "caller" is an ordinary field in service data (the person who phoned).
]);

/** The JSONata builtins an expression may call, by family. */
export const ALLOWED_FUNCTIONS = {
  aggregation: ['sum', 'count', 'max', 'min', 'average'],
  string: [
    'string',
    'substring',
    'substringBefore',
    'substringAfter',
    'lowercase',
    'uppercase',
    'length',
    'trim',
    'pad',
    'contains',
    'split',
    'join',
    'replace',
    'formatNumber',
    'formatBase',
    'formatInteger',
    'parseInteger',
    'encodeUrlComponent',
    'encodeUrl',
    'decodeUrlComponent',
    'decodeUrl',
  ],
  number: ['number', 'floor', 'ceil', 'round', 'abs', 'sqrt', 'power'],
  boolean: ['boolean', 'not', 'exists'],
  array: ['append', 'reverse', 'sort', 'distinct', 'zip', 'map', 'filter', 'single', 'reduce'],
  object: ['keys', 'spread', 'merge', 'each', 'sift', 'type', 'clone'],
  date: ['now', 'millis', 'fromMillis', 'toMillis'],
  control: ['error', 'assert'],
} as const;

/**
 * JSONata builtins that are refused, with the reason shown to the author. Together with
 * ALLOWED_FUNCTIONS this covers every builtin of jsonata 2.2.2 (a test checks that), so a local
 * binding can never be used to smuggle one of these names into scope.
 */
export const DENIED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['eval', 'evaluates a string as an expression, which would bypass every static check'],
  ['lookup', 'reads a property by a computed name, which could rebuild a forbidden name'],
  ['random', 'is not deterministic (workflow replay would diverge)'],
  ['shuffle', 'is not deterministic (workflow replay would diverge)'],
  ['match', 'needs a regular expression; regular expressions are not allowed (ReDoS)'],
  ['base64encode', 'depends on the host (Node Buffer or window.btoa) and is unavailable in the workflow sandbox'],
  ['base64decode', 'depends on the host (Node Buffer or window.atob) and is unavailable in the workflow sandbox'],
]);

export const ALLOWED_FUNCTION_NAMES: ReadonlySet<string> = new Set(Object.values(ALLOWED_FUNCTIONS).flat());
