import fc from 'fast-check';
import jsonata from 'jsonata';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeAst } from './analyze.ts';
import { batchable, parseBatch } from './batch.ts';
import { compile, compileMany, evaluate } from './runtime.ts';

/**
 * Batch parsing must be invisible: whenever a batch parses, every item's tree is the tree JSONata
 * builds for that source alone (so the analysis — references, refusals — is the same), and a
 * source that fails alone never slips through inside a batch. Random sources, built to probe the
 * seams: strings and names holding separators, ranges, transforms, parent `%`, comments, broken
 * fragments and sources glued together.
 */

/** A tree as plain data: functions (signature validators) and parent-slot numbering left out. */
function normalize(value: unknown): unknown {
  if (typeof value === 'function') return '[function]';
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value !== 'object' || value === null) return value;
  const isSlot = 'level' in value && 'label' in value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // JSONata numbers `%` slots across one parser call; analysis never reads the numbers.
    if (isSlot && (key === 'label' || key === 'index')) continue;
    out[key] = normalize(child);
  }
  return out;
}

const leaf = fc.constantFrom(
  'a',
  'vars.total',
  'input.seed',
  'steps.n1.v',
  '`a, b`',
  '`x]`',
  'and',
  'in',
  '1',
  '0',
  '1.5',
  '1e3',
  '-2',
  '"a,b"',
  "'x]'",
  '"q\\"q"',
  '"\\u0041,"',
  '"a/b"',
  '"..."',
  '"*/"',
  'true',
  'null',
  '$',
  '$$',
  '$x',
  '$sum',
  '%',
  '*',
  '**',
  'a"b',
  '1a',
);

const binaryOps = ['+', '-', '*', '%', '=', '!=', '<', '>=', 'and', 'or', 'in', '&', '.', '~>', '?:', '??', ':='];

const composite: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('expr'), fc.constantFrom(...binaryOps), tie('expr')).map(([l, op, r]) => `${l} ${op} ${r}`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `[${a}, ${b}]`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `[${a}..${b}]`),
    fc.tuple(tie('expr'), tie('expr')).map(([k, v]) => `{${k}: ${v}}`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `${a}[${b}]`),
    tie('expr').map((a) => `${a}[]`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `$sum(${a}, ${b})`),
    tie('expr').map((a) => `function($x){ ${a} }`),
    tie('expr').map((a) => `($x := ${a}; $x)`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, t, e]) => `${c} ? ${t} : ${e}`),
    fc.tuple(tie('expr'), tie('expr')).map(([c, t]) => `${c} ? ${t}`),
    fc.tuple(tie('expr'), tie('expr')).map(([p, u]) => `| ${p} | ${u} |`),
    fc.tuple(tie('expr'), tie('expr')).map(([p, u]) => `| ${p} | ${u}, ["y"] |`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `${a}^(${b})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, k, v]) => `${a}{${k}: ${v}}`),
    tie('expr').map((a) => `a.b@$o.${a}`),
    tie('expr').map((a) => `a#$i.${a}`),
    tie('expr').map((a) => `a.b.%.${a}`),
    tie('expr').map((a) => `-${a}`),
    tie('expr').map((a) => `/* c, */ ${a}`),
    tie('expr').map((a) => `(${a})`),
  ),
})).expr;

const PUNCTUATION = [',', '[', ']', '(', ')', '{', '}', '"', "'", '`', '.', '..', '|', '/', '%', ';', ':', '?', ' ', '\\'];

/** Broken or glued sources: what a half-typed edit on the canvas looks like. */
const mutated = fc.oneof(
  fc.tuple(composite, fc.nat()).map(([s, n]) => s.slice(0, n % (s.length + 1))),
  fc.tuple(composite, fc.nat(), fc.constantFrom(...PUNCTUATION)).map(([s, n, p]) => {
    const at = n % (s.length + 1);
    return s.slice(0, at) + p + s.slice(at);
  }),
  fc.tuple(composite, fc.constantFrom(...PUNCTUATION), composite).map(([a, p, b]) => `${a}${p}${b}`),
);

