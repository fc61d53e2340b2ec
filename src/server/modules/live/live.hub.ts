// One hub per server process: it listens on the schema's PostgreSQL channel (a dedicated client on
// PostgreSQL; PGlite's own notification callback on the embedded engine, where LISTEN goes through
// the pool's one connection), loads the cases a burst of notifications is about, and hands each
// connected stream the changes its user may read (the 'read' row of the policy table).
import pg from 'pg';
import { isAllowed, isAnalysisAllowed, warningRelations } from '../../../core/workflow/policy.js';
import type { Actor } from '../../../core/workflow/relations.js';
import { relationsOf } from '../../../core/workflow/relations.js';
import type { AppDeps } from '../../deps.js';
import { snapshotOf } from '../cases/case-mapper.js';
import type { LiveNotice, WarningNotice } from './live.notify.js';
import { casesForLive, liveChannel, sessionsByHash } from './live.queries.js';

/** What a stream receives when a case it may read changes. */
export interface LiveCaseEvent {
  caseId: string;
  caseNo: string;
  /** the ledger action, or 'light_changed' when only the stored light moved */
  action: string;
  state: string;
  /** the case's version after the change */
  version: number;
  regionCode: string;
  light: 'green' | 'yellow' | 'red' | null;
}

export interface Subscriber {
  actor: Actor;
  /** the session behind the stream, re-checked at every heartbeat */
  tokenHash: string;
  send(event: string, data: unknown): void;
  /** a comment line that keeps proxies from closing an idle stream */
  ping(): void;
  /** ends the stream, telling the client why first */
  close(reason: 'session_expired' | 'server_closing'): void;
}

export interface LiveHubOptions {
  heartbeatMs: number;
}

const LOAD_BATCH = 500;

export class LiveHub {
  private readonly subscribers = new Set<Subscriber>();
  private channel: string | null = null;
  private starting: Promise<void> | null = null;
  private client: pg.Client | null = null;
  private stopPglite: (() => void) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = 500;
  private closed = false;
  private pending: LiveNotice[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly deps: AppDeps,
    private readonly opts: LiveHubOptions,
  ) {}

  /** Number of connected streams (tests, metrics). */
  get size(): number {
    return this.subscribers.size;
  }

