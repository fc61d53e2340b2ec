// The staff bell (站内通知): what concerns the user or their unit, newest first, with read marks.
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import type { Lang } from '../../http/i18n.js';
import type { StaffUser } from '../auth/auth.service.js';
import * as q from './notifications.queries.js';
import type { Params } from './templates.js';
import { renderBell } from './templates.js';

export interface BellItem {
  id: string;
  kind: string;
  caseId: string | null;
  caseNo: string | null;
  text: string;
  createdAt: string;
  read: boolean;
}

export async function listBell(
  deps: AppDeps,
  user: StaffUser,
  lang: Lang,
  opts: { limit: number; unreadOnly: boolean },
): Promise<{ items: BellItem[]; unreadCount: number }> {
  const who = { id: user.id, unitId: user.unitId };
  const db = deps.db.kysely;
  const [rows, unreadCount] = await Promise.all([q.listBell(db, who, opts), q.unreadCount(db, who)]);
  return {
    items: rows.map((r) => {
      const params = (r.params ?? {}) as Params;
      return {
        id: r.id,
        kind: r.kind,
        caseId: r.case_id,
        caseNo: typeof params.caseNo === 'string' ? params.caseNo : null,
        text: renderBell(r.kind, params, lang),
        createdAt: r.created_at.toISOString(),
        read: r.read_at !== null,
      };
    }),
    unreadCount,
  };
}

/** Marks one entry read; 404 when it is not the user's (or does not exist). */
export async function markBellRead(deps: AppDeps, user: StaffUser, id: string): Promise<void> {
  const who = { id: user.id, unitId: user.unitId };
  if (!(await q.isVisibleBell(deps.db.kysely, who, id))) throw notFound();
  await q.markRead(deps.db.kysely, who, deps.clock(), id);
}

/** Marks everything of the user read; returns how many were unread. */
export async function markAllBellRead(deps: AppDeps, user: StaffUser): Promise<number> {
  return q.markRead(deps.db.kysely, { id: user.id, unitId: user.unitId }, deps.clock(), null);
}
