// Export of the filtered case list (CSV): the same filters and visibility as GET /api/cases,
// streamed page by page so memory stays flat, capped, and audited before the first row leaves.
import { Readable } from 'node:stream';
import type { AppDeps } from '../../deps.js';
import { forbidden } from '../../http/errors.js';
import type { Lang } from '../../http/i18n.js';
import type { AuthContext } from '../auth/auth.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { lightNow } from '../deadlines/deadlines.service.js';
import { auditActor } from './case-errors.js';
import type { CaseFilters } from './case-search.queries.js';
import { countCases, searchCases } from './case-search.queries.js';
import { exportHeader, exportLine } from './export-csv.js';
import { visibilityOf } from './read-case.js';

/** At most this many rows per export; narrow the filters for more. */
export const EXPORT_CAP = 50_000;
const PAGE = 1000;

export type ExportFilters = Omit<CaseFilters, 'now' | 'limit' | 'after'>;

/** The caller's visibility, for staff who may list cases; 403 for anyone else. */
function visibleTo(auth: AuthContext) {
  const v = auth.kind === 'staff' ? visibilityOf(auth) : null;
  if (!v) throw forbidden();
  return v;
}

/** How many cases an export with these filters would hold for the caller (before any row is sent). */
export async function countCaseExport(
  deps: AppDeps,
  auth: AuthContext,
  filters: ExportFilters,
): Promise<number> {
  return countCases(deps.db.kysely, visibleTo(auth), { ...filters, now: deps.clock() });
}

/**
 * Checks the caller may list cases, records the export in the audit log (filters, never the free
 * text, which may name a person) and returns the CSV as a stream.
 */
export async function exportCases(
  deps: AppDeps,
  auth: AuthContext,
  filters: ExportFilters,
  opts: {
    lang: Lang;
    ip: string | null;
    cap?: number;
    /** added to the export's audit record (the approved request it answers) */
    detail?: Record<string, unknown>;
  },
): Promise<Readable> {
  const v = visibleTo(auth);
  const now = deps.clock();
  const cap = opts.cap ?? EXPORT_CAP;
  const { text, ...rest } = filters;
  await recordAudit(deps.db.kysely, deps.newId(), {
    ...auditActor(auth),
    at: now,
    ip: opts.ip,
    action: 'case.export',
    targetType: 'case_list',
    result: 'success',
    detail: { format: 'csv', cap, filters: { ...rest, text: text ? true : undefined }, ...opts.detail },
  });

  async function* lines(): AsyncGenerator<string> {
    yield exportHeader(opts.lang);
    let after: string | undefined;
    let sent = 0;
    while (sent < cap) {
      const limit = Math.min(PAGE, cap - sent);
      const rows = await searchCases(deps.db.kysely, v!, { ...filters, now, after, limit });
      const page = rows.slice(0, limit);
      let chunk = '';
      for (const r of page) chunk += exportLine(opts.lang, { ...r, light: lightNow(r, now) });
      if (chunk) yield chunk;
      sent += page.length;
      if (rows.length <= limit) return;
      after = page[page.length - 1]!.id;
    }
  }
  return Readable.from(lines());
}
