// The report as a PDF in the house style (documents/pdf.ts, Noto Sans SC): the title block, the
// report's lines, then each table with its header repeated on every page it runs onto.
import { FONT, renderPdf, type PdfWriter } from '../../documents/pdf.js';
import type { Lang } from '../../http/i18n.js';
import { cellText, type ReportLayout, type Section } from './statistics-layout.js';

const SIZE = 8;
const PAD = 3;

function drawTable(pdf: PdfWriter, lang: Lang, section: Section): void {
  const { doc } = pdf;
  const left = doc.page.margins.left;
  const width = pdf.contentWidth;
  const first = section.columns.length > 2 ? width * 0.24 : width * 0.5;
  const rest = (width - first) / (section.columns.length - 1);
  const widths = section.columns.map((_, i) => (i === 0 ? first : rest));
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const heightOf = (cells: string[], bold: boolean) => {
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(SIZE);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
  };
  const drawRow = (cells: string[], bold: boolean, numeric: boolean[]) => {
    const h = heightOf(cells, bold);
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (!bold)
        drawRow(
          section.columns,
          true,
          section.columns.map(() => false),
        );
    }
    const y = doc.y;
    if (bold) doc.rect(left, y, width, h).fill('#E8EEF7');
    doc
      .fillColor('#000000')
      .font(bold ? FONT.bold : FONT.regular)
      .fontSize(SIZE);
    cells.forEach((c, i) => {
      doc.text(c, xs[i]! + PAD, y + PAD, {
        width: widths[i]! - 2 * PAD,
        align: numeric[i] ? 'right' : 'left',
      });
    });
    doc
      .moveTo(left, y + h)
      .lineTo(left + width, y + h)
      .lineWidth(0.5)
      .strokeColor('#BBBBBB')
      .stroke();
    doc.x = left;
    doc.y = y + h;
  };
  pdf.heading(section.title);
  drawRow(
    section.columns,
    true,
    section.columns.map(() => false),
  );
  for (const row of section.rows) {
    drawRow(
      row.map((c) => cellText(lang, c)),
      false,
      row.map((c) => c.t !== 'text'),
    );
  }
  doc.x = left;
  if (section.note) {
    pdf.space(0.3);
    pdf.text(section.note, { size: SIZE, color: '#555555' });
  }
  pdf.space(0.8);
}

export function statisticsPdf(lang: Lang, layout: ReportLayout, createdAt: Date): Promise<Buffer> {
  return renderPdf(
    {
      title: layout.title,
      createdAt,
      lang,
      margin: 42,
      header: lang === 'en' ? 'Yimen · periodic statistics report' : '一门 · 定期统计报表',
    },
    (pdf) => {
      pdf.fields(layout.meta, { size: 10 });
      for (const section of layout.sections) drawTable(pdf, lang, section);
    },
  );
}
