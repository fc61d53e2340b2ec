// The schedule of the periodic statistics reports: once a week, month, quarter or year has ended
// (CST), each center's region gets its report of it, in Chinese (what a 政法委 sends upward), as
// Excel and PDF in the file store with a row naming both. A report takes about 0.7 s to make
// (measured on the demo city), so the sweep runs every ten minutes and makes at most BATCH a run:
// a city's ~150 weekly reports are stored within about an hour and a half of Monday 00:00, the
// first Monday of a year (four reports per center) within a few hours, and no run holds a worker
// for long. A report already stored is never made again.
import path from 'node:path';
import {
  REPORT_PERIOD_KINDS,
  lastCompletePeriod,
  type ReportPeriod,
} from '../../../core/analytics/report-periods.js';
import { cstDayOf } from '../../../core/calendar/work-calendar.js';
import { sm3Hex } from '../../crypto/pii-crypto.js';
import type { AppDeps } from '../../deps.js';
import { storeFile, storedFilePath } from '../../files/file-store.js';
import { regionNode } from '../analytics/analytics-access.js';
import { buildStatisticsReport } from './statistics-report.js';
import { reportLayout } from './statistics-layout.js';
import { statisticsPdf } from './statistics-pdf.js';
import { statisticsXlsx } from './statistics-xlsx.js';
import * as q from './statistics-reports.queries.js';

/** Reports made in one run at most. */
export const BATCH = 20;

/** Where the schedule keeps its files under the data folder. */
const AREA = 'statistics-reports';

/** Raised inside the file store's commit when another run stored the same report first. */
class AlreadyStored extends Error {}

/** Makes and stores one region's report of a period; false when it was stored meanwhile. */
async function storeReport(deps: AppDeps, regionCode: string, period: ReportPeriod): Promise<boolean> {
  const lang = 'zh-CN';
  const region = await regionNode(deps, regionCode, regionCode);
  const report = await buildStatisticsReport(deps, region, period);
  const layout = reportLayout(lang, report);
  const [xlsx, pdf] = [
    await statisticsXlsx(lang, layout, report.generatedAt),
    await statisticsPdf(lang, layout, report.generatedAt),
  ];
  const id = deps.newId();
  const dataDir = deps.config.dataDir;
  const target = (ext: string) => storedFilePath(dataDir, AREA, regionCode, `${id}.${ext}`);
  try {
    return await storeFile(target('xlsx'), xlsx, () =>
      storeFile(target('pdf'), pdf, async () => {
        const inserted = await q.insertReport(deps.db.kysely, {
          id,
          region_code: regionCode,
          period_kind: period.kind,
          period_start: period.from,
          period_end: period.to,
          lang,
          generated_at: report.generatedAt,
          xlsx_key: path.relative(dataDir, target('xlsx')),
          xlsx_bytes: xlsx.length,
          xlsx_sm3: sm3Hex(xlsx),
          pdf_key: path.relative(dataDir, target('pdf')),
          pdf_bytes: pdf.length,
          pdf_sm3: sm3Hex(pdf),
        });
        // the files are removed by storeFile when the row is not ours
        if (!inserted) throw new AlreadyStored();
        return true;
      }),
    );
  } catch (err) {
    if (err instanceof AlreadyStored) return false;
    throw err;
  }
}

/**
 * Stores the reports of the last ended week, month, quarter and year of each center's region under
 * `prefix` (all by default) that are not stored yet, at most `limit` of them.
 */
export async function sweepStatisticsReports(
  deps: AppDeps,
  opts: { prefix?: string; limit?: number } = {},
): Promise<{ generated: number; pending: number }> {
  const today = cstDayOf(deps.clock());
  const periods = REPORT_PERIOD_KINDS.map((k) => lastCompletePeriod(k, today));
  const regions = await q.centerRegions(deps.db.kysely, opts.prefix ?? '');
  const stored = await q.storedKeys(deps.db.kysely, regions, periods);
  const missing = regions.flatMap((code) =>
    periods.filter((p) => !stored.has(q.reportKey(code, p.kind, p.from))).map((p) => ({ code, p })),
  );
  const limit = opts.limit ?? BATCH;
  let generated = 0;
  for (const { code, p } of missing.slice(0, limit)) {
    if (await storeReport(deps, code, p)) generated += 1;
  }
  return { generated, pending: Math.max(0, missing.length - limit) };
}
