import { isIP } from 'node:net';
import path from 'node:path';

/** Settings read from the environment once at start (12-factor). */
export interface Config {
  port: number;
  host: string;
  /** folder of the embedded database, uploads and (in embedded mode) the key file */
  dataDir: string;
  /** when set, PostgreSQL is used instead of PGlite (the app role's connection) */
  databaseUrl: string | null;
  /** optional owner-role connection for migrations; defaults to databaseUrl */
  databaseOwnerUrl: string | null;
  /** a streaming replica for dashboard and report reads (DATABASE_READ_URL); PostgreSQL only */
  databaseReadUrl: string | null;
  /** the PII master key file, used when YIMEN_MASTER_KEY is not set */
  keyFile: string;
  masterKeyHex: string | null;
  production: boolean;
  /** cookies get the Secure flag (behind TLS) */
  secureCookies: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  uploadMaxBytes: number;
  /** failed log-ins before an account is locked, and for how long */
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** log-in attempts allowed per client address and minute */
  loginRatePerMinute: number;
  /** a new password may not be one of the account's last N (YIMEN_PASSWORD_HISTORY, default 5) */
  passwordHistory: number;
  /**
   * A TOTP code is accepted once (RFC 6238 §5.2). YIMEN_TOTP_SINGLE_USE=0 lets the same code open
   * several sessions within its 30 seconds: for test suites that sign one account in many times;
   * refused in production.
   */
  totpSingleUse: boolean;
  /** Open311 service requests one API key may post per minute (reads: twice as many) */
  open311PostPerMinute: number;
  /**
   * How long a dashboard's figures for one region and period are reused by everyone who asks
   * (YIMEN_DASHBOARD_MAX_AGE_MS, default 2000; 0: computed for every request). The lag a
   * dashboard or wall screen may show; see modules/analytics/figure-cache.ts.
   */
  dashboardMaxAgeMs: number;
  /**
   * PostgreSQL: frequent statements go as named prepared statements, parsed and planned once per
   * connection (YIMEN_PG_PREPARED_STATEMENTS, default 1; 0 behind a pooler in transaction mode
   * that cannot keep them, such as PgBouncer before 1.21). See db/prepared-statements.ts.
   */
  preparedStatements: boolean;
  /**
   * Bulk exports of personal data (双人审批): an export of more rows than `threshold`
   * (YIMEN_EXPORT_APPROVAL_THRESHOLD, default 500) is refused until a second person approves a
   * request for it; the requester may then download it `downloads` times
   * (YIMEN_EXPORT_APPROVAL_DOWNLOADS, default 3) within `validHours` (YIMEN_EXPORT_APPROVAL_HOURS,
   * default 24) of the approval.
   */
  exportApproval: { threshold: number; validHours: number; downloads: number };
  startJobs: boolean;
  /**
   * Which proxies may set X-Forwarded-For (Fastify's trustProxy): a comma list of addresses or
   * CIDRs. Empty: trust none, so a client cannot pick its own address for the login rate limit.
   */
  trustProxy: string[];
  /** Base URL residents reach (QR codes, SMS links): YIMEN_PUBLIC_URL, default http://localhost:PORT */
  publicUrl: string;
  /**
   * SMS delivery: 'dev' writes to data/outbox/sms.log and the console (development only);
   * 'http' posts to YIMEN_SMS_URL with YIMEN_SMS_TOKEN as a bearer token.
   */
  sms: { provider: 'dev' | 'http'; url: string | null; token: string | null };
  /** E-mail by SMTP, only when YIMEN_SMTP_URL is set (smtp[s]://user:pass@host:port). */
  mail: { smtpUrl: string | null; from: string };
  /**
   * GET /metrics (Prometheus): served only when YIMEN_METRICS=1, and then only to a client address
   * in YIMEN_METRICS_ALLOW (addresses or CIDRs, default loopback) or with YIMEN_METRICS_TOKEN as a
   * bearer token.
   */
  metrics: { enabled: boolean; allow: string[]; token: string | null };
}

