// Webhook subscriptions, managed by the system administrator (三员分立: configuration is theirs).
// The secret is generated here, shown once at creation, and kept sealed for signing.
import { randomBytes } from 'node:crypto';
import { ACTIONS } from '../../../core/workflow/policy.js';
import { RECORD_ACTIONS } from '../../../core/workflow/records.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { notFound, unprocessable } from '../../http/errors.js';
import { recordConfigChange } from '../audit/audit.service.js';
import type { StaffUser } from '../auth/auth.service.js';
import * as q from './notifications.queries.js';
import { seal } from './seal.js';

/** What a subscriber may choose: every case action and record, or '*' for all. */
export const WEBHOOK_EVENTS: readonly string[] = ['*', ...ACTIONS, ...RECORD_ACTIONS];

export interface WebhookInput {
  name: string;
  url: string;
  events: string[];
  regionPrefix?: string;
  active?: boolean;
}

export interface WebhookView {
  id: string;
  name: string;
  url: string;
  events: string[];
  regionPrefix: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

type Row = NonNullable<Awaited<ReturnType<typeof q.getSubscription>>>;

const view = (r: Row): WebhookView => ({
  id: r.id,
  name: r.name,
  url: r.url,
  events: r.events as string[],
  regionPrefix: r.region_prefix,
  active: r.active,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

function check(deps: AppDeps, input: Partial<WebhookInput>): void {
  if (input.url !== undefined) {
    let u: URL;
    try {
      u = new URL(input.url);
    } catch {
      throw unprocessable('webhook.bad_url');
    }
    const https = u.protocol === 'https:';
    if (!(https || (u.protocol === 'http:' && !deps.config.production)) || u.username || u.password) {
      throw unprocessable('webhook.bad_url');
    }
  }
  if (input.events !== undefined) {
    const unknown = input.events.find((e) => !WEBHOOK_EVENTS.includes(e));
    if (unknown !== undefined) throw unprocessable('webhook.unknown_event', { event: unknown });
  }
  if (input.regionPrefix !== undefined && !/^\d{0,15}$/.test(input.regionPrefix)) {
    throw unprocessable('webhook.bad_region');
  }
}

export async function listWebhooks(deps: AppDeps): Promise<WebhookView[]> {
  return (await q.listSubscriptions(deps.db.kysely)).map(view);
}

/** Creates a subscription; the answer carries the signing secret, which is never shown again. */
export async function createWebhook(
  deps: AppDeps,
  user: StaffUser,
  input: WebhookInput,
  ip: string | null,
): Promise<WebhookView & { secret: string }> {
  check(deps, input);
  const id = deps.newId();
  const secret = randomBytes(32).toString('base64url');
  const now = deps.clock();
  const events = [...new Set(input.events)];
  await withTransaction(deps.db, async (trx) => {
    await q.insertSubscription(trx, {
      id,
      name: input.name,
      url: input.url,
      secret_enc: seal(deps.crypto, secret),
      events: JSON.stringify(events),
      region_prefix: input.regionPrefix ?? '',
      active: input.active ?? true,
      created_by: user.id,
      created_at: now,
      updated_at: now,
    });
    await recordConfigChange(trx, deps, {
      user,
      ip,
      action: 'webhook.create',
      targetType: 'webhook',
      targetId: id,
      detail: { name: input.name, url: input.url, events, region_prefix: input.regionPrefix ?? '' },
    });
  });
  const row = await q.getSubscription(deps.db.kysely, id);
  return { ...view(row!), secret };
}

export async function updateWebhook(
  deps: AppDeps,
  user: StaffUser,
  id: string,
  input: Partial<WebhookInput>,
  ip: string | null,
): Promise<WebhookView> {
  check(deps, input);
  await withTransaction(deps.db, async (trx) => {
    const n = await q.updateSubscription(trx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: JSON.stringify([...new Set(input.events)]) } : {}),
      ...(input.regionPrefix !== undefined ? { region_prefix: input.regionPrefix } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updated_at: deps.clock(),
    });
    if (n === 0) throw notFound();
    await recordConfigChange(trx, deps, {
      user,
      ip,
      action: 'webhook.update',
      targetType: 'webhook',
      targetId: id,
      detail: { ...input },
    });
  });
  return view((await q.getSubscription(deps.db.kysely, id))!);
}

export async function deleteWebhook(deps: AppDeps, user: StaffUser, id: string, ip: string | null) {
  await withTransaction(deps.db, async (trx) => {
    if ((await q.deleteSubscription(trx, id)) === 0) throw notFound();
    await recordConfigChange(trx, deps, {
      user,
      ip,
      action: 'webhook.delete',
      targetType: 'webhook',
      targetId: id,
      detail: {},
    });
  });
}
