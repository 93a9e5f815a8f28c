import { evaluateExpression, evaluateExpressionNow, parseExpression, type ExpressionScope } from './expressions/index.ts';
import { runSteps, step, type PromiseOrValue, type Steps } from './steps.ts';

/**
 * Message templates: literal text with `{{ expression }}` holes, e.g.
 * `Invoice {{ input.invoiceId }} is due on {{ input.dueDate }}`. Each hole is an ordinary
 * expression, so templates get the same sandbox, limits and validation as conditions.
 */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'expression'; source: string };

const HOLE = /\{\{([\s\S]*?)\}\}/g;

export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(HOLE)) {
    const index = match.index;
    if (index > last) parts.push({ kind: 'text', text: template.slice(last, index) });
    parts.push({ kind: 'expression', source: (match[1] ?? '').trim() });
    last = index + match[0].length;
  }
  if (last < template.length) parts.push({ kind: 'text', text: template.slice(last) });
  return parts;
}

/** The expression sources inside a template, for validation. */
export function templateExpressions(template: string): string[] {
  return parseTemplate(template).flatMap((p) => (p.kind === 'expression' ? [p.source] : []));
}

export function templateIsValid(template: string): boolean {
  return templateExpressions(template).every((source) => parseExpression(source).ok);
}

function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export async function renderTemplate(template: string, scope: ExpressionScope, options?: { now?: Date }): Promise<string> {
  const pieces: string[] = [];
  for (const part of parseTemplate(template)) {
    pieces.push(part.kind === 'text' ? part.text : display(await evaluateExpression(part.source, scope, options)));
  }
  return pieces.join('');
}

/**
 * renderTemplate, sync-first (see steps.ts): the text itself when every hole is ready now, else a
 * promise of it; a failure before evaluation is thrown. renderTemplate stays as it is: parallel
 * branches await it, and the microtask turns it takes are part of their command order on replay.
 */
export function renderTemplateNow(template: string, scope: ExpressionScope, options?: { now?: Date }): PromiseOrValue<string> {
  return runSteps(
    (function* (): Steps<string> {
      const pieces: string[] = [];
      for (const part of parseTemplate(template)) {
        pieces.push(part.kind === 'text' ? part.text : display(yield* step(evaluateExpressionNow(part.source, scope, options))));
      }
      return pieces.join('');
    })(),
  );
}
