import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { termDueDays } from './agreement-form';

describe('the due days of an agreement’s terms', () => {
  const base = { terms: ['支付赔偿金', '再无争议'], performanceDeadline: dayjs('2026-04-30') };

  it('sends nothing when no term has its own day, so all are due by the deadline', () => {
    expect(termDueDays(base)).toBeUndefined();
    expect(termDueDays({ ...base, termDue: [undefined, undefined], termNone: [false] })).toBeUndefined();
  });

  it('gives each term its day, the deadline where none is set, null where nothing is to perform', () => {
    expect(termDueDays({ ...base, termNone: [false, true] })).toEqual(['2026-04-30', null]);
    expect(termDueDays({ ...base, termDue: [dayjs('2026-04-10')] })).toEqual(['2026-04-10', '2026-04-30']);
    // "nothing to perform" wins over a day left in the picker
    expect(termDueDays({ ...base, termDue: [dayjs('2026-04-10')], termNone: [true] })).toEqual([
      null,
      '2026-04-30',
    ]);
  });
});
