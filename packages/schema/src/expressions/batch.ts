/**
 * Parsing many expressions with one JSONata parser call. Why: JSONata's parser builds its whole
 * symbol table on every call, about 65 µs even for `vars.x + 1`, and a 1,000-node flow has ~750
 * expressions to validate. Joined as `[e1,e2,...]` they share one table.
 *
 * That is only the same as parsing each source alone when no token crosses from one source into
 * the next and the array syntax cannot claim anything at a source's top level. `batchable` checks
 * this with a scan that finds token boundaries exactly as JSONata's tokenizer does:
 *
 * - no `/` outside strings: comments and regular expressions are lexed by context and may run
 *   past a source's end (this also keeps division out of batches);
 * - strings and backtick names close, and brackets balance without going below zero, so every
 *   source ends at top level and its tokens are exactly its own;
 * - no `,` or `..` token at the source's top level: the array constructor would take them as an
 *   item separator or a range, which alone are syntax errors.
 *
 * Then JSONata's parser sees `[`, the tokens of e1, `,`, the tokens of e2, ... `]`, and its Pratt
 * loop stops after each source on the separator exactly where it would stop on end of input
 * (both bind nothing). The one construct that takes a comma without brackets, a transform's delete
 * list (`| a | b, c |`), can only merge items, which the item count check catches. Anything else —
 * a syntax error, a `%` without a parent, a stack overflow — fails the whole batch, and the caller
 * parses the sources in smaller batches or alone, so messages and positions stay JSONata's.
 * batch.test.ts checks the item trees against individual parses on random sources.
 *
 * Item trees differ from individual ones only in the labels JSONata numbers parent (`%`) slots
 * with across one call; they are used for analysis only, never evaluated.
 */
import jsonata from 'jsonata';

const WHITESPACE = ' \t\n\r\v';
/** JSONata's single-character operators: each ends a name token. */
const OPERATOR_CHARS: ReadonlySet<string> = new Set('.[]{}(),@#;:?+-*/%|=<>^&!~');
/** JSONata's number token (anchored at the scan position). */
const NUMBER = /-?(0|([1-9][0-9]*))(\.[0-9]+)?([Ee][-+]?[0-9]+)?/y;

const OPENING = '([{';
const CLOSING = ')]}';

/** Index just past a string literal starting at `start`, or -1 when it never closes. */
function stringEnd(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === quote) return i + 1;
  }
  return -1;
}

function nameEnd(source: string, start: number): number {
  let i = start;
  while (i < source.length && !WHITESPACE.includes(source[i] as string) && !OPERATOR_CHARS.has(source[i] as string)) i++;
  return i;
}

/** Index just past the non-operator token at `start` (string, number, backtick name, name), or -1. */
function operandEnd(source: string, start: number): number {
  const c = source[start];
  if (c === '"' || c === "'") return stringEnd(source, start);
  NUMBER.lastIndex = start;
  const number = NUMBER.exec(source);
  if (number) return start + number[0].length;
  if (c === '`') {
    const close = source.indexOf('`', start + 1);
    return close < 0 ? -1 : close + 1;
  }
  return nameEnd(source, start);
}

/** Whether `source` can share a parser call with others (see the file comment). */
export function batchable(source: string): boolean {
  let depth = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (WHITESPACE.includes(c)) {
      i++;
    } else if (OPERATOR_CHARS.has(c)) {
      if (c === '/') return false;
      if (c === '.' && source[i + 1] === '.') {
        if (depth === 0) return false;
        i += 2;
        continue;
      }
      if (c === ',' && depth === 0) return false;
      if (OPENING.includes(c)) depth++;
      if (CLOSING.includes(c) && --depth < 0) return false;
      i++;
    } else {
      i = operandEnd(source, i);
      if (i < 0) return false;
    }
  }
  return depth === 0;
}

/** Makes every `position` in the tree relative to the item's own source again. */
function shiftPositions(root: object, offset: number): void {
  const seen = new Set<object>();
  const stack: object[] = [root];
  while (stack.length > 0) {
    const value = stack.pop() as Record<string, unknown>;
    if (seen.has(value)) continue;
    seen.add(value);
    if (typeof value.position === 'number') value.position -= offset;
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
}

function arrayItems(ast: jsonata.ExprNode, count: number): jsonata.ExprNode[] | undefined {
  if (ast.type !== 'unary' || ast.value !== '[' || !Array.isArray(ast.expressions)) return undefined;
  return ast.expressions.length === count ? ast.expressions : undefined;
}

/**
 * The syntax trees of `sources` (all `batchable`) from one parser call, positions relative to each
 * source; undefined when the batch does not parse as exactly one item per source.
 */
export function parseBatch(sources: readonly string[]): jsonata.ExprNode[] | undefined {
  const offsets: number[] = [];
  let text = '[';
  for (const source of sources) {
    if (offsets.length > 0) text += ',';
    offsets.push(text.length);
    text += source;
  }
  text += ']';
  let items: jsonata.ExprNode[] | undefined;
  try {
    items = arrayItems(jsonata(text).ast(), sources.length);
  } catch {
    return undefined;
  }
  items?.forEach((item, i) => shiftPositions(item, offsets[i] as number));
  return items;
}