const source = fc.oneof({ weight: 3, arbitrary: composite }, { weight: 2, arbitrary: mutated }).filter((s) => s.trim() !== '');

function parseAlone(text: string): { ok: true; ast: jsonata.ExprNode } | { ok: false } {
  try {
    return { ok: true, ast: jsonata(text).ast() };
  } catch {
    return { ok: false };
  }
}

describe('batch parsing', () => {
  const seen = { batches: 0, items: 0 };
  afterAll(() => {
    // The property is only worth something if batches do parse; a generator gone wrong would hide that.
    expect(seen.batches).toBeGreaterThan(50);
  });

  it('gives every item the tree and analysis of the source parsed alone', () => {
    fc.assert(
      fc.property(fc.array(source, { minLength: 2, maxLength: 8 }), (all) => {
        const sources = all.filter(batchable);
        if (sources.length < 2) return;
        const trees = parseBatch(sources);
        if (!trees) return;
        seen.batches += 1;
        sources.forEach((text, i) => {
          const alone = parseAlone(text);
          expect(alone.ok, `"${text}" parses alone`).toBe(true);
          if (!alone.ok) return;
          const tree = trees[i] as jsonata.ExprNode;
          expect(normalize(tree)).toEqual(normalize(alone.ast));
          expect(analyzeAst(tree, text)).toEqual(analyzeAst(alone.ast, text));
          seen.items += 1;
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps out sources whose tokens or top level the array syntax would change', () => {
    for (const text of [
      '1..3',
      'a, b',
      '"open',
      '`open',
      'a]',
      '(a',
      '/* c */ 1',
      'a / b',
      '$match(a, /x/)',
      '| a | b, ["c"] |',
      'a"b,c"',
    ]) {
      expect(batchable(text), text).toBe(false);
    }
    for (const text of ['[1..3]', '$sum(a, b)', '"a, b"', '`a, b`', 'a.b.%.c', '{ "k": [1, 2] }', 'a ? b : c']) {
      expect(batchable(text), text).toBe(true);
    }
  });

  it('refuses a batch where a transform takes the separator as its delete list', () => {
    // `[| a | b,c |, d]`: each source is batchable, but together they are one item too few.
    expect(parseBatch(['| a | b', 'c |', 'd'])).toBeUndefined();
  });
});

describe('compileMany', () => {
  it('returns what compile returns, also around sources that do not parse', () => {
    const salt = `${Date.now()}${Math.random()}`.replace('.', '');
    const sources = [
      `vars.a${salt} + 1`,
      `input.b${salt} = "x"`,
      `vars.c${salt} +`,
      `$eval("1")`,
      `steps.n${salt}.v`,
      `1..2`,
      ...Array.from({ length: 20 }, (_, i) => `vars.v${salt} * ${i}`),
      `"unterminated${salt}`,
      `vars.v${salt} * 0`,
    ];
    const many = compileMany(sources);
    const one = sources.map((s) => compile(s));
    expect(many).toEqual(one);
    expect(many.map((r) => r.ok)).toEqual(sources.map((s) => !/\+$|eval|1\.\.2|unterminated/.test(s)));
  });

  it('evaluates batch-compiled expressions on the fast path and through JSONata', async () => {
    const salt = `${Date.now()}${Math.random()}`.replace('.', '');
    const fast = `vars.n + ${salt.length}`;
    const slow = `$sum([vars.n, ${salt.length}])`;
    compileMany([fast, slow]);
    const scope = { input: {}, vars: { n: 2 }, steps: {}, run: { id: 'r', startedAt: '' } };
    await expect(evaluate(fast, scope)).resolves.toBe(2 + salt.length);
    await expect(evaluate(slow, scope)).resolves.toBe(2 + salt.length);
    await expect(evaluate(slow, scope, { fastPath: false })).resolves.toBe(2 + salt.length);
  });
});
