import { createRequire } from 'node:module';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import pdfmake from 'pdfmake';
import type { Content, ContentText, CustomTableLayout, Style, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';

type Node = DefaultTreeAdapterMap['childNode'];
type Element = DefaultTreeAdapterMap['element'];

/*
 * PDF from the rendered HTML with pdfmake (pure JavaScript, no browser). It lays out the
 * structure documents are made of — headings, paragraphs, bold/italic/underline, line breaks,
 * lists, tables (with colspan), rules, text alignment — not CSS: a template's <style> is for the
 * HTML rendition only. Images are left out (their alt text is kept) because fetching them would
 * let a template reach the network or the disk.
 */

const require = createRequire(import.meta.url);
// Roboto ships inside pdfmake and covers Latin, Cyrillic and Greek, so names print as written.
const FONT_FILES = {
  normal: require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
  bold: require.resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
  italics: require.resolve('pdfmake/fonts/Roboto/Roboto-Italic.ttf'),
  bolditalics: require.resolve('pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf'),
};
const FONT_PATHS = new Set(Object.values(FONT_FILES));

let configured = false;
function configure(): void {
  if (configured) return;
  pdfmake.setFonts({ Roboto: FONT_FILES });
  // Nothing a document contains may make the renderer fetch a URL or read a file other than the fonts.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => FONT_PATHS.has(path));
  configured = true;
}

const PAGE_WIDTH = 595.28; // A4 in points
const MARGIN_X = 48;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const MAX_COLSPAN = 50;

const STYLES: Record<string, Style> = {
  h1: { fontSize: 20, bold: true, margin: [0, 6, 0, 10] },
  h2: { fontSize: 16, bold: true, margin: [0, 10, 0, 6] },
  h3: { fontSize: 13, bold: true, margin: [0, 8, 0, 4] },
  h4: { fontSize: 11.5, bold: true, margin: [0, 6, 0, 4] },
  h5: { fontSize: 10.5, bold: true, margin: [0, 6, 0, 2] },
  h6: { fontSize: 10.5, bold: true, italics: true, margin: [0, 6, 0, 2] },
  p: { margin: [0, 0, 0, 8] },
  list: { margin: [0, 0, 0, 8] },
  blockquote: { margin: [16, 0, 0, 8], color: '#444444' },
  table: { margin: [0, 4, 0, 10] },
  caption: { italics: true, margin: [0, 0, 0, 4] },
};

/** Light rules between rows, a darker one under header rows only; no vertical lines. */
const TABLE_LAYOUT: CustomTableLayout = {
  hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : i === node.table.headerRows ? 1.2 : 0.5),
  hLineColor: (i, node) => (i === node.table.headerRows ? '#444444' : '#c8ccd2'),
  vLineWidth: () => 0,
  paddingLeft: (i) => (i === 0 ? 0 : 8),
  paddingRight: (i, node) => (i === (node.table.widths?.length ?? 1) - 1 ? 0 : 8),
  paddingTop: () => 4,
  paddingBottom: () => 4,
};

