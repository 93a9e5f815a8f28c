import { describe, expect, it } from 'vitest';
import { pdfDefinition, renderPdf } from './pdf.ts';
import { htmlDocument } from './template.ts';
import { pdfText } from './testing.ts';

const act = htmlDocument(
  'Act of completed work',
  `<h1>Act of completed work</h1>
<p>Customer: <strong>Анна Иванова</strong>, request <em>REQ-42</em>.</p>
<p style="text-align: right">Oslo,<br>12 March 2027</p>
<table>
  <thead><tr><th>Item</th><th>Amount</th></tr></thead>
  <tbody>
    <tr><td>Replaced the router</td><td>1 200,00</td></tr>
    <tr><td colspan="2">Total: 1 200,00</td></tr>
  </tbody>
</table>
<ul><li>Tested the line</li><li>Closed the ticket</li></ul>
<script>alert('never printed')</script>
<img src="https://example.invalid/logo.png" alt="Logo">`,
);

describe('PDF from HTML', () => {
  it('produces a PDF whose text can be read back: headings, paragraphs, tables, lists, Cyrillic', async () => {
    const pdf = await renderPdf(act);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages, title } = await pdfText(pdf);
    expect(pages).toBe(1);
    expect(title).toBe('Act of completed work');
    for (const expected of [
      'Act of completed work',
      'Customer: Анна Иванова, request REQ-42.',
      'Replaced the router',
      '1 200,00',
      'Total: 1 200,00',
      'Tested the line',
      '[Logo]',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('never printed');
  });

  it('lays out the HTML structure: heading styles, inline marks, alignment, line breaks, a header row, colspan', () => {
    const content = pdfDefinition(act).content as unknown[];
    expect(content[0]).toMatchObject({ style: 'h1', stack: [{ text: [{ text: 'Act of completed work' }] }] });
    expect(content[1]).toMatchObject({
      style: 'p',
      stack: [
        {
          text: [
            { text: 'Customer: ' },
            { text: 'Анна Иванова', bold: true },
            { text: ', request ' },
            { text: 'REQ-42', italics: true },
            { text: '.' },
          ],
        },
      ],
    });
    expect(content[2]).toMatchObject({
      alignment: 'right',
      stack: [{ text: [{ text: 'Oslo,' }, { text: '\n' }, { text: '12 March 2027' }] }],
    });
    const table = content[3] as { table: { headerRows: number; widths: unknown[]; body: unknown[][] } };
    expect(table.table.headerRows).toBe(1);
    expect(table.table.widths).toHaveLength(2);
    expect(table.table.body[2]?.[0]).toMatchObject({ colSpan: 2 });
    expect(table.table.body[2]).toHaveLength(2);
    expect(content[4]).toMatchObject({ ul: [{ text: [{ text: 'Tested the line' }] }, { text: [{ text: 'Closed the ticket' }] }] });
  });

  it('a long table breaks across pages, repeats its header row on each, and leaves no blank page at the end', async () => {
    // 120 rows once filled page 4 exactly, and the table's bottom margin started an empty page 5.
    for (const length of [30, 90, 119, 120, 121]) {
      const rows = Array.from({ length }, (_, i) => `<tr><td>Line ${i + 1}</td><td>${i}</td></tr>`).join('');
      const pdf = await renderPdf(htmlDocument('Long', `<table><tr><th>Line</th><th>N</th></tr>${rows}</table>`));
      const { text, pages } = await pdfText(pdf);
      expect(text).toContain(`Line ${length}`);
      expect(text.split('Line N').length - 1, `${length} rows`).toBe(pages);
    }
  });

  it('renders an empty page for an empty body instead of failing', async () => {
    const { pages } = await pdfText(await renderPdf('<html><body></body></html>'));
    expect(pages).toBe(1);
  });
});
