import { PDFParse } from 'pdf-parse';

/** For tests only (pdf-parse is a dev dependency): a PDF's text as a reader would copy it, plus its page count. */
export async function pdfText(pdf: Uint8Array): Promise<{ text: string; pages: number; title: string | undefined }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const text = await parser.getText();
    const info = await parser.getInfo();
    const title = (info.info as { Title?: unknown } | undefined)?.Title;
    return { text: text.text, pages: text.total, title: typeof title === 'string' ? title : undefined };
  } finally {
    await parser.destroy();
  }
}
