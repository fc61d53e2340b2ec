// When things happen in a simulated year: a monotone map from [0, 1) to the instants of a CST
// calendar year, denser in office hours and on working days. Item i of n happens at
// at((i + 0.5) / n), so items (and their UUIDv7 ids) are in time order by index.
import { isWorkingDay, type WorkCalendar } from '../calendar/work-calendar.js';

const HOUR_MS = 3_600_000;
const CST_OFFSET_MS = 8 * HOUR_MS;

/** Relative activity by CST hour of day. */
export type HourProfile = readonly number[];

/** Residents come to a center in office hours; a little at night (the hotline, the QR code). */
export const OFFICE_HOURS: HourProfile = [
  0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 2.5, 3, 3, 2.6, 1.2, 1.4, 2.8, 3, 2.8, 2.2, 1, 0.7, 0.5, 0.4,
  0.3, 0.2,
];
/** Grid workers are out in the day, a morning burst of visits and patrols, some evening patrols. */
export const FIELD_HOURS: HourProfile = [
  0.05, 0.02, 0.02, 0.02, 0.05, 0.2, 0.8, 2, 3.2, 3.4, 3, 2.4, 1, 1.2, 2.6, 2.8, 2.6, 2, 1.2, 1, 0.8, 0.5,
  0.2, 0.1,
];

export interface YearClock {
  /** 00:00 CST on 1 January */
  start: Date;
  /** 00:00 CST on 1 January of the next year */
  end: Date;
  /** the instant at a fraction f of the year's activity (0 ≤ f < 1), monotone in f */
  at(f: number): Date;
}

/**
 * The year's clock for an activity profile: each hour weighs its profile value, times 1 on a
 * working day and `offDay` on a weekend or holiday (the calendar's, 调休 included).
 */
export function yearClock(year: number, cal: WorkCalendar, profile: HourProfile, offDay = 0.45): YearClock {
  const start = Date.UTC(year, 0, 1) - CST_OFFSET_MS;
  const end = Date.UTC(year + 1, 0, 1) - CST_OFFSET_MS;
  const hours = Math.round((end - start) / HOUR_MS);
  const cumulative = new Float64Array(hours + 1);
  for (let h = 0; h < hours; h++) {
    const day = new Date(start + h * HOUR_MS + CST_OFFSET_MS).toISOString().slice(0, 10);
    const w = profile[h % 24]! * (isWorkingDay(cal, day) ? 1 : offDay);
    cumulative[h + 1] = cumulative[h]! + w;
  }
  const total = cumulative[hours]!;
  return {
    start: new Date(start),
    end: new Date(end),
    at(f) {
      const target = Math.min(Math.max(f, 0), 1 - 1e-12) * total;
      let lo = 0;
      let hi = hours; // cumulative[lo] <= target < cumulative[hi]
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! <= target) lo = mid;
        else hi = mid;
      }
      const within = (target - cumulative[lo]!) / (cumulative[lo + 1]! - cumulative[lo]!);
      return new Date(Math.floor(start + (lo + within) * HOUR_MS));
    },
  };
}
