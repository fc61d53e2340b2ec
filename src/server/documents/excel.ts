// exceljs, loaded on first use: it costs ~30 MB of resident memory, which a server that never
// reads or writes a workbook should not carry. Types come from `import type ExcelJS from 'exceljs'`.
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

const require = createRequire(import.meta.url);
let loaded: typeof ExcelJS | undefined;

export function excel(): typeof ExcelJS {
  return (loaded ??= require('exceljs') as typeof ExcelJS);
}
