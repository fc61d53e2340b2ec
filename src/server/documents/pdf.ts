// The PDF toolkit every Yimen document uses (QR posters, agreements, reports): pdfkit with Noto
// Sans SC, a CJK font shipped through npm (@expo-google-fonts/noto-sans-sc, SIL OFL 1.1). pdfkit
// embeds a TrueType font as a subset of the glyphs a document uses, so a page of Chinese text is
// a few kilobytes, not the font's 10 MB.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type PDFKitDocument from 'pdfkit';

const require = createRequire(import.meta.url);

// pdfkit (and fontkit under it) costs ~30 MB of resident memory: loaded on the first document,
// not at start, so a server that never prints does not carry it.
let pdfkit: typeof PDFKitDocument | undefined;
const PDFDocument = (): typeof PDFKitDocument => (pdfkit ??= require('pdfkit') as typeof PDFKitDocument);

export type FontWeight = 'regular' | 'bold';

const FONT_FILES: Record<FontWeight, string> = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};

/** pdfkit font names registered in every document. */
export const FONT: Record<FontWeight, string> = { regular: 'cjk', bold: 'cjk-bold' };

/** A4 in points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

/** Path of the CJK TrueType font of a weight. */
export function cjkFontFile(weight: FontWeight): string {
  return require.resolve(FONT_FILES[weight]);
}

// Read once per process: fontkit parses each document's copy lazily (only the tables it needs).
const fontBytes = new Map<FontWeight, Buffer>();
function fontBuffer(weight: FontWeight): Buffer {
  let b = fontBytes.get(weight);
  if (!b) {
    b = readFileSync(cjkFontFile(weight));
    fontBytes.set(weight, b);
  }
  return b;
}

export interface PdfOptions {
  /** The document's title: its metadata, and the title block on page one unless titleBlock is false. */
  title: string;
  /** Printed when the document is created: the caller's clock (deps.clock()), so output is reproducible. */
  createdAt: Date;
  subject?: string;
  /** Metadata author; default 一门 Yimen. */
  author?: string;
  /** Small line at the top of every page (e.g. the issuing center). */
  header?: string;
  /** Small line at the bottom left of every page. */
  footer?: string;
  /** "第 n 页 / 共 m 页" (or "Page n of m") at the bottom right; default true. */
  pageNumbers?: boolean;
  /** Language of the page numbers; default zh-CN. */
  lang?: 'zh-CN' | 'en';
  /** Page margin in points; default 56 (about 2 cm). */
  margin?: number;
  /** Write the title big at the top of page one; default true. */
  titleBlock?: boolean;
}

export interface TextOptions extends PDFKit.Mixins.TextOptions {
  size?: number;
  weight?: FontWeight;
  color?: string;
}

