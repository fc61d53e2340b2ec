// The case page's summary: what, where, who handles it, and by when.
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { formatTime } from './format';
import { categoryName, useCategories } from './queries';
import { Deadline, RiskTag, StateTag } from './tags';
import type { CaseDetail } from './types';

/** The waits and marks of a case, as tags (header and summary). */
export function CaseFlags({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      {c.awaitingRuling && <Tag color="orange">{t('work.flag.awaitingRuling')}</Tag>}
      {c.clockPaused && <Tag color="default">{t('work.flag.clockPaused')}</Tag>}
      {c.extensionPending && <Tag color="purple">{t('work.flag.extensionPending')}</Tag>}
      {c.pendingReportIns > 0 && (
        <Tag color="volcano">{t('work.flag.reportIns', { count: c.pendingReportIns })}</Tag>
      )}
    </Space>
  );
}

export function CaseSummary({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const categories = useCategories();
  const names = (relation: 'lead' | 'co_handler' | 'summoned') =>
    c.units
      .filter((u) => u.relation === relation)
      .map((u) => u.name)
      .join('、') || '—';
  const items = [
    { key: 'state', label: t('work.case.state'), children: <StateTag state={c.state} /> },
    {
      key: 'category',
      label: t('work.case.category'),
      children: categoryName(categories.data, c.categoryCode, currentLang()),
    },
    { key: 'channel', label: t('work.case.channel'), children: t(`common.channel.${c.channel}`) },
    { key: 'risk', label: t('work.case.risk'), children: <RiskTag risk={c.riskLevel} /> },
    { key: 'region', label: t('work.case.region'), children: c.regionName ?? c.regionCode },
    { key: 'address', label: t('work.case.address'), children: c.address ?? '—' },
    { key: 'level', label: t('work.case.level'), children: t(`common.level.${c.handlingLevel}`) },
    { key: 'center', label: t('work.case.center'), children: c.centerName ?? '—' },
    { key: 'owner', label: t('work.case.owner'), children: c.ownerUnitName ?? '—' },
    { key: 'lead', label: t('work.case.lead'), children: names('lead') },
    { key: 'co', label: t('work.case.coHandlers'), children: names('co_handler') },
    { key: 'summoned', label: t('work.case.summoned'), children: names('summoned') },
    {
      key: 'deadline',
      label: c.deadlineStage ? t(`work.case.stage.${c.deadlineStage}`) : t('work.case.deadline'),
      children: <Deadline at={c.deadlineAt} light={c.light} />,
    },
    { key: 'createdAt', label: t('work.case.createdAt'), children: formatTime(c.createdAt) },
    ...(c.outcome
      ? [{ key: 'outcome', label: t('work.case.outcome'), children: t(`common.outcome.${c.outcome}`) }]
      : []),
    ...(c.satisfaction
      ? [
          {
            key: 'satisfaction',
            label: t('work.case.satisfaction'),
            children: t(`common.satisfaction.${c.satisfaction}`),
          },
        ]
      : []),
    ...(c.reopenCount > 0
      ? [{ key: 'reopen', label: t('work.case.reopenCount'), children: c.reopenCount }]
      : []),
    {
      key: 'description',
      label: t('work.case.description'),
      span: 2,
      children: (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
          {c.description}
        </Typography.Paragraph>
      ),
    },
  ];
  return (
    <Card title={t('work.case.summary')} size="small" style={{ marginBottom: 16 }}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={items}
        data-testid="case-summary"
      />
    </Card>
  );
}