  /** Starts listening (once per process); resolves when notifications will be received. */
  ensureListening(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('live hub closed'));
    this.starting ??= this.listen().catch((err: unknown) => {
      this.starting = null;
      throw err;
    });
    return this.starting;
  }

  /** Adds a stream; call the returned function when it ends. */
  subscribe(sub: Subscriber): () => void {
    this.subscribers.add(sub);
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => void this.beat(), this.opts.heartbeatMs);
      this.heartbeat.unref();
    }
    return () => {
      this.subscribers.delete(sub);
      if (this.subscribers.size === 0 && this.heartbeat) {
        clearInterval(this.heartbeat);
        this.heartbeat = null;
      }
    };
  }

  /** Ends every stream and stops listening; the server can then close without waiting on them. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.heartbeat = null;
    for (const sub of [...this.subscribers]) sub.close('server_closing');
    this.subscribers.clear();
    this.stopPglite?.();
    this.stopPglite = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    await this.flushing?.catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const { db } = this.deps;
    this.channel ??= await liveChannel(db.kysely);
    const quoted = '"' + this.channel.replace(/"/g, '""') + '"';
    if (db.engine === 'pglite') {
      // PGlite delivers notifications of its one session to this callback; LISTEN goes through the
      // pool so that it never lands inside another request's transaction.
      const channel = this.channel;
      this.stopPglite = db.pglite!.onNotification((ch, payload) => {
        if (ch === channel) this.receive(payload);
      });
      await db.pool.query(`listen ${quoted}`);
      return;
    }
    const client = new pg.Client({ connectionString: db.url, application_name: 'yimen-live' });
    client.on('notification', (msg) => {
      if (msg.channel === this.channel && msg.payload) this.receive(msg.payload);
    });
    // a dropped connection is replaced; the streams are told to reload what they show
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      this.reconnectLater();
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    await client.query(`listen ${quoted}`);
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectDelay = 500;
  }

  private reconnectLater(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.listen().then(
        () => {
          for (const sub of this.subscribers) sub.send('resync', {});
        },
        () => {
          this.reconnectDelay = Math.min(this.reconnectDelay * 2, 30_000);
          this.reconnectLater();
        },
      );
    }, this.reconnectDelay);
  }

  private receive(payload: string): void {
    if (this.subscribers.size === 0) return;
    let notice: LiveNotice;
    try {
      notice = JSON.parse(payload) as LiveNotice;
    } catch {
      return;
    }
    this.pending.push(notice);
    // a burst of notifications (a sweep, a batch) is loaded together
    if (!this.flushing) this.flushing = new Promise((r) => setImmediate(r)).then(() => this.flush());
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0 && !this.closed) {
        const batch = this.pending.splice(0, LOAD_BATCH);
        await this.deliver(batch).catch((err: unknown) => {
          process.emitWarning(`live updates: ${err instanceof Error ? err.message : String(err)}`);
        });
      }
    } finally {
      this.flushing = null;
    }
  }

  private async deliver(all: LiveNotice[]): Promise<void> {
    // warnings carry their place: each goes to the streams whose users may read it (policy table)
    for (const w of all.filter((n): n is WarningNotice => n.k === 'w')) {
      const { k: _k, ...event } = w;
      for (const sub of this.subscribers) {
        if (isAnalysisAllowed(sub.actor.role, 'read_warning', warningRelations(sub.actor, w))) {
          sub.send('warning', event);
        }
      }
    }
    const batch = all.filter((n): n is Exclude<LiveNotice, WarningNotice> => n.k !== 'w');
    if (batch.length === 0) return;
    const ids = [...new Set(batch.flatMap((n) => (n.k === 'e' ? [n.c] : n.ids)))];
    const { cases, links } = await casesForLive(this.deps.db.kysely, ids);
    const rows = new Map(cases.map((c) => [c.id, c]));
    const linksOf = new Map<string, typeof links>();
    for (const l of links) linksOf.set(l.case_id, [...(linksOf.get(l.case_id) ?? []), l]);
    for (const notice of batch) {
      const events: LiveCaseEvent[] = [];
      const one = (id: string) => rows.get(id);
      if (notice.k === 'e') {
        const row = one(notice.c);
        if (row) {
          events.push({
            caseId: row.id,
            caseNo: row.case_no,
            action: notice.a,
            state: notice.t,
            version: notice.s,
            regionCode: row.region_code,
            light: row.light,
          });
        }
      } else {
        for (const id of notice.ids) {
          const row = one(id);
          if (row) {
            events.push({
              caseId: row.id,
              caseNo: row.case_no,
              action: 'light_changed',
              state: row.state,
              version: row.version,
              regionCode: row.region_code,
              light: row.light,
            });
          }
        }
      }
      for (const event of events) {
        const row = rows.get(event.caseId)!;
        const snapshot = snapshotOf(row, linksOf.get(row.id) ?? []);
        for (const sub of this.subscribers) {
          if (isAllowed(sub.actor.role, 'read', relationsOf(sub.actor, snapshot))) sub.send('case', event);
        }
      }
    }
  }

  /** Keeps streams alive and ends those whose session expired, idled out or was logged out. */
  private async beat(): Promise<void> {
    const subs = [...this.subscribers];
    for (const sub of subs) sub.ping();
    try {
      const sessions = await sessionsByHash(this.deps.db.kysely, [...new Set(subs.map((s) => s.tokenHash))]);
      const byHash = new Map(sessions.map((s) => [s.token_hash, s]));
      const now = this.deps.clock().getTime();
      const idleMs = this.deps.config.sessionIdleMinutes * 60_000;
      for (const sub of subs) {
        const s = byHash.get(sub.tokenHash);
        const valid =
          s !== undefined &&
          s.expires_at.getTime() > now &&
          s.last_seen_at.getTime() + idleMs > now &&
          s.active !== false;
        if (!valid && this.subscribers.has(sub)) {
          this.subscribers.delete(sub);
          sub.close('session_expired');
        }
      }
    } catch (err) {
      if (!this.closed)
        process.emitWarning(`live updates: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
