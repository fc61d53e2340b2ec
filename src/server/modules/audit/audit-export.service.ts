// The audit administrator's export of the audit log (CSV, the same filters as the search). The
// export is itself an audited action, as every export of the system is.
import type { AppDeps } from '../../deps.js';
import type { AuditResult } from '../../db/tables.js';
import { withTransaction } from '../../db/transaction.js';
import { BOM, chinaTime, csvLine } from '../cases/export-csv.js';
import { recordStaffAction } from './audit.service.js';
import { listAuditEntries } from './audit-review.service.js';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'newId'>;

/** At most this many records in one file; narrow the period for more. */
export const AUDIT_EXPORT_CAP = 100_000;

export interface AuditExportFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  result?: AuditResult;
  from?: string;
  to?: string;
}

const HEADERS = {
  zh: ['编号', '时间', '操作人', '角色', '地址', '操作', '对象类型', '对象', '结果', '详情'],
  en: ['id', 'time (CST)', 'actor', 'role', 'address', 'action', 'target type', 'target', 'result', 'detail'],
};

export async function exportAuditCsv(
  deps: Deps,
  user: { id: string; role: string; username: string },
  filter: AuditExportFilter,
  meta: {
    ip: string | null;
    lang: 'zh-CN' | 'en';
    /** added to the export's audit record (the approved request it answers) */
    detail?: Record<string, unknown>;
  },
): Promise<{ csv: string; rows: number; capped: boolean }> {
  let out = BOM + csvLine(HEADERS[meta.lang === 'en' ? 'en' : 'zh']);
  let rows = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await listAuditEntries(deps, { ...filter, cursor, limit: 1000 });
    for (const e of page.items) {
      if (rows >= AUDIT_EXPORT_CAP) break;
      out += csvLine([
        e.id,
        chinaTime(new Date(e.at)),
        e.actorLabel,
        e.actorRole,
        e.ip,
        e.action,
        e.targetType,
        e.targetId,
        e.result,
        JSON.stringify(e.detail),
      ]);
      rows++;
    }
    if (!page.nextCursor || rows >= AUDIT_EXPORT_CAP) break;
    cursor = page.nextCursor;
  }
  await withTransaction(deps.db, (trx) =>
    recordStaffAction(trx, deps, {
      user,
      at: deps.clock(),
      ip: meta.ip,
      action: 'audit.export',
      targetType: 'audit_log',
      targetId: 'export',
      detail: { filter: { ...filter }, rows, ...meta.detail },
    }),
  );
  return { csv: out, rows, capped: rows >= AUDIT_EXPORT_CAP };
}
