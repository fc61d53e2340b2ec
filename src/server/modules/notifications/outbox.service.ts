// The development outbox: the latest SMS addressed to a phone, readable without a phone (browser
// tests read one-time codes here). Served only outside production with the development SMS provider.
import { isValidMobile, normalizePhone } from '../../../core/pii/validation.js';
import type { AppDeps } from '../../deps.js';
import { badRequest } from '../../http/errors.js';
import * as q from './notifications.queries.js';
import { unseal } from './seal.js';
import type { Params } from './templates.js';
import { renderSms } from './templates.js';

export interface OutboxMessage {
  id: string;
  at: string;
  template: string;
  text: string;
  status: string;
  /** the one-time code, for OTP messages */
  code: string | null;
}

export function outboxEnabled(deps: Pick<AppDeps, 'config'>): boolean {
  return !deps.config.production && deps.config.sms.provider === 'dev';
}

export async function readOutbox(deps: AppDeps, phone: string, limit: number): Promise<OutboxMessage[]> {
  if (!isValidMobile(phone)) throw badRequest('otp.bad_phone');
  const bidx = deps.crypto.blindIndex('phone', normalizePhone(phone));
  const rows = await q.latestToPhone(deps.db.kysely, bidx, limit);
  return rows.map((r) => {
    const { params } = unseal<{ to: string; params: Params }>(deps.crypto, r.sealed);
    return {
      id: r.id,
      at: r.created_at.toISOString(),
      template: r.template,
      text: renderSms(r.template, params),
      status: r.status,
      code: r.template === 'otp' ? String(params.code) : null,
    };
  });
}
