// The gate every bulk export of personal data passes before its first row (双人审批): at or
// under the threshold it goes ahead; above it the export is refused, the refusal audited, and the
// client files an export request for a second person to approve (export-requests.routes.ts).
import { needsApproval } from '../../../core/pii/export-approval.js';
import type { AppDeps } from '../../deps.js';
import { conflict } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.service.js';

/** Refuses (409 export.approval_required, audited as denied) an export of more rows than allowed. */
export async function refuseAboveThreshold(
  deps: Pick<AppDeps, 'db' | 'clock' | 'newId' | 'config'>,
  c: {
    user: { id: string; role: string; username: string };
    ip: string | null;
    /** the export's audit action: case.export, audit.export */
    action: string;
    /** how many rows the export's filters match now */
    rows: number;
  },
): Promise<void> {
  const { threshold } = deps.config.exportApproval;
  if (!needsApproval(c.rows, threshold)) return;
  await recordAudit(deps.db.kysely, deps.newId(), {
    at: deps.clock(),
    actorId: c.user.id,
    actorRole: c.user.role,
    actorLabel: c.user.username,
    ip: c.ip,
    action: c.action,
    result: 'denied',
    detail: { rows: c.rows, threshold, needs: 'approval' },
  });
  throw conflict('export.approval_required', { rows: c.rows, threshold });
}
