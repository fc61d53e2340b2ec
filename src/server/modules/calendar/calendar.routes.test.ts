import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarFromChineseDays } from '../../../core/calendar/chinese-days-source.js';
import { arrangementOf } from '../../../core/calendar/calendar-years.js';
import { isWorkingDay } from '../../../core/calendar/work-calendar.js';
import { expectRefused } from '../../../../test/helpers/expect-refused.js';
import { createTestApp, type Client, type TestApp } from '../../../../test/helpers/test-app.js';
import { loginAll, whistledCase } from '../whistle/test-whistle.js';
import { refreshCalendar } from './calendar.service.js';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('sysadmin');
});
afterAll(async () => t?.close());

const put = (year: number | string, body: unknown, h?: Record<string, string>, by = admin) =>
  by.request({ method: 'PUT', url: `/api/calendar/years/${year}`, payload: body as object, headers: h });

// A plausible 2027 arrangement (not yet in chinese-days 1.5).
const Y2027 = {
  holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-10-01'],
  workdays: ['2027-01-31', '2027-02-20'],
};

describe('calendar years (system administrator)', () => {
  it('warns that next year is unknown, loads it, and the calendar in use counts it from then on', async () => {
    const before = await admin.get('/api/calendar/years');
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({
      currentYear: 2026,
      nextYear: 2027,
      fallbackYears: [2027],
      warning: true,
    });
    expect(before.json().years).toContainEqual({ year: 2026, source: 'package', updatedAt: null });
    expect((await admin.get('/api/calendar/years/2027')).json()).toEqual({
      year: 2027,
      known: false,
      source: null,
      holidays: [],
      workdays: [],
    });
    const pkg = (await admin.get('/api/calendar/years/2026')).json();
    expect(pkg).toMatchObject({ known: true, source: 'package' });
    expect(pkg.workdays).toContain('2026-10-10');

    const res = await put(2027, { holidays: [...Y2027.holidays].reverse(), workdays: Y2027.workdays });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ year: 2027, known: true, source: 'custom', ...Y2027 });
    const after = (await admin.get('/api/calendar/years')).json();
    expect(after).toMatchObject({ fallbackYears: [], warning: false });
    expect(after.years).toContainEqual({
      year: 2027,
      source: 'custom',
      updatedAt: t.deps.clock().toISOString(),
    });
    expect(isWorkingDay(t.deps.calendar, '2027-02-08')).toBe(false);
    expect(isWorkingDay(t.deps.calendar, '2027-01-31')).toBe(true);

    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'config.calendar_year')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_role: 'sys_admin', target_type: 'calendar_year', target_id: '2027' });
    expect(audit.detail).toMatchObject({ year: 2027, workdays: Y2027.workdays });

    // a server starting later merges the stored years over the package's
    const fresh = { db: t.db, calendar: calendarFromChineseDays() };
    await refreshCalendar(fresh);
    expect(arrangementOf(fresh.calendar, 2027)).toEqual({ year: 2027, ...Y2027 });
  });

  it('an edited year changes deadlines computed afterwards (a report-in due date)', async () => {
    // T0 is Sunday 2026-03-15: one working day after it is Monday 03-16 — unless that is made a holiday
    const y2026 = arrangementOf(calendarFromChineseDays(), 2026);
    const res = await put(2026, { holidays: [...y2026.holidays, '2026-03-16'], workdays: y2026.workdays });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().source).toBe('custom');
    const a = await loginAll(t);
    const c = await whistledCase(t, a);
    const task = await t.db.kysely
      .selectFrom('report_in_tasks')
      .select('due_at')
      .where('case_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(task.due_at.toISOString()).toBe('2026-03-17T16:00:00.000Z'); // end of Tuesday 03-17 CST
    // editing again replaces the year: Monday is a working day once more
    expect((await put(2026, { holidays: y2026.holidays, workdays: y2026.workdays })).statusCode).toBe(200);
    expect(isWorkingDay(t.deps.calendar, '2026-03-16')).toBe(true);
  });

  it('refuses everyone but the system administrator', async () => {
    for (const username of ['secadmin', 'auditor', 'clerk.shentou', 'supervisor.dezhou']) {
      const c = await t.login(username);
      await expectRefused(t, (h) => c.get('/api/calendar/years', h), { status: 403 });
      await expectRefused(t, (h) => c.get('/api/calendar/years/2027', h), { status: 403 });
      await expectRefused(t, (h) => put(2028, Y2027, h, c), { status: 403 });
    }
    await expectRefused(t, (h) => t.anonymous().get('/api/calendar/years', h), { status: 401 });
    await expectRefused(t, (h) => put(2028, Y2027, h, t.anonymous()), { status: 401 });
  });

  it('refuses bad years in both languages and writes nothing', async () => {
    admin = await t.login('sysadmin');
    const h28 = { holidays: ['2028-01-01'], workdays: [] as string[] };
    const cases: [number | string, unknown, number, string | undefined, RegExp | undefined][] = [
      [2028, { ...h28, holidays: ['2028-02-30'] }, 422, 'calendar.bad_day', /no day/],
      [2028, { ...h28, holidays: ['2027-12-31'] }, 422, 'calendar.day_outside_year', /not in 2028/],
      [2028, { ...h28, holidays: ['2028-01-01', '2028-01-01'] }, 422, 'calendar.duplicate_day', /twice/],
      [2028, { ...h28, workdays: ['2028-01-01'] }, 422, 'calendar.overlap', /both/],
      [2028, { ...h28, workdays: ['2028-01-03'] }, 422, 'calendar.workday_not_weekend', /Saturday or Sunday/],
      [2028, { holidays: [], workdays: [] }, 400, undefined, /holidays/],
      [2028, { workdays: [] }, 400, undefined, /holidays/],
      [2028, { ...h28, holidays: ['1 Jan 2028'] }, 400, undefined, /format/],
      [2028, { ...h28, extra: 1 }, 400, undefined, /extra/],
      [1999, h28, 400, undefined, undefined],
      ['next', h28, 400, undefined, undefined],
    ];
    for (const [year, body, status, code, en] of cases) {
      await expectRefused(t, (h) => put(year, body, h), {
        status,
        ...(code ? { code } : {}),
        ...(en ? { en } : {}),
      });
    }
    expect(t.deps.calendar.knownYears.has(2028)).toBe(false);
  });
});
