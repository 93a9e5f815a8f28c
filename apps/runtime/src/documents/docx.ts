import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';

/**
 * The Word rendition: a .docx template with docxtemplater tags (`{customerName}`, loops
 * `{#lineItems}{description}{/lineItems}`, dotted paths `{customer.name}`) filled with the fields.
 */
export class DocxTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocxTemplateError';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Tags resolve own properties only: the default parser reads `scope[tag]`, which would let a
 * template print `{constructor}` and walk up to Object's prototype.
 */
function ownPropertyParser(tag: string) {
  const path = tag.trim() === '.' ? [] : tag.trim().split('.');
  return {
    get(scope: unknown): unknown {
      let value: unknown = scope;
      for (const key of path) {
        if (!isObject(value) || !Object.hasOwn(value, key)) return undefined;
        value = value[key];
      }
      return value;
    },
  };
}

interface DocxtemplaterError {
  properties?: { explanation?: unknown; id?: unknown; errors?: DocxtemplaterError[] };
  message?: unknown;
}

function explain(error: unknown): string {
  const e = error as DocxtemplaterError;
  const inner = e.properties?.errors ?? [e];
  const reasons = inner.slice(0, 5).map((x) => String(x.properties?.explanation ?? x.message ?? 'unknown problem'));
  const more = inner.length > 5 ? ` (and ${inner.length - 5} more)` : '';
  return `${reasons.join('; ')}${more}`;
}

function open(template: Uint8Array): Docxtemplater {
  let zip: PizZip;
  try {
    zip = new PizZip(template);
  } catch {
    throw new DocxTemplateError('The Word template is not a .docx file (it is not a zip archive).');
  }
  if (zip.file('word/document.xml') === null)
    throw new DocxTemplateError('The Word template is not a .docx file (word/document.xml is missing).');
  try {
    return new Docxtemplater(zip, {
      paragraphLoop: true,
      linebreaks: true,
      parser: ownPropertyParser,
      // A field the template names but the document lacks (e.g. one a reviewer removed) prints nothing.
      nullGetter: () => '',
      // Errors are reported to the caller; docxtemplater would also print them to the console.
      errorLogging: false,
    });
  } catch (error) {
    throw new DocxTemplateError(`The Word template has errors: ${explain(error)}`);
  }
}

/** Throws DocxTemplateError when the bytes are not a .docx or its tags do not parse. */
export function checkDocxTemplate(template: Uint8Array): void {
  open(template);
}

export function renderDocx(template: Uint8Array, fields: Record<string, unknown>): Buffer {
  const doc = open(template);
  try {
    doc.render(fields);
  } catch (error) {
    throw new DocxTemplateError(`The Word template could not be filled in: ${explain(error)}`);
  }
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The text of a .docx, one paragraph a line: for tests and search, not for display. */
export function docxPlainText(docx: Uint8Array): string {
  const xml = new PizZip(docx).file('word/document.xml')?.asText() ?? '';
  return xml
    .split(/<\/w:p>/)
    .map((paragraph) =>
      [...paragraph.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)]
        .map((m) => (m[0] === '<w:br/>' ? '\n' : unescapeXml(m[1] ?? '')))
        .join(''),
    )
    .filter((line) => line !== '')
    .join('\n');
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] ?? '');
}
