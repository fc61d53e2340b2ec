// The resident's phone check: a six-digit one-time code by SMS opens a resident session (no
// account). Codes are stored as a keyed HMAC, expire after five minutes and allow five attempts;
// requests are limited per phone and per address by counting rows in the database, under an
// advisory lock per phone and per address, so the limits hold across server processes.
import { randomInt, timingSafeEqual } from 'node:crypto';
import { maskPhone } from '../../../core/pii/masking.js';
import { isValidMobile, normalizePhone } from '../../../core/pii/validation.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { HttpError, badRequest } from '../../http/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import type { RequestMeta } from '../auth/auth.service.js';
import { newSessionToken } from '../auth/auth.service.js';
import { enqueueNotification } from '../notifications/enqueue.js';
import * as q from './resident.queries.js';

export const OTP_POLICY = {
  codeLength: 6,
  ttlSeconds: 300,
  maxAttempts: 5,
  /** codes per phone per minute and per hour, per address per hour */
  perPhonePerMinute: 1,
  perPhonePerHour: 5,
  perIpPerHour: 20,
  /** rows older than this serve no limit and are deleted */
  keepHours: 24,
} as const;

const MINUTE = 60_000;
const HOUR = 3_600_000;

const tooMany = (key: string, seconds: number) =>
  new HttpError(429, key, { seconds, minutes: Math.max(1, Math.ceil(seconds / 60)) });

/** Keyed HMAC (HMAC-SM3 under the PII key) of a code, bound to its row. */
function codeHmac(deps: Pick<AppDeps, 'crypto'>, otpId: string, code: string): string {
  // the 'otp:' prefix keeps these apart from the blind indexes of phone numbers (digits only)
  return deps.crypto.blindIndex('phone', `otp:${otpId}:${code}`);
}

function normalMobile(phone: string): string {
  const p = normalizePhone(phone);
  if (!isValidMobile(p)) throw badRequest('otp.bad_phone');
  return p;
}

export interface OtpIssued {
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** Issues a code and enqueues its SMS in the same transaction; 429 when a limit is reached. */
export async function requestOtp(deps: AppDeps, phoneInput: string, meta: RequestMeta): Promise<OtpIssued> {
  const phone = normalMobile(phoneInput);
  const phoneBidx = deps.crypto.blindIndex('phone', phone);
  const now = deps.clock();
  const t = now.getTime();
  await withTransaction(deps.db, async (trx) => {
    // phone first, address second, always: no two requests wait on each other crosswise
    await q.lockKey(trx, `otp:phone:${phoneBidx}`);
    if (meta.ip) await q.lockKey(trx, `otp:ip:${meta.ip}`);
    const byPhone = await q.otpTimesOfPhone(trx, phoneBidx, new Date(t - HOUR));
    const lastMinute = byPhone.filter((d) => d.getTime() > t - MINUTE);
    if (lastMinute.length >= OTP_POLICY.perPhonePerMinute) {
      const wait = lastMinute[lastMinute.length - OTP_POLICY.perPhonePerMinute]!.getTime() + MINUTE - t;
      throw tooMany('otp.too_soon', Math.ceil(wait / 1000));
    }
    if (byPhone.length >= OTP_POLICY.perPhonePerHour) {
      const wait = byPhone[byPhone.length - OTP_POLICY.perPhonePerHour]!.getTime() + HOUR - t;
      throw tooMany('otp.phone_hourly', Math.ceil(wait / 1000));
    }
    if (meta.ip) {
      const byIp = await q.otpTimesOfIp(trx, meta.ip, new Date(t - HOUR));
      if (byIp.length >= OTP_POLICY.perIpPerHour) {
        const wait = byIp[byIp.length - OTP_POLICY.perIpPerHour]!.getTime() + HOUR - t;
        throw tooMany('otp.ip_hourly', Math.ceil(wait / 1000));
      }
    }
    await q.deleteOldOtps(trx, new Date(t - OTP_POLICY.keepHours * HOUR));
    const id = deps.newId();
    const code = String(randomInt(0, 10 ** OTP_POLICY.codeLength)).padStart(OTP_POLICY.codeLength, '0');
    await q.insertOtp(trx, {
      id,
      phone_bidx: phoneBidx,
      code_hmac: codeHmac(deps, id, code),
      ip: meta.ip,
      created_at: now,
      expires_at: new Date(t + OTP_POLICY.ttlSeconds * 1000),
    });
    await enqueueNotification(trx, deps, {
      channel: 'sms',
      to: phone,
      template: 'otp',
      params: { code, minutes: OTP_POLICY.ttlSeconds / 60 },
      dedupeKey: `otp:${id}`,
    });
  });
  return { expiresInSeconds: OTP_POLICY.ttlSeconds, resendAfterSeconds: MINUTE / 1000 };
}

export interface ResidentSession {
  token: string;
  phoneBidx: string;
  phoneMasked: string;
  expiresAt: Date;
}

/**
 * Checks a code against the phone's latest one and opens a resident session. Every attempt
 * counts (atomically) before the comparison; failures are audited.
 */
export async function openResidentSession(
  deps: AppDeps,
  input: { phone: string; code: string },
  meta: RequestMeta,
): Promise<ResidentSession> {
  const phone = normalMobile(input.phone);
  const phoneBidx = deps.crypto.blindIndex('phone', phone);
  const db = deps.db.kysely;
  const now = deps.clock();
  const audit = (result: 'success' | 'failure', reason: string) =>
    recordAudit(db, deps.newId(), {
      at: now,
      actorId: null,
      actorRole: 'resident',
      actorLabel: 'resident',
      ip: meta.ip,
      action: 'auth.resident_login',
      result,
      detail: { reason },
    });

  const otp = await q.latestOtp(db, phoneBidx);
  if (!otp || otp.used_at || otp.expires_at <= now) {
    await audit('failure', otp ? (otp.used_at ? 'used' : 'expired') : 'no_code');
    throw new HttpError(401, 'otp.expired');
  }
  const attempts = await q.countAttempt(db, otp.id, OTP_POLICY.maxAttempts);
  if (attempts === null) {
    await audit('failure', 'attempts_exhausted');
    throw new HttpError(429, 'otp.too_many_attempts');
  }
  const given = Buffer.from(codeHmac(deps, otp.id, input.code));
  const stored = Buffer.from(otp.code_hmac);
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) {
    await audit('failure', 'wrong_code');
    const remaining = OTP_POLICY.maxAttempts - attempts;
    if (remaining === 0) throw new HttpError(429, 'otp.too_many_attempts');
    throw new HttpError(401, 'otp.wrong_code', { remaining });
  }

  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + deps.config.sessionAbsoluteHours * HOUR);
  await withTransaction(deps.db, async (trx) => {
    if (!(await q.consumeOtp(trx, otp.id, now))) throw new HttpError(401, 'otp.expired');
    await q.insertResidentSession(trx, {
      token_hash: deps.crypto.sm3Hex(token),
      phone_bidx: phoneBidx,
      now,
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(trx, deps.newId(), {
      at: now,
      actorId: null,
      actorRole: 'resident',
      actorLabel: 'resident',
      ip: meta.ip,
      action: 'auth.resident_login',
      result: 'success',
    });
  });
  return { token, phoneBidx, phoneMasked: maskPhone(phone), expiresAt };
}
