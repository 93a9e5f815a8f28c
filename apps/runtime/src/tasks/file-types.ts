/**
 * What files may be attached to a task, told by their first bytes ("magic numbers"), never by the
 * name or the browser's Content-Type alone: the extension must name the type the content is.
 * HTML, SVG, scripts and archives are refused: they can carry active content.
 */

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export interface FileType {
  readonly label: string;
  readonly contentType: string;
  readonly extensions: readonly string[];
  readonly matches: (bytes: Uint8Array) => boolean;
}

const startsWith = (bytes: Uint8Array, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const has = (bytes: Uint8Array, text: string) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(text, 0, 'latin1');
const isZip = (bytes: Uint8Array) => startsWith(bytes, 0x50, 0x4b, 0x03, 0x04);

/** Text: valid UTF-8 with no NUL and no control characters other than tab, CR, LF and form feed. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

export const FILE_TYPES: readonly FileType[] = [
  { label: 'PDF', contentType: 'application/pdf', extensions: ['pdf'], matches: (b) => startsWith(b, ...ascii('%PDF-')) },
  {
    label: 'PNG image',
    contentType: 'image/png',
    extensions: ['png'],
    matches: (b) => startsWith(b, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  },
  { label: 'JPEG image', contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], matches: (b) => startsWith(b, 0xff, 0xd8, 0xff) },
  {
    label: 'GIF image',
    contentType: 'image/gif',
    extensions: ['gif'],
    matches: (b) => startsWith(b, ...ascii('GIF87a')) || startsWith(b, ...ascii('GIF89a')),
  },
  {
    label: 'WebP image',
    contentType: 'image/webp',
    extensions: ['webp'],
    matches: (b) => startsWith(b, ...ascii('RIFF')) && ascii('WEBP').every((c, i) => b[8 + i] === c),
  },
  {
    label: 'Word document',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    matches: (b) => isZip(b) && has(b, '[Content_Types].xml') && has(b, 'word/'),
  },
  {
    label: 'Excel workbook',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    matches: (b) => isZip(b) && has(b, '[Content_Types].xml') && has(b, 'xl/'),
  },
  { label: 'text', contentType: 'text/plain; charset=utf-8', extensions: ['txt', 'log'], matches: isPlainText },
  { label: 'CSV', contentType: 'text/csv; charset=utf-8', extensions: ['csv'], matches: isPlainText },
];

export const ALLOWED_EXTENSIONS = FILE_TYPES.flatMap((t) => t.extensions);

export type FileProblem = 'name' | 'type' | 'empty' | 'size' | 'content';
export type FileCheck =
  | { readonly ok: true; readonly type: FileType; readonly fileName: string }
  | { readonly ok: false; readonly problem: FileProblem; readonly message: string };

/** A display-safe file name: no path, no control characters, at most 200 characters. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  return base
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(-200);
}

/** Checks a file's name and content; the message says exactly what is wrong. */
export function checkFile(rawName: string, bytes: Uint8Array): FileCheck {
  const fileName = cleanFileName(rawName);
  if (fileName === '' || fileName.startsWith('.'))
    return { ok: false, problem: 'name', message: 'The file needs a name such as "invoice.pdf".' };
  const ext = fileName.includes('.') ? (fileName.split('.').pop() ?? '').toLowerCase() : '';
  const type = FILE_TYPES.find((t) => t.extensions.includes(ext));
  if (!type)
    return {
      ok: false,
      problem: 'type',
      message: `Files of type ".${ext || '?'}" cannot be attached; allowed: ${ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(', ')}.`,
    };
  if (bytes.byteLength === 0) return { ok: false, problem: 'empty', message: 'The file is empty.' };
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES)
    return { ok: false, problem: 'size', message: `The file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.` };
  if (!type.matches(bytes)) {
    const actual = FILE_TYPES.find((t) => t.label !== 'text' && t.label !== 'CSV' && t.matches(bytes));
    return {
      ok: false,
      problem: 'content',
      message: actual
        ? `"${fileName}" is named like a ${type.label} but its content is a ${actual.label}; rename it to .${actual.extensions[0]}.`
        : `"${fileName}" is named like a ${type.label} but its content is not one.`,
    };
  }
  return { ok: true, type, fileName };
}