const IGNORED = new Set([
  'head',
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'video',
  'audio',
  'canvas',
  'select',
  'button',
  'input',
  'textarea',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const CONTAINERS = new Set([
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'nav',
  'aside',
  'address',
  'figure',
  'figcaption',
  'center',
  'form',
  'fieldset',
  'details',
  'summary',
  'dl',
  'dt',
  'body',
  'html',
]);

interface Marks {
  readonly bold?: boolean;
  readonly italics?: boolean;
  readonly decoration?: 'underline' | 'lineThrough';
  readonly preserve?: boolean;
}

type Run = { text: string } & Omit<Marks, 'preserve'>;

const isElement = (node: Node): node is Element => 'tagName' in node;
const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;

function alignmentOf(el: Element): 'left' | 'right' | 'center' | 'justify' | undefined {
  const style = attr(el, 'style') ?? '';
  const value = (/text-align\s*:\s*(left|right|center|justify)/i.exec(style)?.[1] ?? attr(el, 'align') ?? '').toLowerCase();
  return value === 'left' || value === 'right' || value === 'center' || value === 'justify' ? value : undefined;
}

function inlineMarks(tag: string, marks: Marks): Marks | undefined {
  switch (tag) {
    case 'b':
    case 'strong':
    case 'th':
      return { ...marks, bold: true };
    case 'i':
    case 'em':
    case 'cite':
    case 'var':
    case 'dfn':
      return { ...marks, italics: true };
    case 'u':
    case 'ins':
      return { ...marks, decoration: 'underline' };
    case 's':
    case 'del':
    case 'strike':
      return { ...marks, decoration: 'lineThrough' };
    default:
      return undefined;
  }
}

/** Collects inline runs into paragraphs and block elements into pdfmake content, in order. */
class Flow {
  readonly out: Content[] = [];
  private runs: Run[] = [];
  private atLineStart = true;

  text(value: string, marks: Marks): void {
    let text = value;
    if (!marks.preserve) {
      text = text.replace(/[ \t\n\r\f]+/g, ' ');
      if (this.atLineStart) text = text.replace(/^ /, '');
    }
    if (text === '') return;
    this.atLineStart = !marks.preserve && text.endsWith(' ');
    const { preserve: _preserve, ...style } = marks;
    this.runs.push({ text, ...style });
  }

  lineBreak(): void {
    this.trimEnd();
    this.runs.push({ text: '\n' });
    this.atLineStart = true;
  }

  block(content: Content | undefined): void {
    this.flush();
    if (content !== undefined) this.out.push(content);
  }

  flush(): void {
    this.trimEnd();
    if (this.runs.some((r) => r.text.trim() !== '')) this.out.push({ text: this.runs });
    this.runs = [];
    this.atLineStart = true;
  }

  private trimEnd(): void {
    const last = this.runs[this.runs.length - 1];
    if (last && last.text !== '\n') last.text = last.text.replace(/ +$/, '');
  }
}

function blocks(children: readonly Node[], marks: Marks): Content[] {
  const flow = new Flow();
  collect(children, marks, flow);
  flow.flush();
  return flow.out;
}

/** One piece of content for a list item or table cell: a lone paragraph as it is, else a stack. */
function single(content: Content[]): Content {
  if (content.length === 0) return '';
  if (content.length === 1) return content[0] as Content;
  return { stack: content };
}

function collect(children: readonly Node[], marks: Marks, flow: Flow): void {
  for (const node of children) {
    if (node.nodeName === '#text') {
      flow.text((node as DefaultTreeAdapterMap['textNode']).value, marks);
      continue;
    }
    if (!isElement(node)) continue;
    const tag = node.tagName;
    if (IGNORED.has(tag)) continue;
    const styled = inlineMarks(tag, marks);
    if (styled) {
      collect(node.childNodes, styled, flow);
    } else if (tag === 'br') {
      flow.lineBreak();
    } else if (tag === 'img') {
      const alt = attr(node, 'alt');
      if (alt) flow.text(`[${alt}]`, { ...marks, italics: true });
    } else if (HEADINGS.has(tag) || tag === 'p' || tag === 'blockquote' || tag === 'pre' || tag === 'dd' || CONTAINERS.has(tag)) {
      flow.block(container(node, marks));
    } else if (tag === 'ul' || tag === 'ol') {
      flow.block(list(node, marks));
    } else if (tag === 'table') {
      for (const content of table(node, marks)) flow.block(content);
    } else if (tag === 'hr') {
      flow.block({
        canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 0.5, lineColor: '#999999' }],
        margin: [0, 4, 0, 8],
      });
    } else {
      // span, a, code, small, and anything unknown: its text, in place.
      collect(node.childNodes, marks, flow);
    }
  }
}

function container(el: Element, marks: Marks): Content | undefined {
  const tag = el.tagName;
  const inner = blocks(el.childNodes, tag === 'pre' ? { ...marks, preserve: true } : marks);
  if (inner.length === 0) return undefined;
  const style = HEADINGS.has(tag) || tag === 'p' || tag === 'blockquote' ? tag : tag === 'pre' ? 'p' : undefined;
  const alignment = alignmentOf(el);
  return {
    stack: inner,
    ...(style ? { style } : {}),
    ...(alignment ? { alignment } : {}),
    ...(tag === 'dd' ? { margin: [16, 0, 0, 4] as [number, number, number, number] } : {}),
    ...(tag === 'pre' ? { preserveLeadingSpaces: true } : {}),
  };
}

function list(el: Element, marks: Marks): Content | undefined {
  const items: Content[] = [];
  for (const child of el.childNodes) {
    if (isElement(child) && child.tagName === 'li') items.push(single(blocks(child.childNodes, marks)));
  }
  if (items.length === 0) return undefined;
  return el.tagName === 'ol' ? { ol: items, style: 'list' } : { ul: items, style: 'list' };
}

function rowsOf(el: Element, head = false): Array<{ row: Element; head: boolean }> {
  const rows: Array<{ row: Element; head: boolean }> = [];
  for (const child of el.childNodes) {
    if (!isElement(child)) continue;
    if (child.tagName === 'tr') rows.push({ row: child, head });
    else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot')
      rows.push(...rowsOf(child, child.tagName === 'thead'));
  }
  return rows;
}

