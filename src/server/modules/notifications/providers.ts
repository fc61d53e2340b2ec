// Delivery channels behind small interfaces: SMS (a development log, or an HTTP gateway), e-mail
// (SMTP through nodemailer, only when configured) and signed webhook calls. Each is handed the
// notification's dedupe key, so a provider that honours it does not reach a person twice when a
// delivery is retried after a crash.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import { maskPhone } from '../../../core/pii/masking.js';

export interface SmsMessage {
  to: string;
  text: string;
  dedupeKey: string;
}

export interface SmsResult {
  /** false when the provider recognised the dedupe key and did not send again */
  delivered: boolean;
}

/** An SMS gateway. Implementations should honour dedupeKey (send at most once per key). */
export interface SmsProvider {
  readonly name: string;
  send(m: SmsMessage): Promise<SmsResult>;
}

export interface DevSmsEntry {
  at: string;
  to: string;
  text: string;
  dedupeKey: string;
  note: string;
}

const DEV_NOTE = 'DEVELOPMENT: not sent to any phone';

/**
 * The default SMS provider for development and demos: appends each message to
 * `<data dir>/outbox/sms.log` (one JSON line) and prints it, clearly marked. It remembers every
 * dedupe key it has logged (re-read from the file after a restart) and skips a key seen before.
 */
export class DevSmsProvider implements SmsProvider {
  readonly name = 'dev';
  private keys: Set<string> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly clock: () => Date,
    private readonly print: (line: string) => void = (line) => console.log(line),
  ) {}

  send(m: SmsMessage): Promise<SmsResult> {
    // one at a time, so the check and the append of a key cannot interleave
    const run = this.queue.then(async () => {
      const keys = await this.loadKeys();
      if (keys.has(m.dedupeKey)) return { delivered: false };
      const entry: DevSmsEntry = {
        at: this.clock().toISOString(),
        to: m.to,
        text: m.text,
        dedupeKey: m.dedupeKey,
        note: DEV_NOTE,
      };
      await mkdir(path.dirname(this.file), { recursive: true });
      await appendFile(this.file, JSON.stringify(entry) + '\n', 'utf8');
      keys.add(m.dedupeKey);
      this.print(`[DEVELOPMENT SMS — not sent] to ${maskPhone(m.to)}: ${m.text}`);
      return { delivered: true };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Everything logged so far (tests and the development outbox). */
  async entries(): Promise<DevSmsEntry[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return text
      .split('\n')
      .filter((l) => l.trim())
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as DevSmsEntry];
        } catch {
          return []; // a line torn by a crash mid-write
        }
      });
  }

  private async loadKeys(): Promise<Set<string>> {
    if (!this.keys) this.keys = new Set((await this.entries()).map((e) => e.dedupeKey));
    return this.keys;
  }
}

/**
 * A generic HTTP SMS gateway: POST {to, text, dedupeKey} as JSON, the key also as Idempotency-Key,
 * a bearer token when configured. Any 2xx is success; anything else is retried.
 */
export class HttpSmsProvider implements SmsProvider {
  readonly name = 'http';
  constructor(
    private readonly url: string,
    private readonly token: string | null,
    private readonly fetchFn: typeof fetch = fetch,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(m: SmsMessage): Promise<SmsResult> {
    const res = await this.fetchFn(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': m.dedupeKey,
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify(m),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    return { delivered: true };
  }
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  dedupeKey: string;
}

export interface Mailer {
  readonly name: string;
  send(m: MailMessage): Promise<void>;
}

/** E-mail by SMTP. The dedupe key becomes the Message-ID, by which mail systems drop duplicates. */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    name: 'smtp',
    send: async (m) => {
      const id = createHash('sha256').update(m.dedupeKey).digest('hex').slice(0, 32);
      await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: `<${id}@yimen>`,
        headers: { 'X-Yimen-Dedupe-Key': m.dedupeKey },
      });
    },
  };
}

// ---- webhooks ----

export const SIGNATURE_HEADER = 'x-yimen-signature';
export const TIMESTAMP_HEADER = 'x-yimen-timestamp';
export const DELIVERY_HEADER = 'x-yimen-delivery';
export const EVENT_HEADER = 'x-yimen-event';

/** `sha256=` + hex HMAC-SHA256 of `<timestamp>.<body>` under the subscription's secret. */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * What a receiver runs: the signature matches the body and timestamp (constant-time compare),
 * and the timestamp is within `toleranceSeconds` (default 300) of `now`, against replays.
 */
export function verifyWebhookSignature(v: {
  secret: string;
  body: string;
  timestamp: string | number;
  signature: string;
  now?: Date;
  toleranceSeconds?: number;
}): boolean {
  const ts = Number(v.timestamp);
  if (!Number.isInteger(ts)) return false;
  const now = Math.floor((v.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - ts) > (v.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(v.secret, ts, v.body));
  const given = Buffer.from(v.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** POSTs a signed JSON body; throws on a non-2xx answer or a timeout (the job is retried). */
export async function postWebhook(
  fetchFn: typeof fetch,
  w: { url: string; secret: string; body: string; event: string; deliveryKey: string; now: Date },
  timeoutMs = 10_000,
): Promise<void> {
  const timestamp = Math.floor(w.now.getTime() / 1000);
  const res = await fetchFn(w.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Yimen-Webhook/1',
      [EVENT_HEADER]: w.event,
      [DELIVERY_HEADER]: w.deliveryKey,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signWebhook(w.secret, timestamp, w.body),
    },
    body: w.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.status < 200 || res.status >= 300) throw new Error(`webhook answered ${res.status}`);
}

/** The delivery channels a worker uses. */
export interface Providers {
  sms: SmsProvider;
  /** null when no SMTP server is configured: e-mail notifications are then skipped */
  mailer: Mailer | null;
  fetch: typeof fetch;
}

/** Path of the development SMS log. */
export const devSmsLogFile = (config: Pick<Config, 'dataDir'>) =>
  path.join(config.dataDir, 'outbox', 'sms.log');

/** The providers the configuration names. */
export function createProviders(
  config: Config,
  clock: () => Date,
  opts: { print?: (line: string) => void } = {},
): Providers {
  let sms: SmsProvider;
  if (config.sms.provider === 'http') {
    if (!config.sms.url) throw new Error('YIMEN_SMS_PROVIDER=http needs YIMEN_SMS_URL');
    sms = new HttpSmsProvider(config.sms.url, config.sms.token);
  } else {
    sms = new DevSmsProvider(devSmsLogFile(config), clock, opts.print);
  }
  return {
    sms,
    mailer: config.mail.smtpUrl ? smtpMailer(config.mail.smtpUrl, config.mail.from) : null,
    fetch,
  };
}
