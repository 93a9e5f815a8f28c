import { it } from 'vitest';
import { evaluateExpression } from './index.ts';
const scope = { input: {}, vars: {}, steps: {}, run: { id: 'r', startedAt: '' } };
const body = (v: string, n: number) => `$${v} := {"x": 1}; ` + `$${v} := {"x": $${v}, "y": $${v}}; `.repeat(n);
const srcs = [
  '( ' + body('a', 18) + body('b', 18) + '[1..100].($a = $b) ~> $count() )',
  '( ' + body('a', 12) + body('b', 12) + '[1..100].($a = $b) ~> $count() )',
  '( ' + body('a', 10) + body('b', 10) + '[1..10000].($a = $b) ~> $count() )',
  '( ' + body('a', 14) + '[1..10000].($a.$string()) ~> $count() )',
  '( ' + body('a', 14) + '[1..10000].($a ? 1 : 0) ~> $count() )',
  '$count($distinct([1..20000]))',
  '$count($distinct([1..3000]))',
  '$count([1..20000]{"k": $}.k)',
  '( $a := [1..40000]; [1..3000].($count($a)) ~> $count() )',
];
it('perf', async () => {
  for (const s of srcs) {
    const t = Date.now();
    let r: unknown;
    try { r = await evaluateExpression(s, scope); } catch (e) { r = `ERR ${(e as {code: string}).code} ${(e as Error).message}`; }
    console.log(s.slice(-60), s.length, '\n   =>', JSON.stringify(r)?.slice(0, 150), Date.now() - t, 'ms');
  }
}, 600000);
