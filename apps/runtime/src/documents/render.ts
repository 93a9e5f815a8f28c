import { createHash } from 'node:crypto';
import type { DocumentFields, DocumentFormat } from '@trackway/nodes';
import { renderDocx } from './docx.ts';
import { renderPdf } from './pdf.ts';
import { htmlDocument, renderTemplate } from './template.ts';

export interface TemplateSource {
  readonly key: string;
  readonly name: string;
  readonly body: string;
  readonly docx: Uint8Array | null;
}

export interface RenderedDocument {
  readonly html: string;
  readonly pdf: Buffer | null;
  readonly docx: Buffer | null;
  /** sha256 (hex) of the HTML: the same template and fields give the same hash. */
  readonly contentHash: string;
}

export function contentHash(html: string): string {
  return createHash('sha256').update(html, 'utf8').digest('hex');
}

/** Every rendition asked for; throws TemplateError or DocxTemplateError on a template problem. */
export async function renderDocument(
  template: TemplateSource,
  fields: DocumentFields,
  formats: readonly DocumentFormat[],
): Promise<RenderedDocument> {
  const html = htmlDocument(template.name, renderTemplate(template.body, fields));
  const pdf = formats.includes('pdf') ? await renderPdf(html) : null;
  let docx: Buffer | null = null;
  if (formats.includes('docx')) {
    if (!template.docx) throw new MissingDocxError(template.key);
    docx = renderDocx(template.docx, fields);
  }
  return { html, pdf, docx, contentHash: contentHash(html) };
}

export class MissingDocxError extends Error {
  constructor(templateKey: string) {
    super(`Template "${templateKey}" has no Word (.docx) file: upload one or leave out the docx format.`);
    this.name = 'MissingDocxError';
  }
}
