import { cstDayOf, endOfCstDay } from '../../../core/calendar/work-calendar.js';
import { badRequest } from '../../http/errors.js';

const DAY_MS = 86_400_000;

/** 00:00 CST of a YYYY-MM-DD day; 400 when there is no such day (the schema checks the shape). */
export function startOfDay(day: string, field: string): Date {
  try {
    return new Date(endOfCstDay(day).getTime() - DAY_MS);
  } catch {
    throw badRequest('validation.format', { field });
  }
}

/**
 * An optional period of whole CST days, both ends included, as instants [from, to). Each end may be
 * left open; 400 when `from` is after `to`.
 */
export function periodOf(from?: string, to?: string): { from?: Date; to?: Date } {
  const start = from ? startOfDay(from, 'from') : undefined;
  const end = to ? new Date(startOfDay(to, 'to').getTime() + DAY_MS) : undefined;
  if (start && end && start >= end) throw badRequest('period.from_after_to');
  return { from: start, to: end };
}

/** A closed period: missing ends default to the last `days` CST days up to today. */
export function closedPeriodOf(
  now: Date,
  from: string | undefined,
  to: string | undefined,
  days = 90,
): { from: Date; to: Date; fromDay: string; toDay: string } {
  const toDay = to ?? cstDayOf(now);
  const end = new Date(startOfDay(toDay, 'to').getTime() + DAY_MS);
  const fromDay = from ?? cstDayOf(new Date(end.getTime() - days * DAY_MS + 1));
  const start = startOfDay(fromDay, 'from');
  if (start >= end) throw badRequest('period.from_after_to');
  return { from: start, to: end, fromDay, toDay };
}
