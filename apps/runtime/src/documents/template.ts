import Handlebars from 'handlebars';

/**
 * Document templates are Handlebars producing HTML, written by process owners: untrusted. So:
 * an environment of our own with no custom helpers (nothing that evaluates code), only the
 * built-in block helpers (`if`, `unless`, `each`, `with`, `lookup`), Handlebars' prototype-access
 * protections left on, every `{{ }}` HTML-escaped, and no raw output (`{{{ }}}`, `{{& }}`),
 * partials or decorators.
 */
const hb = Handlebars.create();
hb.unregisterHelper('log');

const COMPILE_OPTIONS: CompileOptions = {
  knownHelpersOnly: true,
  knownHelpers: { log: false },
  strict: false,
  noEscape: false,
};

const RUNTIME_OPTIONS: RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
};

export const TEMPLATE_BODY_MAX = 200_000;

/** A template problem, with the 1-based line and column where the source has them. */
export class TemplateError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? reason : `line ${line}, column ${column ?? 1}: ${reason}`);
    this.name = 'TemplateError';
  }
}

interface SourceLocation {
  readonly start: { readonly line: number; readonly column: number };
}

function forbidden(reason: string, loc: SourceLocation | undefined): TemplateError {
  return new TemplateError(reason, loc?.start.line, loc === undefined ? undefined : loc.start.column + 1);
}

/** Walks the AST for what templates may not use; Handlebars' own visitor is not typed for this. */
function checkNode(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) checkNode(child);
    return;
  }
  const n = node as { type?: unknown; escaped?: unknown; loc?: SourceLocation };
  switch (n.type) {
    case 'MustacheStatement':
      if (n.escaped === false) throw forbidden('{{{ }}} and {{& }} would output raw HTML; use {{ }}, which escapes it', n.loc);
      break;
    case 'PartialStatement':
    case 'PartialBlockStatement':
      throw forbidden('partials ({{> name}}) are not available in document templates', n.loc);
    case 'Decorator':
    case 'DecoratorBlock':
      throw forbidden('decorators and inline partials ({{* }}, {{#* }}) are not available in document templates', n.loc);
  }
  for (const [key, value] of Object.entries(node)) if (key !== 'loc') checkNode(value);
}

/** Handlebars' generated parser reports only a message; the lexer still knows where it stopped. */
function parseFailure(error: unknown): TemplateError {
  const message = error instanceof Error ? error.message : String(error);
  const details = error as { lineNumber?: unknown; column?: unknown };
  if (typeof details.lineNumber === 'number') {
    const reason = message.replace(/ - \d+:\d+$/, '');
    return new TemplateError(reason, details.lineNumber, typeof details.column === 'number' ? details.column + 1 : undefined);
  }
  const lexer = (hb as unknown as { Parser?: { lexer?: { yylloc?: { first_line?: number; first_column?: number } } } }).Parser?.lexer;
  const where = lexer?.yylloc;
  const reason = syntaxReason(message);
  if (typeof where?.first_line === 'number' && typeof where.first_column === 'number') {
    return new TemplateError(reason, where.first_line, where.first_column + 1);
  }
  return new TemplateError(reason);
}

const TOKENS: Record<string, string> = {
  CLOSE: '"}}"',
  CLOSE_UNESCAPED: '"}}}"',
  OPEN: '"{{"',
  OPEN_BLOCK: '"{{#"',
  OPEN_ENDBLOCK: '"{{/"',
  OPEN_INVERSE: '"{{^"',
  INVERSE: '"{{else}}"',
  ID: 'a name',
  STRING: 'a string',
  NUMBER: 'a number',
  EQUALS: '"="',
  SEP: '"." or "/"',
  CONTENT: 'text',
};

/**
 * The generated parser's "Expecting 'ID', 'STRING', ..., got 'INVALID'" is for its authors; a
 * process owner needs to know what to fix.
 */
function syntaxReason(message: string): string {
  if (/^Lexical error/.test(message)) return 'a {{ }} tag contains characters Handlebars does not understand';
  const got = /got '([A-Z_]+)'\s*$/.exec(message)?.[1];
  if (got === 'EOF') return 'the template ends too early: a {{#block}} is missing its {{/block}}, or a tag its "}}"';
  if (got === 'INVALID') return 'a {{ }} tag is not written correctly (is its "}}" missing?)';
  if (got) return `syntax error: unexpected ${TOKENS[got] ?? got.toLowerCase()}`;
  return message.split('\n')[0] || 'syntax error';
}

function compile(body: string): HandlebarsTemplateDelegate {
  if (body.length > TEMPLATE_BODY_MAX) throw new TemplateError(`the template is longer than ${TEMPLATE_BODY_MAX} characters`);
  let ast: hbs.AST.Program;
  try {
    ast = hb.parse(body);
  } catch (error) {
    throw parseFailure(error);
  }
  checkNode(ast.body);
  try {
    // Precompiling runs the compiler's own checks (e.g. unknown helpers) now, not at first render.
    hb.precompile(ast, COMPILE_OPTIONS);
    return hb.compile(ast, COMPILE_OPTIONS);
  } catch (error) {
    throw parseFailure(error);
  }
}

/** Throws TemplateError (with line and column) when the template would not render. */
export function checkTemplate(body: string): void {
  compile(body);
}

/** Renders the template's HTML with the fields; values are HTML-escaped. */
export function renderTemplate(body: string, fields: Record<string, unknown>): string {
  const template = compile(body);
  try {
    return template(fields, RUNTIME_OPTIONS);
  } catch (error) {
    throw new TemplateError(error instanceof Error ? error.message : String(error));
  }
}

const escapeHtml = (text: string) => hb.escapeExpression(text);

const BASE_STYLE = `body{font-family:Roboto,Helvetica,Arial,sans-serif;font-size:11pt;line-height:1.45;color:#1f2328;max-width:48rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6em}h2{font-size:1.3em}h3{font-size:1.1em}
table{border-collapse:collapse;width:100%;margin:.75em 0}th,td{border-bottom:1px solid #d0d7de;padding:.35em .5em;text-align:left;vertical-align:top}th{font-weight:600}`;

/**
 * The stored HTML is a whole document so it opens on its own; a template that writes its own
 * `<html>` keeps it.
 */
export function htmlDocument(title: string, rendered: string): string {
  if (/<html[\s>]/i.test(rendered)) return rendered;
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${BASE_STYLE}</style>
</head>
<body>
${rendered}
</body>
</html>
`;
}
