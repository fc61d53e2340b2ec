import { describe, expect, it } from 'vitest';
import {
  emptyLog,
  emptyReport,
  fromLocalInput,
  problemsOfLog,
  problemsOfReport,
  reportBody,
  toLocalInput,
  workItemBody,
} from './grid-forms';

describe('the time of a work item', () => {
  it('round-trips the datetime-local value with the phone offset', () => {
    const iso = fromLocalInput('2026-03-01T09:30')!;
    expect(iso).toMatch(/^2026-03-01T09:30:00[+-]\d{2}:\d{2}$/);
    expect(toLocalInput(new Date(iso))).toBe('2026-03-01T09:30');
  });
  it('refuses what is not a time', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('yesterday')).toBeNull();
  });
});

describe('记一笔', () => {
  const now = new Date(2026, 2, 1, 21, 5);
  it('needs a note; a patrol needs its route and complete findings', () => {
    expect(problemsOfLog(emptyLog('visit', now))).toEqual(['note']);
    expect(problemsOfLog({ ...emptyLog('patrol', now), findings: [{ text: '车未锁', action: '' }] })).toEqual(
      ['route', 'findings', 'note'],
    );
  });
  it('sends a visit without patrol fields and a patrol with its route, places and findings', () => {
    const visit = workItemBody(
      { ...emptyLog('visit', now), note: ' 走访张家 ', place: '' },
      { position: null },
    );
    expect(visit).toEqual({
      kind: 'visit',
      occurredAt: fromLocalInput('2026-03-01T21:05'),
      note: '走访张家',
    });
    const patrol = workItemBody(
      {
        ...emptyLog('patrol', now),
        note: '夜间巡查',
        route: '东街—南湖',
        places: '东街\n\n 南湖 ',
        findings: [
          { text: '车辆未锁，车内有现金', action: '联系车主取回' },
          { text: ' ', action: '' },
        ],
      },
      { position: { lat: 37.1, lng: 116.5, accuracy: 20 }, taskId: 't1' },
    );
    expect(patrol).toMatchObject({
      kind: 'patrol',
      position: { lat: 37.1, lng: 116.5, accuracy: 20 },
      taskId: 't1',
      patrol: {
        route: '东街—南湖',
        places: ['东街', '南湖'],
        findings: [{ text: '车辆未锁，车内有现金', action: '联系车主取回' }],
      },
    });
  });
});

describe('事件上报', () => {
  it('needs a type and a description; a dispute needs a party', () => {
    expect(problemsOfReport(emptyReport())).toEqual(['type', 'description']);
    expect(
      problemsOfReport({ ...emptyReport(), type: 'dispute', description: '邻里因排水发生纠纷' }),
    ).toEqual(['parties']);
    expect(problemsOfReport({ ...emptyReport(), type: 'fire', description: '楼道堆放杂物' })).toEqual([]);
  });
  it('sends parties only with a dispute, on-the-spot handling only with the others', () => {
    const parties = [
      { name: ' 张三 ', phone: ' 13800138000 ', role: 'applicant' as const },
      { name: '', phone: '', role: 'respondent' as const },
    ];
    expect(
      reportBody(
        {
          ...emptyReport(),
          type: 'dispute',
          categoryCode: 'neighbor',
          description: '排水纠纷',
          parties,
          resolvedOnSite: true,
        },
        { position: null },
      ),
    ).toEqual({
      type: 'dispute',
      description: '排水纠纷',
      categoryCode: 'neighbor',
      parties: [{ name: '张三', phone: '13800138000', role: 'applicant' }],
    });
    expect(
      reportBody(
        {
          ...emptyReport(),
          type: 'fire',
          categoryCode: 'neighbor',
          description: '楼道堆物',
          parties,
          resolvedOnSite: true,
        },
        { position: null },
      ),
    ).toEqual({ type: 'fire', description: '楼道堆物', resolvedOnSite: true });
  });
});
