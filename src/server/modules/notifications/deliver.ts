// The 'notify' worker: delivers one notification through its channel, then marks it sent. A crash
// between the provider's acceptance and the mark leaves the row pending; pg-boss retries the job
// and the provider is handed the same dedupe key again (the development SMS log skips it).
import type PgBoss from 'pg-boss';
import type { AppDeps } from '../../deps.js';
import * as q from './notifications.queries.js';
import type { Providers } from './providers.js';
import { postWebhook } from './providers.js';
import { unseal } from './seal.js';
import type { NotifyJob } from './enqueue.js';
import type { Params } from './templates.js';
import { renderEmail, renderSms } from './templates.js';

export type DeliveryResult = 'sent' | 'duplicate' | 'already' | 'skipped' | 'missing';

interface Envelope {
  to: string;
  params: Params;
}

/**
 * Delivers notification `id`. `final`: this is the job's last attempt, so a failure marks the
 * row failed rather than pending. Throws on a failed delivery (pg-boss then retries).
 */
export async function deliverNotification(
  deps: Pick<AppDeps, 'db' | 'crypto' | 'clock'>,
  providers: Providers,
  id: string,
  opts: { final?: boolean } = {},
): Promise<DeliveryResult> {
  const db = deps.db.kysely;
  const row = await q.getNotification(db, id);
  if (!row) return 'missing';
  if (row.status === 'sent' || row.status === 'skipped') return 'already';
  const { to, params } = unseal<Envelope>(deps.crypto, row.sealed);
  try {
    let provider: string;
    let delivered = true;
    switch (row.channel) {
      case 'sms': {
        const r = await providers.sms.send({
          to,
          text: renderSms(row.template, params),
          dedupeKey: row.dedupe_key,
        });
        delivered = r.delivered;
        provider = providers.sms.name;
        break;
      }
      case 'email': {
        if (!providers.mailer) {
          await q.markSkipped(db, id, 'no SMTP server configured');
          return 'skipped';
        }
        await providers.mailer.send({ to, ...renderEmail(row.template, params), dedupeKey: row.dedupe_key });
        provider = providers.mailer.name;
        break;
      }
      case 'webhook': {
        const sub = await q.getSubscription(db, to);
        if (!sub || !sub.active) {
          await q.markSkipped(db, id, 'subscription removed or inactive');
          return 'skipped';
        }
        const secret = unseal<string>(deps.crypto, sub.secret_enc);
        const event = String(params.event ?? row.template);
        const body = JSON.stringify({
          id: row.id,
          event,
          createdAt: row.created_at.toISOString(),
          data: params,
        });
        await postWebhook(providers.fetch, {
          url: sub.url,
          secret,
          body,
          event,
          deliveryKey: row.dedupe_key,
          now: deps.clock(),
        });
        provider = 'webhook';
        break;
      }
    }
    await q.markSent(db, id, deps.clock(), provider);
    return delivered ? 'sent' : 'duplicate';
  } catch (err) {
    await q.markFailedAttempt(db, id, err instanceof Error ? err.message : String(err), opts.final ?? false);
    throw err;
  }
}

/** pg-boss handler of one 'notify' job. */
export async function processNotifyJob(
  deps: Pick<AppDeps, 'db' | 'crypto' | 'clock'>,
  providers: Providers,
  job: PgBoss.JobWithMetadata<NotifyJob>,
): Promise<DeliveryResult> {
  return deliverNotification(deps, providers, job.data.id, { final: job.retryCount >= job.retryLimit });
}
