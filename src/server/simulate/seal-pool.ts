// A few seal workers (seal-worker.ts) that make base-information chunks in parallel with each
// other and with the database's COPY of the previous chunk.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../paths.js';
import type { WorkCalendar } from '../../core/calendar/work-calendar.js';
import { CopyTable } from './copy-text.js';
import { baseTable, type BaseStage, type BaseWorld } from './sim-base-info.js';
import type { SealDone, SealJob, SealWorkerData } from './seal-worker.js';

export class SealPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { job: SealJob; resolve: (t: CopyTable) => void; reject: (e: Error) => void }[] =
    [];
  private readonly waiting = new Map<
    number,
    { stage: BaseStage; resolve: (t: CopyTable) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;

  constructor(size: number, data: { key: Buffer; year: number; calendar: WorkCalendar; world: BaseWorld }) {
    // the worker runs from the same tree as this module: compiled .js, or .ts under the project's
    // loader (inherited with the process's --import flags, or added here: a test runner has none)
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    const loader = path.join(packageRoot, 'scripts', 'ts-register.mjs');
    const execArgv =
      ext === 'ts' && !process.execArgv.some((a) => a.includes('ts-register'))
        ? [...process.execArgv, '--import', loader]
        : undefined;
    const workerData: SealWorkerData = {
      key: new Uint8Array(data.key),
      year: data.year,
      calendar: {
        holidays: [...data.calendar.holidays],
        workdays: [...data.calendar.workdays],
        knownYears: [...data.calendar.knownYears],
      },
      world: data.world,
    };
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL(`./seal-worker.${ext}`, import.meta.url), { workerData, execArgv });
      w.on('message', (m: SealDone) => this.done(w, m));
      w.on('error', (err) => this.failAll(err));
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** The COPY table of records [from, to) of a kind, made by a worker. */
  make(stage: BaseStage, range: { from: number; to: number; total: number }): Promise<CopyTable> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, stage, ...range }, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const { job, resolve, reject } = this.queue.shift()!;
      this.waiting.set(job.id, { stage: job.stage, resolve, reject });
      w.postMessage(job);
    }
  }

  private done(w: Worker, m: SealDone): void {
    const p = this.waiting.get(m.id);
    this.waiting.delete(m.id);
    this.idle.push(w);
    if (p) {
      if (m.error !== undefined) p.reject(new Error(`seal worker: ${m.error}`));
      else {
        const t = baseTable(p.stage);
        p.resolve(CopyTable.fromText(t.table, t.columns, m.text!, m.rows!));
      }
    }
    this.pump();
  }

  private failAll(err: Error): void {
    for (const p of this.waiting.values()) p.reject(err);
    this.waiting.clear();
    for (const q of this.queue.splice(0)) q.reject(err);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
