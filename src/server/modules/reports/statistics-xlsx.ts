// The report as an Excel workbook (exceljs): one worksheet per table, the title and the report's
// lines above it, the header in row HEADER_ROW. Cells keep their numbers (a rate is a fraction
// shown as a percentage), so the figures can be summed and charted upward.
import { excel } from '../../documents/excel.js';
import type { Lang } from '../../http/i18n.js';
import type { Cell, ReportLayout } from './statistics-layout.js';

/** The row of each sheet's column headers (title, five report lines and a blank row above it). */
export const HEADER_ROW = 8;

const FORMATS: Record<Exclude<Cell['t'], 'text'>, string> = {
  count: '0',
  countChange: '+0;-0;0',
  rate: '0.00%',
  rateChange: '+0.00%;-0.00%;0.00%',
};

/** Excel refuses these in sheet names, and names over 31 characters. */
const sheetName = (title: string) => title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);

export async function statisticsXlsx(lang: Lang, layout: ReportLayout, createdAt: Date): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = lang === 'en' ? 'Yimen' : '一门 Yimen';
  wb.created = createdAt;
  wb.modified = createdAt;
  wb.title = layout.title;
  for (const section of layout.sections) {
    const ws = wb.addWorksheet(sheetName(section.title), {
      views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    });
    ws.getCell(1, 1).value = layout.title;
    ws.getCell(1, 1).font = { bold: true, size: 14 };
    layout.meta.forEach(([label, value], i) => {
      ws.getCell(2 + i, 1).value = label;
      ws.getCell(2 + i, 2).value = value;
    });
    const header = ws.getRow(HEADER_ROW);
    section.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.value = c;
      cell.font = { bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
      cell.alignment = { wrapText: true, vertical: 'middle' };
    });
    section.rows.forEach((cells, r) => {
      const row = ws.getRow(HEADER_ROW + 1 + r);
      cells.forEach((c, i) => {
        const cell = row.getCell(i + 1);
        cell.value = c.v;
        if (c.t !== 'text') cell.numFmt = FORMATS[c.t];
      });
    });
    if (section.note) ws.getCell(HEADER_ROW + section.rows.length + 2, 1).value = section.note;
    ws.getColumn(1).width = 28;
    for (let i = 2; i <= section.columns.length; i++) ws.getColumn(i).width = 13;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