const int = (v: string | undefined, d: number): number => {
  const n = v === undefined || v === '' ? d : Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a non-negative integer: ${v}`);
  return n;
};

// A window of zero hours or zero downloads would make every approval useless.
const positive = (name: string, n: number): number => {
  if (n < 1) throw new Error(`${name} must be at least 1`);
  return n;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.YIMEN_DATA_DIR || './data');
  const production = env.NODE_ENV === 'production';
  return {
    port: int(env.PORT, 3000),
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || null,
    databaseOwnerUrl: env.DATABASE_OWNER_URL || null,
    databaseReadUrl: env.DATABASE_READ_URL || null,
    keyFile: path.resolve(env.YIMEN_KEY_FILE || path.join(dataDir, 'keys', 'master.key')),
    masterKeyHex: env.YIMEN_MASTER_KEY || null,
    production,
    secureCookies: env.YIMEN_SECURE_COOKIES ? env.YIMEN_SECURE_COOKIES === '1' : production,
    sessionIdleMinutes: int(env.YIMEN_SESSION_IDLE_MINUTES, 30),
    sessionAbsoluteHours: int(env.YIMEN_SESSION_ABSOLUTE_HOURS, 12),
    uploadMaxBytes: int(env.YIMEN_UPLOAD_MAX_BYTES, 10 * 1024 * 1024),
    lockoutThreshold: int(env.YIMEN_LOCKOUT_THRESHOLD, 5),
    lockoutMinutes: int(env.YIMEN_LOCKOUT_MINUTES, 15),
    loginRatePerMinute: int(env.YIMEN_LOGIN_RATE_PER_MINUTE, 10),
    passwordHistory: int(env.YIMEN_PASSWORD_HISTORY, 5),
    totpSingleUse: totpSingleUse(env.YIMEN_TOTP_SINGLE_USE, production),
    open311PostPerMinute: int(env.YIMEN_OPEN311_RATE_PER_MINUTE, 60),
    dashboardMaxAgeMs: int(env.YIMEN_DASHBOARD_MAX_AGE_MS, 2000),
    preparedStatements: env.YIMEN_PG_PREPARED_STATEMENTS !== '0',
    exportApproval: {
      threshold: int(env.YIMEN_EXPORT_APPROVAL_THRESHOLD, 500),
      validHours: positive('YIMEN_EXPORT_APPROVAL_HOURS', int(env.YIMEN_EXPORT_APPROVAL_HOURS, 24)),
      downloads: positive('YIMEN_EXPORT_APPROVAL_DOWNLOADS', int(env.YIMEN_EXPORT_APPROVAL_DOWNLOADS, 3)),
    },
    startJobs: env.YIMEN_JOBS !== '0',
    trustProxy: (env.YIMEN_TRUST_PROXY ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
    publicUrl: (env.YIMEN_PUBLIC_URL || `http://localhost:${int(env.PORT, 3000)}`).replace(/\/+$/, ''),
    sms: {
      provider: smsProvider(env.YIMEN_SMS_PROVIDER),
      url: env.YIMEN_SMS_URL || null,
      token: env.YIMEN_SMS_TOKEN || null,
    },
    mail: { smtpUrl: env.YIMEN_SMTP_URL || null, from: env.YIMEN_MAIL_FROM || 'Yimen <noreply@localhost>' },
    metrics: {
      enabled: env.YIMEN_METRICS === '1',
      allow: metricsAllow(env.YIMEN_METRICS_ALLOW),
      token: metricsToken(env.YIMEN_METRICS_TOKEN),
    },
  };
}

/** Loopback only by default; an empty value allows no address (token only). */
function metricsAllow(v: string | undefined): string[] {
  const entries = (v ?? '127.0.0.1,::1')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= max);
    if (!family || !okBits || rest.length) {
      throw new Error(`YIMEN_METRICS_ALLOW: not an address or CIDR: ${entry}`);
    }
  }
  return entries;
}

// A short token is guessable; the endpoint describes the whole server.
function metricsToken(v: string | undefined): string | null {
  if (!v) return null;
  if (v.length < 16) throw new Error('YIMEN_METRICS_TOKEN must be at least 16 characters');
  return v;
}

function totpSingleUse(v: string | undefined, production: boolean): boolean {
  if (v === '0') {
    if (production) throw new Error('YIMEN_TOTP_SINGLE_USE=0 is for test suites; refused in production');
    return false;
  }
  return true;
}

function smsProvider(v: string | undefined): 'dev' | 'http' {
  if (!v || v === 'dev') return 'dev';
  if (v === 'http') return 'http';
  throw new Error(`YIMEN_SMS_PROVIDER must be dev or http, not ${v}`);
}
