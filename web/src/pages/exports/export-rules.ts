// Bulk exports above the threshold (双人审批): where an export's request is filed, what a request
// looks like, and what its requester or approver may do with it now.
import type { ExportRequestView } from '../../../../src/core/pii/export-approval';

/** The server's answer when an export needs a second approver. */
export const APPROVAL_REQUIRED = 'export.approval_required';

/** A request as the server answers it. */
export type ExportRequest = ExportRequestView;

/**
 * The filing route of an export: the same path with export-requests in place of export.csv, and
 * the same query string, so the request stores exactly the filters that were refused.
 */
export function requestUrlOf(exportUrl: string): string {
  const [path = '', query] = exportUrl.split('?');
  if (!path.endsWith('/export.csv')) throw new Error(`not an export: ${exportUrl}`);
  return `${path.slice(0, -'export.csv'.length)}export-requests${query ? `?${query}` : ''}`;
}

/** The filters of a request as "name: value" pairs for people (lists joined, empties dropped). */
export function filterPairs(filters: Record<string, unknown>): [string, string][] {
  return Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]);
}

/** Downloads left on an approved request (0 for any other status). */
export function downloadsLeft(r: Pick<ExportRequest, 'status' | 'downloads' | 'maxDownloads'>): number {
  return r.status === 'approved' ? Math.max(0, r.maxDownloads - r.downloads) : 0;
}