function table(el: Element, marks: Marks): Content[] {
  const out: Content[] = [];
  const caption = el.childNodes.find((c): c is Element => isElement(c) && c.tagName === 'caption');
  if (caption) {
    const text = blocks(caption.childNodes, marks);
    if (text.length > 0) out.push({ stack: text, style: 'caption' });
  }
  const rows = rowsOf(el);
  const body: TableCell[][] = [];
  let headerRows = 0;
  let inHeader = true;
  for (const { row, head } of rows) {
    const cells: TableCell[] = [];
    const tags: string[] = [];
    for (const cell of row.childNodes) {
      if (!isElement(cell) || (cell.tagName !== 'td' && cell.tagName !== 'th')) continue;
      tags.push(cell.tagName);
      const content = single(blocks(cell.childNodes, cell.tagName === 'th' ? { ...marks, bold: true } : marks));
      const span = Math.min(Math.max(Number.parseInt(attr(cell, 'colspan') ?? '1', 10) || 1, 1), MAX_COLSPAN);
      const alignment = alignmentOf(cell);
      const base: Record<string, unknown> = typeof content === 'string' ? { text: content } : { stack: [content] };
      cells.push({ ...base, ...(span > 1 ? { colSpan: span } : {}), ...(alignment ? { alignment } : {}) } as TableCell);
      for (let i = 1; i < span; i += 1) cells.push({ text: '' });
    }
    if (cells.length === 0) continue;
    // Rows of header cells at the top (or a <thead>) repeat on every page the table spans.
    if (inHeader && (head || tags.every((t) => t === 'th'))) headerRows += 1;
    else inHeader = false;
    body.push(cells);
  }
  if (body.length === 0) return out;
  const columns = Math.max(...body.map((r) => r.length));
  for (const row of body) while (row.length < columns) row.push({ text: '' });
  out.push({
    table: { headerRows: headerRows < body.length ? headerRows : 0, widths: Array<'*'>(columns).fill('*'), body },
    layout: TABLE_LAYOUT,
    style: 'table',
  });
  return out;
}

function findElement(nodes: readonly Node[], tag: string): Element | undefined {
  for (const node of nodes) {
    if (!isElement(node)) continue;
    if (node.tagName === tag) return node;
    const found = findElement(node.childNodes, tag);
    if (found) return found;
  }
  return undefined;
}

function textOf(el: Element | undefined): string {
  if (!el) return '';
  return el.childNodes
    .map((c) => (c.nodeName === '#text' ? (c as DefaultTreeAdapterMap['textNode']).value : isElement(c) ? textOf(c) : ''))
    .join('')
    .trim();
}

type Margin = [number, number, number, number];

/**
 * pdfmake starts a new page for a bottom margin that no longer fits, so a document whose last
 * block ends near the foot of a page would get a blank page. The last block keeps no bottom margin.
 */
function dropTrailingMargin(content: Content[]): void {
  const last = content[content.length - 1];
  if (typeof last !== 'object' || last === null || Array.isArray(last)) return;
  const node = last as { style?: string; margin?: Margin; stack?: Content[] };
  const margin = node.margin ?? (node.style ? (STYLES[node.style]?.margin as Margin | undefined) : undefined);
  if (margin) node.margin = [margin[0], margin[1], margin[2], 0];
  if (Array.isArray(node.stack)) dropTrailingMargin(node.stack);
}

/** The pdfmake document for an HTML page; exported so tests can check the layout without a PDF. */
export function pdfDefinition(html: string): TDocumentDefinitions {
  const document = parse(html);
  const body = findElement(document.childNodes, 'body');
  const title = textOf(findElement(document.childNodes, 'title'));
  const content = blocks(body?.childNodes ?? [], {});
  dropTrailingMargin(content);
  return {
    info: title ? { title } : {},
    pageSize: 'A4',
    pageMargins: [MARGIN_X, 56, MARGIN_X, 56],
    content: content.length > 0 ? content : [{ text: '' } satisfies ContentText],
    styles: STYLES,
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.2 },
    footer: (page: number, pages: number) =>
      pages > 1 ? { text: `${page} / ${pages}`, alignment: 'center', fontSize: 8, color: '#888888', margin: [0, 20, 0, 0] } : null,
  };
}

export async function renderPdf(html: string): Promise<Buffer> {
  configure();
  return pdfmake.createPdf(pdfDefinition(html)).getBuffer();
}
