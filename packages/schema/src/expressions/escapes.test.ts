import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ExpressionError, evaluateExpression, parseExpression, type ExpressionErrorCode, type ExpressionScope } from './index.ts';

/**
 * Known sandbox-escape and denial-of-service payloads, transplanted from attacks on other
 * expression sandboxes (n8n, riot-tmpl, vm2, lodash templates) and from JSONata's own surface.
 * `refusedAt: 'parse'` means the static check must already reject it; every payload must also
 * be rejected by evaluateExpression, and none may leave a trace in the host.
 */
type Payload = { name: string; source: string; code: ExpressionErrorCode; refusedAt: 'parse' | 'evaluate' };

const doubling = '( $s := "aaaaaaaaaaaaaaaa"; $d := function($s, $n){ $n = 0 ? $s : $d($s & $s, $n - 1) }; $d($s, 40) )';
const sharedStructure = '( $a := {"x": 1}; ' + '$a := {"x": $a, "y": $a}; '.repeat(25) + '$string($a) )';
const redosPicture = '[MNn][FNn][MNn][FNn][MNn][FNn][MNn][FNn]';
const redosText = 'a'.repeat(200) + '1';

const payloads: Payload[] = [
  // Reaching the JavaScript object model through property names.
  { name: 'constructor of a builtin', source: '$string.constructor', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  {
    name: 'Function via builtin constructor',
    source: '$string.constructor("return process")()',
    code: 'EXPR_FORBIDDEN',
    refusedAt: 'parse',
  },
  {
    name: 'object literal constructor chain',
    source: '{}.constructor.constructor("return process")()',
    code: 'EXPR_FORBIDDEN',
    refusedAt: 'parse',
  },
  { name: 'context constructor', source: '$.constructor', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'root __proto__', source: '$$.__proto__', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'backtick-quoted constructor', source: '`constructor`', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'backtick-quoted chain', source: 'input.`__proto__`.`constructor`', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'string-literal path steps', source: 'input."constructor"."prototype"', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'unicode-escaped name', source: '$."\\u0063onstructor"', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'string literal constructor', source: '"".constructor.constructor("return this")()', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'array literal constructor', source: '[].constructor', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '__defineGetter__', source: '$.__defineGetter__', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '__lookupGetter__', source: 'input.__lookupGetter__("x")', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  {
    name: 'arguments.callee.caller.constructor',
    source: 'input.arguments.callee.caller.constructor',
    code: 'EXPR_FORBIDDEN',
    refusedAt: 'parse',
  },
  { name: 'prototype of data', source: 'input.items.prototype', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'descendant constructor', source: '**.constructor', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'wildcard __proto__', source: '*.__proto__', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  {
    name: 'n8n / riot-tmpl this.constructor',
    source: "this.constructor.constructor('return process')()",
    code: 'EXPR_FORBIDDEN',
    refusedAt: 'parse',
  },
  { name: '$function.constructor', source: '$function.constructor', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'lambda constructor', source: '(function(){ 1 }).constructor', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  {
    name: 'lambda constructor call',
    source: '(function($x){ $x }).constructor("return process")()',
    code: 'EXPR_FORBIDDEN',
    refusedAt: 'parse',
  },
  {
    name: 'constructor inside a lambda body',
    source: '$map([1], function($v){ $v.constructor })',
    code: 'EXPR_FORBIDDEN',
    refusedAt: 'parse',
  },
  { name: 'constructor in a sort term', source: 'input.items^(constructor)', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },

  // Computed names and code from strings.
  { name: '$lookup with a concatenated key', source: '$lookup($, "constr" & "uctor")', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  {
    name: '$lookup chain to Function',
    source: '$lookup($lookup($string, "constructor"), "constructor")("return process")()',
    code: 'EXPR_FORBIDDEN',
    refusedAt: 'parse',
  },
  {
    name: '$lookup passed as a value',
    source: '$map(["constructor"], function($k){ $lookup($, $k) })',
    code: 'EXPR_FORBIDDEN',
    refusedAt: 'parse',
  },
  { name: '$eval of a built string', source: '$eval("$string." & "constructor")', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '$eval of plain code', source: '$eval("1 + 1")', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '$eval aliased', source: '( $e := $eval; $e("1") )', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '$eval rebound', source: '( $eval := function($x){ $x }; $eval("1") )', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'lambda parameter named $eval', source: '(function($eval){ $eval("1") })($string)', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'context binding named $lookup', source: 'input.items@$lookup.$lookup', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },

  // Enumerating prototype members.
  { name: '$keys of a prototype', source: '$keys($$.__proto__)', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '$each over a constructor', source: '$each($.constructor, function($v, $k){ $k })', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '$sift over a prototype', source: '$sift($.__proto__, function($v){ true })', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '$spread of a prototype', source: '$spread(input.__proto__)', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },

  // Prototype pollution.
  { name: 'object literal __proto__ key', source: '{"__proto__": {"polluted": 1}}', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'unicode-escaped __proto__ key', source: '{"\\u005f_proto__": {"polluted": 1}}', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '$merge with __proto__', source: '$merge([{}, {"__proto__": {"polluted": 1}}])', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  {
    name: '$merge with constructor.prototype',
    source: '$merge([$, {"constructor": {"prototype": {"polluted": 1}}}])',
    code: 'EXPR_FORBIDDEN',
    refusedAt: 'parse',
  },
  { name: 'grouping with a __proto__ key', source: 'input.items{"__proto__": price}', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'transform setting __proto__', source: '$ ~> |$|{"__proto__": {"polluted": 1}}|', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'transform deleting constructor', source: '$ ~> |$|{}, ["constructor"]|', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'assignment into a prototype', source: '$.__proto__.polluted := 1', code: 'EXPR_SYNTAX', refusedAt: 'parse' },
  {
    name: 'fake JSONata lambda via object literal',
    source: '{"_jsonata_lambda": true, "body": 1}',
    code: 'EXPR_RUNTIME',
    refusedAt: 'evaluate',
  },
  { name: 'fake JSONata lambda in scope data', source: '( $f := input.fake; $f() )', code: 'EXPR_RUNTIME', refusedAt: 'evaluate' },

  // Host globals and JavaScript syntax.
  { name: '$process', source: '$process', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '$globalThis', source: '$globalThis.__pwned', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '$require', source: '$require("child_process")', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  {
    name: 'process.mainModule.require',
    source: 'process.mainModule.require("child_process").execSync("id")',
    code: 'EXPR_FORBIDDEN',
    refusedAt: 'parse',
  },
  { name: 'bare require()', source: 'require("fs")', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'dynamic import()', source: 'import("child_process")', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: 'Error().stack', source: 'Error().stack', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  {
    name: 'vm2-style Reflect.construct',
    source: 'Reflect.construct(Function, ["return process"])()',
    code: 'EXPR_FORBIDDEN',
    refusedAt: 'parse',
  },
  { name: 'new Function', source: 'new Function("return process")()', code: 'EXPR_SYNTAX', refusedAt: 'parse' },
  { name: 'assignment to globalThis', source: 'globalThis.__pwned = 1; globalThis.__pwned := 1', code: 'EXPR_SYNTAX', refusedAt: 'parse' },
  { name: 'arrow function', source: '(x => x.constructor)(1)', code: 'EXPR_SYNTAX', refusedAt: 'parse' },
  { name: 'async function', source: '(async function(){ return process })()', code: 'EXPR_SYNTAX', refusedAt: 'parse' },
  { name: 'generator function', source: 'function*(){ yield process }', code: 'EXPR_SYNTAX', refusedAt: 'parse' },
  { name: 'JS statement', source: 'var x = process; x', code: 'EXPR_SYNTAX', refusedAt: 'parse' },

  // Nondeterminism and host dependence.
  { name: '$random()', source: '$random()', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '$shuffle()', source: '$shuffle([1, 2, 3])', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '$base64encode (Node Buffer)', source: '$base64encode("x")', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },

  // Regular expressions (ReDoS).
  { name: 'regex literal', source: '/(a+)+$/', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  {
    name: '$match with a ReDoS regex',
    source: '$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /(a+)+$/)',
    code: 'EXPR_FORBIDDEN',
    refusedAt: 'parse',
  },
  { name: '$replace with a regex', source: '$replace("aaaa!", /(a|aa)+$/, "x")', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '$contains with a regex', source: '$contains(input.customer.name, /(a+)+b/)', code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  { name: '$toMillis picture ReDoS', source: `$toMillis("${redosText}", "${redosPicture}")`, code: 'EXPR_FORBIDDEN', refusedAt: 'parse' },
  {
    name: '$toMillis picture ReDoS via an alias',
    source: `( $t := $toMillis; $t("${redosText}", "${redosPicture}") )`,
    code: 'EXPR_FORBIDDEN',
    refusedAt: 'evaluate',
  },

  // Size and work.
  { name: 'very long source', source: '1' + '+1'.repeat(2500), code: 'EXPR_TOO_LONG', refusedAt: 'parse' },
  { name: 'deeply nested parentheses', source: '('.repeat(1000) + '1' + ')'.repeat(1000), code: 'EXPR_LIMIT', refusedAt: 'parse' },
  { name: 'deeply nested arrays', source: '['.repeat(600) + '1' + ']'.repeat(600), code: 'EXPR_LIMIT', refusedAt: 'parse' },
  { name: 'huge range', source: '[1..10000000]', code: 'EXPR_LIMIT', refusedAt: 'evaluate' },
  { name: 'huge range consumed', source: '$count([1..9999999])', code: 'EXPR_LIMIT', refusedAt: 'evaluate' },
  { name: 'infinite tail recursion', source: '( $f := function(){ $f() }; $f() )', code: 'EXPR_LIMIT', refusedAt: 'evaluate' },
  { name: 'infinite recursion', source: '( $f := function($n){ 1 + $f($n) }; $f(1) )', code: 'EXPR_LIMIT', refusedAt: 'evaluate' },
  {
    name: 'mutual recursion',
    source: '( $a := function($n){ $b($n) + 1 }; $b := function($n){ $a($n) + 1 }; $a(1) )',
    code: 'EXPR_LIMIT',
    refusedAt: 'evaluate',
  },
  { name: 'huge padding', source: '$pad("", 1000000000)', code: 'EXPR_LIMIT', refusedAt: 'evaluate' },
  { name: 'string doubling', source: doubling, code: 'EXPR_LIMIT', refusedAt: 'evaluate' },
  { name: 'shared-structure blowup', source: sharedStructure, code: 'EXPR_LIMIT', refusedAt: 'evaluate' },
  { name: 'quadratic $distinct', source: '$count($distinct([1..30000]))', code: 'EXPR_LIMIT', refusedAt: 'evaluate' },
  { name: 'function leaking as result', source: '$spread($sum)', code: 'EXPR_RESULT', refusedAt: 'evaluate' },
];

/** Constructs that look like attacks but only ever see the expression's own plain data. */
const harmless: Array<{ name: string; source: string; expected: unknown }> = [
  { name: 'template-literal-looking name', source: '`${process.env}`', expected: undefined },
  { name: '$sift hunting for constructor', source: '$sift($$, function($v, $k){ $k = "constructor" })', expected: undefined },
  { name: '$keys sees own data only', source: '$keys(input.customer)', expected: 'name' },
  { name: '$each sees own data only', source: '$each(input.customer, function($v, $k){ $k })', expected: 'name' },
  { name: '$spread sees own data only', source: '$spread(input.customer)', expected: { name: 'Ada' } },
  { name: 'implementation of a builtin', source: '$string.implementation', expected: undefined },
  { name: 'signature of a builtin', source: '$sum.signature.validate', expected: undefined },
  { name: 'environment of a lambda', source: '( $f := function(){ 1 }; $f.environment )', expected: undefined },
  { name: 'descendants of a lambda', source: '( $f := function(){ 1 }; $type($f.**) )', expected: 'function' },
  { name: 'string of a builtin', source: '$string($string)', expected: '' },
  { name: 'string predicate is just truthy', source: 'input.customer["constructor"].name', expected: 'Ada' },
  { name: '__proto__ key in scope JSON is dropped', source: 'input.parsed', expected: { ok: 1 } },
  // JSONata 2.2 builds objects without a prototype, so a computed "__proto__" key is an ordinary
  // key inside the sandbox; it is dropped when the result leaves.
  { name: 'computed __proto__ key', source: '{"__pro" & "to__": {"polluted": 1}}', expected: {} },
  { name: '$merge with a computed __proto__ key', source: '$merge([{"a": 1}, {"__pro" & "to__": {"polluted": 1}}])', expected: { a: 1 } },
  {
    name: 'options object with a computed __proto__',
    source: '$formatNumber(1234.5, "#,##0.00", {"__pro" & "to__": {"decimal-separator": "X"}})',
    expected: '1,234.50',
  },
  { name: '$merge of scope data with a __proto__ key', source: '$merge([input.parsed, {"a": 1}])', expected: { ok: 1, a: 1 } },
];

declare global {
  var __pwned: unknown;
}

function scope(): ExpressionScope {
  return {
    input: {
      customer: { name: 'Ada' },
      items: [{ price: 1 }, { price: 2 }],
      // What a forged JSONata lambda would look like if it arrived in stored data.
      fake: { _jsonata_lambda: true, body: { type: 'string', value: 'x' }, environment: {}, input: {}, arguments: [] },
      parsed: JSON.parse('{"__proto__": {"polluted": 1}, "ok": 1}'),
    },
    vars: {},
    steps: {},
    run: { id: 'run-1', startedAt: '2024-01-01T00:00:00.000Z' },
  };
}

const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype];
const snapshot = (): string[] => prototypes.map((p) => Object.getOwnPropertyNames(p).sort().join(','));
const pristine = snapshot();

function expectNoTrace(result: unknown): void {
  expect(globalThis.__pwned).toBeUndefined();
  expect(snapshot()).toEqual(pristine);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(typeof result).not.toBe('function');
  expect(result).not.toBe(globalThis);
  if (typeof process !== 'undefined') expect(result).not.toBe(process);
}

async function settle(source: string): Promise<{ result?: unknown; error?: unknown }> {
  try {
    return { result: await evaluateExpression(source, scope()) };
  } catch (error) {
    return { error };
  }
}

beforeEach(() => {
  globalThis.__pwned = undefined;
});

afterAll(() => {
  expect(snapshot()).toEqual(pristine);
});

describe('escape payloads', () => {
  it('has a substantial corpus', () => {
    expect(payloads.length).toBeGreaterThanOrEqual(35);
    expect(new Set(payloads.map((p) => p.name)).size).toBe(payloads.length);
  });

  it.each(payloads)('refuses $name', async ({ source, code, refusedAt }) => {
    const parsed = parseExpression(source);
    if (refusedAt === 'parse') {
      expect(parsed).toMatchObject({ ok: false, error: { code } });
    } else {
      expect(parsed.ok).toBe(true);
    }
    const { result, error } = await settle(source);
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).code).toBe(code);
    expect(result).toBeUndefined();
    expectNoTrace(result);
  });

  it.each(harmless)('contains $name', async ({ source, expected }) => {
    const { result, error } = await settle(source);
    expect(error).toBeUndefined();
    expect(result).toEqual(expected);
    expectNoTrace(result);
  });
});
