import { describe, expect, it } from 'vitest';
import { checkFile, cleanFileName, MAX_ATTACHMENT_BYTES } from './file-types.ts';
import { foldForSearch, taskSearchText } from './search-text.ts';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (s: string) => new TextEncoder().encode(s);
const zip = (...names: string[]) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...text(names.join('\0'))]);

describe('attachments are checked by content, not by name', () => {
  it.each([
    ['scan.PDF', text('%PDF-1.4 ...'), 'application/pdf'],
    ['photo.png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'image/png'],
    ['photo.jpeg', bytes(0xff, 0xd8, 0xff, 0xe0), 'image/jpeg'],
    ['anim.gif', text('GIF89a....'), 'image/gif'],
    ['img.webp', new Uint8Array([...text('RIFF'), 0, 0, 0, 0, ...text('WEBP')]), 'image/webp'],
    [
      'offer.docx',
      zip('[Content_Types].xml', 'word/document.xml'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['sheet.xlsx', zip('[Content_Types].xml', 'xl/workbook.xml'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['notes.txt', text('Kundin ruft zurück.\r\n\tDanke'), 'text/plain; charset=utf-8'],
    ['rows.csv', text('a;b\n1;2\n'), 'text/csv; charset=utf-8'],
  ])('accepts %s', (name, content, type) => {
    const check = checkFile(name, content);
    expect(check.ok && check.type.contentType).toBe(type);
  });

  it.each([
    ['receipt.pdf', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'content', 'its content is a PNG image; rename it to .png'],
    [
      'offer.docx',
      zip('[Content_Types].xml', 'xl/workbook.xml'),
      'content',
      'named like a Word document but its content is a Excel workbook',
    ],
    ['virus.exe', bytes(0x4d, 0x5a), 'type', 'Files of type ".exe" cannot be attached'],
    ['page.html', text('<html>'), 'type', 'Files of type ".html"'],
    ['image.svg', text('<svg/>'), 'type', 'Files of type ".svg"'],
    ['archive.zip', zip('a.txt'), 'type', 'Files of type ".zip"'],
    ['README', text('hello'), 'type', 'Files of type ".?"'],
    ['binary.txt', bytes(0x00, 0x01, 0x02), 'content', 'named like a text but its content is not one'],
    ['latin1.txt', bytes(0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72), 'content', 'its content is not one'],
    ['empty.pdf', new Uint8Array(), 'empty', 'The file is empty.'],
    ['.pdf', text('%PDF-'), 'name', 'needs a name'],
  ])('refuses %s', (name, content, problem, message) => {
    const check = checkFile(name, content);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problem).toBe(problem);
      expect(check.message).toContain(message);
    }
  });

  it('refuses more than 5 MB', () => {
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(text('%PDF-'));
    expect(checkFile('big.pdf', big)).toMatchObject({ ok: false, problem: 'size' });
  });

  it('keeps only the base name, without control characters or quotes', () => {
    expect(cleanFileName('C:\\Users\\x\\..\\evil"name\u0007.pdf')).toBe('evilname.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
  });
});

describe('search text', () => {
  it('folds case and accents the same way for the column and the query', () => {
    expect(foldForSearch('  MÜLLER   Straße ')).toBe('muller strasse');
    expect(foldForSearch('Ærø Café')).toBe(foldForSearch('ærø cafe'));
    expect(taskSearchText('Refund for INV-7', 'Grünwald GmbH')).toBe('refund for inv-7 grunwald gmbh');
    expect(taskSearchText('Only title', null)).toBe('only title');
  });
});
