// Reading and writing the import files: the first worksheet of an .xlsx (exceljs) or a .csv
// (csv-parse; UTF-8 with or without BOM, or GB18030 as Chinese Excel saves it) as rows of text.
import { parse as parseCsv } from 'csv-parse/sync';
import { PassThrough, Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { excel } from '../../documents/excel.js';
import type { ColumnSpec } from '../../../core/imports/columns.js';

export type FileType = 'xlsx' | 'csv';

export interface Table {
  headers: string[];
  /** data rows with their row number as the user sees it (header = 1) */
  rows: { row: number; cells: string[] }[];
}

export class TableFileError extends Error {
  override name = 'TableFileError';
}

export function fileTypeOf(fileName: string): FileType | null {
  const m = /\.(xlsx|csv)$/i.exec(fileName.trim());
  return m ? (m[1]!.toLowerCase() as FileType) : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** One cell as the text a person sees. Dates: exceljs hands the wall-clock time as UTC fields. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    const d = value;
    const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${time}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

// exceljs's streaming reader reads a worksheet row by row (about half the time and a third of the
// memory of loading the whole workbook: measured on 100,000 rows). Its own zip pass
// (unzipper.Parse) loses the workbook part now and then (exceljs#3064; here 1 read in 200 of our
// own template failed with "reading 'sheets'"), so the parts are taken from the zip's central
// directory (JSZip) and handed to the reader's part parsers in the order they depend on each
// other: relations, workbook, shared strings, styles, then the first sheet. These parsers are
// exceljs 4.4's internals (pinned in package.json); table-file.test.ts would fail if they changed.
interface StreamRow {
  number: number;
  values: ExcelJS.CellValue[];
}
interface ReaderInternals {
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { rId: string }[] };
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncIterable<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(
    iterator: AsyncIterable<Buffer>,
    sheetNo: string,
  ): Iterable<{ eventType: string; value: AsyncIterable<StreamRow> }>;
}

/** The path of the workbook's first sheet (in tab order), from the workbook part and its relations. */
function firstSheetPath(reader: ReaderInternals, zip: JSZip): string | undefined {
  const first = reader.model?.sheets?.[0];
  const target = first && reader.workbookRels?.find((r) => r.Id === first.rId)?.Target;
  if (target) return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  // no workbook part: the lowest-numbered sheet
  const sheets = zip.file(/^xl\/worksheets\/sheet\d+\.xml$/).map((f) => f.name);
  return sheets.sort((a, b) => sheetNumber(a) - sheetNumber(b))[0];
}
const sheetNumber = (path: string) => Number(/sheet(\d+)\.xml$/.exec(path)?.[1] ?? 0);

async function readXlsx(bytes: Buffer): Promise<Table> {
  let headers: string[] | null = null;
  const rows: Table['rows'] = [];
  try {
    const zip = await JSZip.loadAsync(bytes);
    // JSZip's streams are readable-stream 2 streams; a core PassThrough makes them async-iterable
    const part = (path: string) => zip.file(path)?.nodeStream('nodebuffer').pipe(new PassThrough());
    // the reader's own input is never read: its part parsers are fed the parts below
    const reader = new (excel().stream.xlsx.WorkbookReader)(Readable.from([]), {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    }) as unknown as ReaderInternals;
    const rels = part('xl/_rels/workbook.xml.rels');
    if (rels) await reader._parseRels(rels);
    const workbook = part('xl/workbook.xml');
    if (workbook) await reader._parseWorkbook(workbook);
    const strings = part('xl/sharedStrings.xml');
    if (strings) for await (const _ of reader._parseSharedStrings(strings));
    const styles = part('xl/styles.xml');
    if (styles) await reader._parseStyles(styles);
    const path = firstSheetPath(reader, zip);
    const sheet = path ? part(path) : undefined;
    if (!path || !sheet) throw new Error('the workbook has no worksheet');
    for (const { value: ws } of reader._parseWorksheet(sheet, String(sheetNumber(path)))) {
      for await (const row of ws) {
        const values = row.values;
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        if (headers === null) {
          if (!isBlank(cells)) headers = cells;
        } else if (!isBlank(cells)) rows.push({ row: row.number, cells });
      }
    }
  } catch (err) {
    throw new TableFileError(err instanceof Error ? err.message.slice(0, 200) : 'not an xlsx file');
  }
  return { headers: headers ?? [], rows };
}

function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // not UTF-8: Excel on a Chinese Windows saves CSV in GB18030 (a superset of GBK)
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readCsv(bytes: Buffer): Table {
  let records: string[][];
  try {
    records = parseCsv(decodeText(bytes), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      trim: false,
    }) as string[][];
  } catch (err) {
    throw new TableFileError(err instanceof Error ? err.message.slice(0, 200) : 'not a CSV file');
  }
  let headers: string[] | null = null;
  const rows: Table['rows'] = [];
  records.forEach((cells, i) => {
    if (headers === null) {
      if (!isBlank(cells)) headers = cells;
      return;
    }
    if (!isBlank(cells)) rows.push({ row: i + 1, cells });
  });
  return { headers: headers ?? [], rows };
}

/** Reads a file's first sheet: the first non-empty row is the header; empty rows are skipped. */
export async function readTable(bytes: Buffer, type: FileType): Promise<Table> {
  return type === 'xlsx' ? readXlsx(bytes) : readCsv(bytes);
}

/** A CSV field, quoted when it must be (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes rows as CSV with a UTF-8 BOM, so Excel opens the Chinese text correctly. */
export function toCsv(rows: readonly (readonly string[])[]): Buffer {
  return Buffer.from('\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n', 'utf8');
}

/**
 * The downloadable template: a sheet with the Chinese headers (every column text-formatted, so
 * ID and phone numbers keep their digits) and a sheet explaining each column in both languages.
 */
export async function templateXlsx(columns: readonly ColumnSpec[], sheetName: string): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'Yimen';
  const data = wb.addWorksheet(sheetName);
  data.columns = columns.map((c) => ({
    header: c.zh,
    key: c.key,
    width: Math.min(40, Math.max(14, c.zh.length * 4)),
    style: { numFmt: '@' },
  }));
  data.getRow(1).font = { bold: true };
  data.views = [{ state: 'frozen', ySplit: 1 }];
  const help = wb.addWorksheet('说明 Notes');
  help.columns = [
    { header: '列名', width: 16 },
    { header: 'column', width: 18 },
    { header: '必填 required', width: 14 },
    { header: '说明', width: 60 },
    { header: 'notes', width: 70 },
    { header: '示例 example', width: 30 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns)
    help.addRow([c.zh, c.key, c.required ? '是 yes' : '', c.note.zh, c.note.en, c.example]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same template as CSV: the header row only. */
export function templateCsv(columns: readonly ColumnSpec[]): Buffer {
  return toCsv([columns.map((c) => c.zh)]);
}

/** Writes rows to an .xlsx with the streaming writer (tests and the benchmark generate files). */
export async function writeXlsx(rows: Iterable<readonly (string | number)[]>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new (excel().stream.xlsx.WorkbookWriter)({
    stream: out,
    useSharedStrings: true,
    useStyles: false,
  });
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow([...r]).commit();
  ws.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
