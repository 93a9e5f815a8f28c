import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { buildDocx } from './docx-skeleton.ts';
import { checkDocxTemplate, docxPlainText, DocxTemplateError, renderDocx } from './docx.ts';

const template = buildDocx([
  { text: 'Invoice {invoiceId}', style: 'Title' },
  { text: 'Customer: {customerName}' },
  { text: 'Address: {postalAddress}' },
  { text: '{#lineItems}' },
  { text: '{description}: {amount}' },
  { text: '{/lineItems}' },
  { text: 'City: {customer.city}' },
  { text: 'Probe: [{constructor}] [{customer.constructor.name}]' },
]);

describe('DOCX from a .docx template', () => {
  it('the generated skeleton is a .docx Word can open: content types, relationships, document part', () => {
    const zip = new PizZip(template);
    expect(Object.keys(zip.files).sort()).toEqual(
      ['[Content_Types].xml', '_rels/.rels', 'word/_rels/document.xml.rels', 'word/document.xml', 'word/styles.xml'].sort(),
    );
    expect(buildDocx([{ text: 'x' }]).equals(buildDocx([{ text: 'x' }]))).toBe(true);
  });

  it('fills tags, loops and dotted paths; the text contains the fields', () => {
    const docx = renderDocx(template, {
      invoiceId: 'INV-9',
      customerName: 'Ann & <Lee>',
      postalAddress: '1 Main St\nOslo',
      lineItems: [
        { description: 'Setup', amount: '100.00' },
        { description: 'Support', amount: '50.00' },
      ],
      customer: { city: 'Oslo' },
    });
    const text = docxPlainText(docx);
    expect(text).toContain('Invoice INV-9');
    expect(text).toContain('Customer: Ann & <Lee>');
    expect(text).toContain('Address: 1 Main St\nOslo');
    expect(text).toContain('Setup: 100.00\nSupport: 50.00');
    expect(text).toContain('City: Oslo');
    expect(text).toContain('Probe: [] []');
    // Special characters are escaped in the XML, not injected as markup.
    expect(new PizZip(docx).file('word/document.xml')?.asText()).toContain('Ann &amp; &lt;Lee&gt;');
  });

  it('a missing (e.g. removed) field prints nothing', () => {
    const text = docxPlainText(renderDocx(template, { invoiceId: 'INV-1', lineItems: [] }));
    expect(text).toContain('Address: \n');
  });

  it('refuses bytes that are not a .docx, and a template whose tags do not parse, with a message that says so', () => {
    expect(() => checkDocxTemplate(new TextEncoder().encode('hello'))).toThrow(/not a \.docx file/);
    expect(() => checkDocxTemplate(buildDocx([{ text: '{#items} unclosed' }]))).toThrow(DocxTemplateError);
    expect(() => checkDocxTemplate(buildDocx([{ text: '{#items} unclosed' }]))).toThrow(/Word template has errors: .*items/);
  });
});
