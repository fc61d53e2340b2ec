// 办理过程: every event of the case's ledger — who, when, for which unit, what and why.
import { Card, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from './format';
import { StateTag } from './tags';
import { changedState, eventDetails, type Detail } from './timeline';
import type { CaseDetail, TimelineEvent } from './types';

const COLOR: Record<string, string> = {
  reject: 'red',
  withdraw: 'gray',
  decline: 'gray',
  conclude: 'green',
  archive: 'green',
  supervision_ordered: 'red',
  supervision_escalated: 'red',
  report_in_missed: 'red',
  instruction: 'orange',
};

export function TimelineCard({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const unitName = (id: string) => c.unitNames[id] ?? c.units.find((u) => u.unitId === id)?.name ?? null;

  const who = (e: TimelineEvent) => {
    const name =
      e.actorRole === 'system'
        ? t('work.timeline.system')
        : e.actorRole === 'resident'
          ? t('work.timeline.resident')
          : (e.actorName ?? '');
    const role =
      e.actorRole && e.actorRole !== 'system' && e.actorRole !== 'resident'
        ? t(`common.role.${e.actorRole}`)
        : null;
    return [name, role, e.actorUnitName].filter(Boolean).join(' · ');
  };
  const value = (d: Detail) =>
    'text' in d
      ? d.text
      : 'words' in d
        ? d.words.map((w) => t(w)).join(' → ')
        : 'time' in d
          ? formatTime(d.time)
          : t(d.word, d.params);

  return (
    <Card title={t('work.timeline.title')} size="small" style={{ marginBottom: 16 }}>
      <Timeline
        data-testid="timeline"
        items={c.timeline.map((e) => ({
          key: e.seq,
          color: COLOR[e.action] ?? 'blue',
          content: (
            <div data-testid="timeline-event" data-action={e.action}>
              <Space size={8} wrap>
                <Typography.Text strong>
                  {t(`work.action.${e.action}`, { defaultValue: e.action })}
                </Typography.Text>
                <Typography.Text type="secondary">{formatTime(e.at)}</Typography.Text>
                {changedState(e) && (
                  <span>
                    <StateTag state={e.fromState!} />→ <StateTag state={e.toState} />
                  </span>
                )}
              </Space>
              <div>
                <Typography.Text type="secondary">{who(e)}</Typography.Text>
              </div>
              {eventDetails(e, unitName).map((d, i) => (
                <div key={i}>
                  <Typography.Text type="secondary">{t(`work.detail.${d.label}`)}：</Typography.Text>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{value(d)}</span>
                </div>
              ))}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
