// Enqueueing a notification inside the transaction of the change that causes it: the row and its
// pg-boss job exist if and only if that transaction commits. The dedupe key is unique, so a
// retried cause (a case-event job run twice) enqueues once; it is also handed to the provider.
import { isValidMobile, normalizePhone } from '../../../core/pii/validation.js';
import type { AppDeps } from '../../deps.js';
import type { Trx } from '../../db/transaction.js';
import type { SendOptions } from '../../jobs/queue.js';
import * as q from './notifications.queries.js';
import { seal } from './seal.js';
import type { Params } from './templates.js';
import { BELL_TEMPLATES, EMAIL_TEMPLATES, SMS_TEMPLATES, WEBHOOK_TEMPLATES } from './templates.js';

export const NOTIFY_QUEUE = 'notify';

/** Retries with exponential backoff: 10 s, 20 s, 40 s … about 40 minutes in all. */
export const NOTIFY_SEND_OPTIONS: SendOptions = {
  retryLimit: 8,
  retryDelay: 10,
  retryBackoff: true,
  expireInSeconds: 120,
};

export type Channel = 'sms' | 'email' | 'webhook' | 'inapp';

export interface NotificationRequest {
  channel: Channel;
  /**
   * sms: a mobile number; email: an address; webhook: a subscription id;
   * inapp: 'user:<uuid>' or 'unit:<uuid>'
   */
  to: string;
  /** a key of SMS_TEMPLATES, EMAIL_TEMPLATES, WEBHOOK_TEMPLATES or BELL_TEMPLATES */
  template: string;
  params: Params;
  /** unique per notification: the same key twice enqueues once (e.g. `case:<id>:<seq>:sms:<party>`) */
  dedupeKey: string;
  caseId?: string | null;
}

export interface Enqueued {
  id: string | null;
  /** false when the dedupe key had been enqueued already */
  created: boolean;
}

/** The job's data: an id only; what the message says stays sealed in the notifications table. */
export interface NotifyJob {
  id: string;
}

/**
 * Records a notification in `trx` and, for SMS, e-mail and webhooks, sends its 'notify' job in the
 * same transaction (the worker delivers it). In-app notifications are delivered by the insert.
 */
export async function enqueueNotification(
  trx: Trx,
  deps: Pick<AppDeps, 'crypto' | 'jobs' | 'clock' | 'newId'>,
  n: NotificationRequest,
): Promise<Enqueued> {
  const now = deps.clock();
  if (n.channel === 'inapp') {
    if (!BELL_TEMPLATES[n.template]) throw new Error(`unknown bell template ${n.template}`);
    const m = /^(user|unit):([0-9a-f-]{36})$/.exec(n.to);
    if (!m) throw new Error(`in-app recipient must be user:<id> or unit:<id>, not ${n.to}`);
    const id = await q.insertStaffNotification(trx, {
      id: deps.newId(),
      dedupe_key: n.dedupeKey,
      user_id: m[1] === 'user' ? m[2]! : null,
      unit_id: m[1] === 'unit' ? m[2]! : null,
      kind: n.template,
      case_id: n.caseId ?? null,
      params: JSON.stringify(n.params),
      created_at: now,
    });
    return { id, created: id !== null };
  }

  const known =
    n.channel === 'sms'
      ? n.template in SMS_TEMPLATES
      : n.channel === 'email'
        ? n.template in EMAIL_TEMPLATES
        : (WEBHOOK_TEMPLATES as readonly string[]).includes(n.template);
  if (!known) throw new Error(`unknown ${n.channel} template ${n.template}`);
  let to = n.to;
  let toBidx: string | null = null;
  if (n.channel === 'sms') {
    to = normalizePhone(n.to);
    if (!isValidMobile(to)) throw new Error('SMS needs a mobile number');
    toBidx = deps.crypto.blindIndex('phone', to);
  }
  const id = await q.insertNotification(trx, {
    id: deps.newId(),
    dedupe_key: n.dedupeKey,
    channel: n.channel,
    template: n.template,
    to_bidx: toBidx,
    sealed: seal(deps.crypto, { to, params: n.params }),
    case_id: n.caseId ?? null,
    last_error: null,
    provider: null,
    created_at: now,
    sent_at: null,
  });
  if (id === null) return { id: null, created: false };
  const job: NotifyJob = { id };
  await deps.jobs?.sendInTransaction(trx, NOTIFY_QUEUE, job, NOTIFY_SEND_OPTIONS);
  return { id, created: true };
}