/**
 * An A4 document in the house style: CJK fonts registered, header and footer on every page
 * (written when the document is finished, so "page n of m" is known), a title block.
 * Use the helpers for text, or `doc` (pdfkit) directly for anything else.
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<Buffer>;

  constructor(private readonly opts: PdfOptions) {
    const margin = opts.margin ?? 56;
    this.doc = new (PDFDocument())({
      size: 'A4',
      margin,
      bufferPages: true,
      autoFirstPage: true,
      lang: opts.lang ?? 'zh-CN',
      displayTitle: true,
      info: {
        Title: opts.title,
        Author: opts.author ?? '一门 Yimen',
        // pdfkit writes every key it is given: an absent subject must be left out, not undefined
        ...(opts.subject ? { Subject: opts.subject } : {}),
        Creator: 'Yimen',
        Producer: 'Yimen (pdfkit)',
        CreationDate: opts.createdAt,
        ModDate: opts.createdAt,
      },
    });
    this.doc.registerFont(FONT.regular, fontBuffer('regular'));
    this.doc.registerFont(FONT.bold, fontBuffer('bold'));
    this.doc.font(FONT.regular).fontSize(11).fillColor('#000000');
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    if (opts.titleBlock ?? true) this.heading(opts.title, 1);
  }

  /** Width of the text column. */
  get contentWidth(): number {
    const p = this.doc.page;
    return p.width - p.margins.left - p.margins.right;
  }

  /** Switches font weight and size. */
  font(weight: FontWeight, size?: number): this {
    this.doc.font(FONT[weight]);
    if (size) this.doc.fontSize(size);
    return this;
  }

  /** A heading: level 1 (20 pt, centred) or 2 (14 pt). */
  heading(text: string, level: 1 | 2 = 2): this {
    const size = level === 1 ? 20 : 14;
    this.doc
      .font(FONT.bold)
      .fontSize(size)
      .fillColor('#000000')
      .text(text, { align: level === 1 ? 'center' : 'left' });
    this.doc.moveDown(level === 1 ? 0.8 : 0.4);
    this.doc.font(FONT.regular).fontSize(11);
    return this;
  }

  /** Text in the CJK font (Latin letters and digits included), wrapped at CJK break points. */
  text(text: string, opts: TextOptions = {}): this {
    const { size, weight, color, ...rest } = opts;
    this.doc
      .font(FONT[weight ?? 'regular'])
      .fontSize(size ?? 11)
      .fillColor(color ?? '#000000');
    this.doc.text(text, { lineGap: 3, ...rest });
    this.doc.font(FONT.regular).fontSize(11).fillColor('#000000');
    return this;
  }

  /** A paragraph: text followed by a half line of space. */
  paragraph(text: string, opts: TextOptions = {}): this {
    this.text(text, opts);
    this.doc.moveDown(0.5);
    return this;
  }

  /** Label–value lines (案件编号：…), labels bold. */
  fields(rows: readonly (readonly [string, string])[], opts: { size?: number } = {}): this {
    const size = opts.size ?? 11;
    for (const [label, value] of rows) {
      this.doc.font(FONT.bold).fontSize(size).text(`${label}：`, { continued: true });
      this.doc
        .font(FONT.regular)
        .fontSize(size)
        .text(value || '—');
    }
    this.doc.moveDown(0.5);
    return this;
  }

  /** Vertical space in lines of the current font size. */
  space(lines = 1): this {
    this.doc.moveDown(lines);
    return this;
  }

  /** Writes header, footer and page numbers on every page, ends the document and returns its bytes. */
  async finish(): Promise<Buffer> {
    const { doc, opts } = this;
    const range = doc.bufferedPageRange();
    const total = range.count;
    for (let i = range.start; i < range.start + total; i++) {
      doc.switchToPage(i);
      const page = doc.page;
      const left = page.margins.left;
      const width = page.width - page.margins.left - page.margins.right;
      // writing inside the margins must not start a new page
      const bottom = page.margins.bottom;
      page.margins.bottom = 0;
      doc.font(FONT.regular).fontSize(8).fillColor('#666666');
      if (opts.header) {
        doc.text(opts.header, left, page.margins.top / 2 - 4, { width, align: 'left', lineBreak: false });
      }
      const y = page.height - bottom / 2 - 4;
      if (opts.footer) doc.text(opts.footer, left, y, { width, align: 'left', lineBreak: false });
      if (opts.pageNumbers ?? true) {
        const n = i - range.start + 1;
        const label =
          (opts.lang ?? 'zh-CN') === 'en' ? `Page ${n} of ${total}` : `第 ${n} 页 / 共 ${total} 页`;
        doc.text(label, left, y, { width, align: 'right', lineBreak: false });
      }
      page.margins.bottom = bottom;
    }
    doc.flushPages();
    doc.end();
    return this.ended;
  }
}

/** Starts an A4 document in the house style; call `finish()` for its bytes. */
export function startPdf(opts: PdfOptions): PdfWriter {
  return new PdfWriter(opts);
}

/** Builds a whole document: `draw` writes the body, the result is the PDF's bytes. */
export async function renderPdf(
  opts: PdfOptions,
  draw: (pdf: PdfWriter) => void | Promise<void>,
): Promise<Buffer> {
  const pdf = startPdf(opts);
  await draw(pdf);
  return pdf.finish();
}
