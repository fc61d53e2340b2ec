// A worker thread that makes and seals base-information records (the simulation's most costly
// part: three SM4 encryptions and three HMAC-SM3 blind indexes per resident). It gets the master
// key, the calendar and the small world once, then a range per message; it answers with the
// chunk's COPY text. The rows are exactly those makeBaseRecords makes on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkCalendar } from '../../core/calendar/work-calendar.js';
import { FIELD_HOURS, yearClock } from '../../core/simulate/year-clock.js';
import { createPiiCrypto } from '../crypto/pii-crypto.js';
import { baseTable, makeBaseRecords, type BaseStage, type BaseWorld } from './sim-base-info.js';

export interface SealWorkerData {
  key: Uint8Array;
  year: number;
  calendar: { holidays: string[]; workdays: string[]; knownYears: number[] };
  world: BaseWorld;
}

export interface SealJob {
  id: number;
  stage: BaseStage;
  from: number;
  to: number;
  total: number;
}

export interface SealDone {
  id: number;
  text?: string;
  rows?: number;
  error?: string;
}

const data = workerData as SealWorkerData;
const crypto = createPiiCrypto(Buffer.from(data.key));
const calendar: WorkCalendar = {
  holidays: new Set(data.calendar.holidays),
  workdays: new Set(data.calendar.workdays),
  knownYears: new Set(data.calendar.knownYears),
};
const collection = yearClock(data.year, calendar, FIELD_HOURS, 0.6);

parentPort!.on('message', (job: SealJob) => {
  try {
    const t = baseTable(job.stage);
    makeBaseRecords(
      data.world,
      crypto,
      job.stage,
      { from: job.from, to: job.to, total: job.total },
      (i) => collection.at((i + 0.5) / job.total),
      t,
    );
    parentPort!.postMessage({ id: job.id, text: t.text(), rows: t.rowCount } satisfies SealDone);
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
});
