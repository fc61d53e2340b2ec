import { describe, expect, it } from 'vitest';
import { changedState, eventDetails } from './timeline';
import type { TimelineEvent } from './types';

const NAMES: Record<string, string> = { u1: '神头镇司法所', u2: '神头镇人民调解委员会', u3: '陵城区人社局' };
const name = (id: string) => NAMES[id] ?? null;
const ev = (
  action: string,
  payload: Record<string, unknown>,
  from = 'assigned',
  to = 'assigned',
): TimelineEvent => ({
  seq: 2,
  at: '2026-03-15T01:30:00.000Z',
  action,
  fromState: from as TimelineEvent['fromState'],
  toState: to as TimelineEvent['toState'],
  actorRole: 'dispatcher',
  actorName: '王伟',
  actorUnitName: '神头镇综治中心',
  payload,
});

describe('timeline details', () => {
  it('names the unit a case was assigned or transferred to, and where from', () => {
    expect(eventDetails(ev('assign', { unit_id: 'u1', note: '分流交办' }), name)).toEqual([
      { label: 'assignedTo', text: '神头镇司法所' },
      { label: 'note', text: '分流交办' },
    ]);
    expect(eventDetails(ev('transfer', { unit_id: 'u1', from_unit_id: 'u2', reason: '职责' }), name)).toEqual(
      [
        { label: 'transferredTo', text: '神头镇司法所' },
        { label: 'from', text: '神头镇人民调解委员会' },
        { label: 'reason', text: '职责' },
      ],
    );
  });

  it('does not repeat the actor’s own unit for accept and report-in', () => {
    expect(eventDetails(ev('accept', { unit_id: 'u1' }), name)).toEqual([]);
    expect(eventDetails(ev('report_in', { unit_id: 'u3', note: '已到' }), name)).toEqual([
      { label: 'note', text: '已到' },
    ]);
  });

  it('shows a whistle’s departments and the level change', () => {
    const d = eventDetails(
      ev('escalate', {
        from_level: 'township',
        to_level: 'county',
        department_unit_ids: ['u3', 'gone'],
        reason: 'r',
      }),
      name,
    );
    expect(d).toEqual([
      { label: 'summoned', text: '陵城区人社局、—' },
      { label: 'level', words: ['common.level.township', 'common.level.county'] },
      { label: 'reason', text: 'r' },
    ]);
  });

  it('translates the choices of a conclusion, a follow-up, a ruling and an extension', () => {
    expect(
      eventDetails(
        ev('conclude', { outcome: 'mediation_failed', summary: 's', guidance: 'litigation' }),
        name,
      ),
    ).toEqual([
      { label: 'outcome', word: 'common.outcome.mediation_failed' },
      { label: 'guidance', word: 'common.guidance.litigation' },
      { label: 'summary', text: 's' },
    ]);
    expect(eventDetails(ev('follow_up', { satisfaction: 'unsatisfied' }), name)).toEqual([
      { label: 'satisfaction', word: 'common.satisfaction.unsatisfied' },
    ]);
    expect(
      eventDetails(
        ev('rule_rejection', { decision: 'uphold', unit_id: 'u1', rejected_unit_id: 'u2', note: 'n' }),
        name,
      ),
    ).toEqual([
      { label: 'reassignedTo', text: '神头镇司法所' },
      { label: 'rejectedBy', text: '神头镇人民调解委员会' },
      { label: 'decision', word: 'work.decision.uphold' },
      { label: 'note', text: 'n' },
    ]);
    expect(eventDetails(ev('rule_extension', { approved: false, note: 'n' }), name)[0]).toEqual({
      label: 'extension',
      word: 'work.extension.denied',
    });
    expect(eventDetails(ev('handle', { note: 'n', method: '微信群' }), name)[0]).toEqual({
      label: 'method',
      text: '微信群',
    });
  });

  it('shows a meeting decision: its unit, text and due day, then what was done', () => {
    expect(
      eventDetails(
        ev('meeting_decision', {
          decision_id: 'd',
          meeting_id: 'm',
          decision: '周五前组织再次调解',
          unit_id: 'u1',
          due_on: '2026-03-20',
        }),
        name,
      ),
    ).toEqual([
      { label: 'responsibleUnit', text: '神头镇司法所' },
      { label: 'meetingDecision', text: '周五前组织再次调解' },
      { label: 'dueOn', text: '2026-03-20' },
    ]);
    expect(
      eventDetails(ev('meeting_decision_done', { decision_id: 'd', done_note: '已调解' }), name),
    ).toEqual([{ label: 'doneNote', text: '已调解' }]);
  });

  it('renders oversight records gracefully and ignores ids and unknown keys', () => {
    expect(
      eventDetails(
        ev('supervision_ordered', {
          order_id: 'o1',
          kind: 'automatic',
          instructions: '请尽快办结',
          due_at: '2026-03-20T01:30:00.000Z',
          addressed_unit_id: 'u1',
          level_code: '371403',
        }),
        name,
      ),
    ).toEqual([
      { label: 'addressedTo', text: '神头镇司法所' },
      { label: 'kind', word: 'work.supervisionKind.automatic' },
      { label: 'instructions', text: '请尽快办结' },
      { label: 'dueAt', time: '2026-03-20T01:30:00.000Z' },
    ]);
    expect(eventDetails(ev('instruction', { instruction_id: 'i', text: '依法妥善处置' }), name)).toEqual([
      { label: 'instruction', text: '依法妥善处置' },
    ]);
    expect(
      eventDetails(ev('response_rated', { unit_id: 'u3', task_id: 't', stars: 4, comment: '及时' }), name),
    ).toEqual([
      { label: 'department', text: '陵城区人社局' },
      { label: 'comment', text: '及时' },
      { label: 'stars', text: '★★★★☆' },
    ]);
    expect(
      eventDetails(ev('report_in_missed', { unit_id: 'u3', task_id: 't', due_at: 'x' }), name)[0],
    ).toEqual({
      label: 'department',
      text: '陵城区人社局',
    });
    // a resident's timeline has empty payloads
    expect(eventDetails(ev('assign', {}), name)).toEqual([]);
  });

  it('tells a state change from an event that keeps the state', () => {
    expect(changedState(ev('assign', {}, 'registered', 'assigned'))).toBe(true);
    expect(changedState(ev('handle', {}, 'in_progress', 'in_progress'))).toBe(false);
    expect(changedState({ ...ev('register', {}), fromState: null, toState: 'registered' })).toBe(false);
  });
});
