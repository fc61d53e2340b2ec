// What each kind of bulk export is, for its requests: how its stored query is counted and sent
// again for the requester, through the export's own service (the same visibility, cap and audit
// record as the direct export).
import type { Readable } from 'node:stream';
import type { ExportKind } from '../../../core/pii/export-approval.js';
import type { AppDeps } from '../../deps.js';
import { forbidden } from '../../http/errors.js';
import type { Lang } from '../../http/i18n.js';
import { countAuditEntries } from '../audit/audit-review.service.js';
import { exportAuditCsv, type AuditExportFilter } from '../audit/audit-export.service.js';
import type { AuthContext } from '../auth/auth.service.js';
import type { ExportQueryT } from '../cases/cases.schemas.js';
import { EXPORT_CAP, countCaseExport, exportCases } from '../cases/export-cases.js';
import { chinaTime } from '../cases/export-csv.js';
import { filtersOf } from '../cases/list-filters.js';

type StaffAuth = Extract<AuthContext, { kind: 'staff' }>;

export interface ExportFile {
  body: Readable | string;
  filename: string;
}

interface ExportKindHandler {
  /** Rows the stored query matches for this caller now (403 when the caller may not export it). */
  count(deps: AppDeps, auth: StaffAuth, query: Record<string, unknown>): Promise<number>;
  /** The file, audited by the export's own service with `detail` added. */
  send(
    deps: AppDeps,
    auth: StaffAuth,
    query: Record<string, unknown>,
    o: { lang: Lang; ip: string | null; cap: number; detail: Record<string, unknown> },
  ): Promise<ExportFile>;
}

const stamp = (deps: AppDeps) => chinaTime(deps.clock()).replace(/[-: ]/g, '');

// the audit log is the auditor's alone (三员分立), even through an approved request
const auditor = (auth: StaffAuth) => {
  if (auth.user.role !== 'audit_admin') throw forbidden();
};

export const EXPORT_KIND_HANDLERS: Record<ExportKind, ExportKindHandler> = {
  cases: {
    count: (deps, auth, query) => countCaseExport(deps, auth, filtersOf(query as ExportQueryT)),
    async send(deps, auth, query, o) {
      const body = await exportCases(deps, auth, filtersOf(query as ExportQueryT), {
        ...o,
        cap: Math.min(o.cap, EXPORT_CAP),
      });
      return { body, filename: `cases-${stamp(deps)}.csv` };
    },
  },
  audit: {
    count(deps, auth, query) {
      auditor(auth);
      return countAuditEntries(deps, query as AuditExportFilter);
    },
    async send(deps, auth, query, o) {
      auditor(auth);
      const { csv } = await exportAuditCsv(deps, auth.user, query as AuditExportFilter, {
        ip: o.ip,
        lang: o.lang === 'en' ? 'en' : 'zh-CN',
        detail: o.detail,
      });
      return { body: csv, filename: `audit-${stamp(deps)}.csv` };
    },
  },
};
