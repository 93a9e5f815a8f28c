import { ALLOWED_FUNCTIONS, EXPRESSION_ROOTS, parseExpression, type ExpressionReference } from '@trackway/schema';

/** What an expression can refer to in the open flow; feeds completion and the undeclared-name check. */
export interface ExpressionContext {
  readonly inputFields: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  readonly variables: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  readonly nodes: ReadonlyArray<{ readonly id: string; readonly label: string; readonly type: string }>;
}

export type CodeMode = 'expression' | 'template';

export interface CodeProblem {
  /** 0-based offsets into the field's text. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface Suggestion {
  readonly label: string;
  readonly kind: 'root' | 'field' | 'variable' | 'step' | 'function' | 'keyword';
  readonly insertText: string;
  readonly detail: string;
}

const RUN_FIELDS = [
  { name: 'id', detail: 'run id (text)' },
  { name: 'startedAt', detail: 'when the run started (ISO date)' },
];

const ROOT_DETAIL: Record<(typeof EXPRESSION_ROOTS)[number], string> = {
  input: "the run's input fields",
  vars: "the flow's variables",
  steps: 'outputs of earlier steps, by node id',
  run: 'the run itself: id, startedAt',
};

const FUNCTIONS = Object.values(ALLOWED_FUNCTIONS).flat();

/** The sources of a field: the whole text for an expression, each `{{ … }}` hole for a template. */
export function expressionSpans(text: string, mode: CodeMode): Array<{ source: string; offset: number }> {
  if (mode === 'expression') return [{ source: text, offset: 0 }];
  const spans: Array<{ source: string; offset: number }> = [];
  for (const match of text.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
    const inner = match[1] ?? '';
    const lead = inner.length - inner.trimStart().length;
    spans.push({ source: inner.trim(), offset: match.index + 2 + lead });
  }
  return spans;
}

function undeclared(ref: ExpressionReference, ctx: ExpressionContext): string | undefined {
  if (!(EXPRESSION_ROOTS as readonly string[]).includes(ref.root)) {
    return `“${ref.root}” is not defined; expressions can read input, vars, steps and run.`;
  }
  const name = ref.path[0];
  if (name === undefined) return undefined;
  if (ref.root === 'input' && !ctx.inputFields.some((f) => f.name === name))
    return `Input field “${name}” is not declared (add it under Flow › Input).`;
  if (ref.root === 'vars' && !ctx.variables.some((v) => v.name === name))
    return `Variable “${name}” is not declared (add it under Flow › Variables).`;
  if (ref.root === 'steps' && !ctx.nodes.some((n) => n.id === name)) return `There is no node with id “${name}”.`;
  if (ref.root === 'run' && !RUN_FIELDS.some((f) => f.name === name))
    return `run has no “${name}”; it has ${RUN_FIELDS.map((f) => f.name).join(' and ')}.`;
  return undefined;
}

/**
 * Problems to underline in the editor: the flow language's own parse result (syntax, sandbox
 * rules) plus references to names the flow does not declare, each at its place in the text.
 */
export function codeProblems(text: string, mode: CodeMode, ctx: ExpressionContext): CodeProblem[] {
  const problems: CodeProblem[] = [];
  const clamp = (n: number) => Math.max(0, Math.min(text.length, n));
  if (mode === 'template') {
    const opened = (text.match(/\{\{/g) ?? []).length;
    const closed = (text.match(/\{\{[\s\S]*?\}\}/g) ?? []).length;
    if (opened > closed) {
      const at = text.lastIndexOf('{{');
      problems.push({
        start: at,
        end: at + 2,
        message: 'This “{{” is never closed with “}}”; it will be sent as text.',
        severity: 'warning',
      });
    }
  }
  for (const { source, offset } of expressionSpans(text, mode)) {
    if (mode === 'template' && source === '') {
      problems.push({
        start: clamp(offset - 2),
        end: clamp(offset + 2),
        message: 'Empty {{ }}: put an expression inside.',
        severity: 'error',
      });
      continue;
    }
    if (mode === 'expression' && source.trim() === '') continue; // "required" is the form's message
    const parsed = parseExpression(source);
    if (!parsed.ok) {
      const at = parsed.error.position ?? source.length;
      const end = clamp(offset + Math.max(1, at));
      problems.push({ start: clamp(Math.min(end - 1, offset + at - 1)), end, message: parsed.error.message, severity: 'error' });
      continue;
    }
    for (const ref of parsed.references) {
      const message = undeclared(ref, ctx);
      if (!message) continue;
      const start = offset + ref.position;
      const length = [ref.root, ...ref.path.slice(0, 1)].join('.').length;
      problems.push({ start: clamp(start), end: clamp(start + length), message, severity: 'error' });
    }
  }
  return problems;
}

/** Completion at the cursor: roots, then fields of a root after `input.`, `vars.`, `steps.`, `run.`. */
export function completionsAt(textBefore: string, ctx: ExpressionContext): Suggestion[] {
  const member = /\b(input|vars|steps|run)\.([A-Za-z0-9_]*)$/.exec(textBefore);
  if (member) {
    switch (member[1]) {
      case 'input':
        return ctx.inputFields.map((f) => ({ label: f.name, kind: 'field', insertText: f.name, detail: `input field (${f.type})` }));
      case 'vars':
        return ctx.variables.map((v) => ({ label: v.name, kind: 'variable', insertText: v.name, detail: `variable (${v.type})` }));
      case 'steps':
        return ctx.nodes.map((n) => ({
          label: n.id,
          kind: 'step',
          insertText: n.id,
          detail: `output of “${n.label || n.id}” (${n.type})`,
        }));
      default:
        return RUN_FIELDS.map((f) => ({ label: f.name, kind: 'field', insertText: f.name, detail: f.detail }));
    }
  }
  if (/\$[A-Za-z]*$/.test(textBefore)) {
    return FUNCTIONS.map((name) => ({ label: `$${name}`, kind: 'function', insertText: `${name}()`, detail: 'function' }));
  }
  return [
    ...EXPRESSION_ROOTS.map((root) => ({ label: root, kind: 'root' as const, insertText: root, detail: ROOT_DETAIL[root] })),
    ...['and', 'or', 'in', 'true', 'false', 'null'].map((k) => ({ label: k, kind: 'keyword' as const, insertText: k, detail: 'keyword' })),
  ];
}
