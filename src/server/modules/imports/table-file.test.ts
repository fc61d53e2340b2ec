import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { excel } from '../../documents/excel.js';
import { COLUMNS } from '../../../core/imports/columns.js';
import { TableFileError, readTable, templateXlsx, writeXlsx } from './table-file.js';

async function workbook(build: (wb: InstanceType<ReturnType<typeof excel>['Workbook']>) => void) {
  const wb = new (excel().Workbook)();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('readTable (xlsx)', () => {
  it('reads an exceljs workbook the same way every time (exceljs#3064 lost its workbook part 1 read in 200)', async () => {
    const bytes = await templateXlsx(COLUMNS.cases, '案件');
    const headers = COLUMNS.cases.map((c) => c.zh);
    for (let i = 0; i < 300; i++) expect((await readTable(bytes, 'xlsx')).headers).toEqual(headers);
  });

  it('reads the first sheet in tab order, with shared strings, numbers and dates as text', async () => {
    const bytes = await workbook((wb) => {
      const a = wb.addWorksheet('A');
      const b = wb.addWorksheet('B');
      b.addRow(['not', 'this']);
      a.addRow(['姓名', '金额', '日期']);
      a.addRow(['张三', 1200, new Date(Date.UTC(2026, 2, 15, 8, 30))]);
      a.addRow([]);
      a.addRow(['李四', 3.5, '']);
    });
    // move B's tab before A's: the workbook part decides which sheet is first, not the file name
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('xl/workbook.xml')!.async('string');
    const sheets = /<sheets>(<sheet [^>]*\/>)(<sheet [^>]*\/>)<\/sheets>/.exec(xml)!;
    const swapped = await zip
      .file('xl/workbook.xml', xml.replace(sheets[0], `<sheets>${sheets[2]}${sheets[1]}</sheets>`))
      .generateAsync({ type: 'nodebuffer' });

    expect(await readTable(bytes, 'xlsx')).toEqual({
      headers: ['姓名', '金额', '日期'],
      rows: [
        { row: 2, cells: ['张三', '1200', '2026-03-15 08:30:00'] },
        { row: 4, cells: ['李四', '3.5'] },
      ],
    });
    expect(await readTable(swapped, 'xlsx')).toEqual({ headers: ['not', 'this'], rows: [] });
  });

  it('reads the streaming writer’s files, row numbers as the user sees them', async () => {
    const rows = [['编号', '描述'], ...Array.from({ length: 500 }, (_, i) => [`RX-${i}`, `描述${i}`])];
    const table = await readTable(await writeXlsx(rows), 'xlsx');
    expect(table.headers).toEqual(['编号', '描述']);
    expect(table.rows).toHaveLength(500);
    expect(table.rows[499]).toEqual({ row: 501, cells: ['RX-499', '描述499'] });
  });

  it('refuses what is not a workbook with a TableFileError', async () => {
    await expect(readTable(Buffer.from('编号,描述\n'), 'xlsx')).rejects.toBeInstanceOf(TableFileError);
    const empty = await new JSZip().file('a.txt', 'x').generateAsync({ type: 'nodebuffer' });
    await expect(readTable(empty, 'xlsx')).rejects.toThrow(/no worksheet/);
  });
});
