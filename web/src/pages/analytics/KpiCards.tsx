// The KPI cards: each count opens the cases it counts; each rate shows its parts and opens the
// cases of its numerator.
import { Card, Col, Row, Statistic, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Overview } from './analytics-api';
import { formatRate } from './dashboard-rules';
import {
  casesLink,
  gridFigureLink,
  gridReportsLink,
  type CaseFigure,
  type FigureScope,
} from './figure-links';

interface Kpi {
  key: string;
  title: string;
  value: string | number;
  /** "resolved / received" under a rate */
  parts?: string;
  to?: string;
  tone?: 'warn' | 'danger';
}

function KpiCard({ k }: { k: Kpi }) {
  const body = (
    <Card size="small" hoverable={!!k.to} style={{ height: '100%' }}>
      <Statistic
        title={k.title}
        value={k.value}
        valueStyle={{
          fontSize: 26,
          color: k.tone === 'danger' ? '#cf1322' : k.tone === 'warn' ? '#d46b08' : undefined,
        }}
      />
      {k.parts && <Typography.Text type="secondary">{k.parts}</Typography.Text>}
    </Card>
  );
  return (
    <Col xs={12} sm={8} lg={6} xl={4}>
      {k.to ? (
        <Link to={k.to} data-testid={`kpi-${k.key}`} aria-label={`${k.title} ${k.value}`}>
          {body}
        </Link>
      ) : (
        <div data-testid={`kpi-${k.key}`}>{body}</div>
      )}
    </Col>
  );
}

export function KpiCards({
  data,
  scope,
  warningsLink,
}: {
  data: Overview;
  scope: FigureScope;
  /** the warnings page at the region shown */
  warningsLink?: string;
}) {
  const { t } = useTranslation();
  const c = data.cases;
  const link = (f: CaseFigure) => casesLink(f, scope);
  const count = (key: CaseFigure & keyof typeof c, tone?: Kpi['tone']): Kpi => ({
    key,
    title: t(`analytics.kpi.${key}`),
    value: c[key],
    to: link(key),
    tone,
  });
  const rate = (key: keyof typeof c, part: number, whole: number, f: CaseFigure): Kpi => ({
    key,
    title: t(`analytics.kpi.${key}`),
    value: formatRate(c[key] as number | null),
    parts: t('analytics.kpi.ofWhich', { part, whole }),
    to: link(f),
  });
  const cases: Kpi[] = [
    count('received'),
    count('resolved'),
    rate('resolutionRate', c.resolved, c.received, 'resolved'),
    count('concluded'),
    rate('conclusionRate', c.concluded, c.received, 'concluded'),
    // the independent call-backs beside 办结率: a high closure rate cannot hide unhappy residents
    {
      key: 'qualitySatisfaction',
      title: t('analytics.kpi.qualitySatisfaction'),
      value: formatRate(data.quality.satisfactionRate),
      parts: t('analytics.kpi.qualityReached', { n: data.quality.reached }),
      to: '/quality-checks',
    },
    {
      key: 'qualityReopen',
      title: t('analytics.kpi.qualityReopen'),
      value: formatRate(data.quality.reopenRate),
      parts: t('analytics.kpi.qualityReached', { n: data.quality.reached }),
      to: '/quality-checks',
      tone: (data.quality.reopenRate ?? 0) > 0 ? 'warn' : undefined,
    },
    rate('onTimeRate', c.concludedOnTime, c.concluded, 'concludedOnTime'),
    count('followedUp'),
    rate('satisfactionRate', c.satisfied, c.followedUp, 'satisfied'),
    count('reopened', c.reopened > 0 ? 'warn' : undefined),
    {
      key: 'open',
      title: t('analytics.kpi.open'),
      value: data.now.open,
      to: link('open'),
    },
    {
      key: 'overdue',
      title: t('analytics.kpi.overdue'),
      value: data.now.overdue,
      to: link('overdue'),
      tone: data.now.overdue > 0 ? 'danger' : undefined,
    },
    {
      key: 'warnings',
      title: t('analytics.kpi.warnings'),
      value: data.warnings ? data.warnings.total : '—',
      to: data.warnings ? warningsLink : undefined,
      tone: data.warnings && data.warnings.total > 0 ? 'warn' : undefined,
    },
  ];
  const g = data.grid;
  const grid: Kpi[] = [
    {
      key: 'grid-received',
      title: t('analytics.grid.received'),
      value: g.received,
      to: gridFigureLink('received', scope),
    },
    {
      key: 'grid-concluded',
      title: t('analytics.grid.concluded'),
      value: g.concluded,
      to: gridFigureLink('concluded', scope),
    },
    {
      key: 'grid-conclusionRate',
      title: t('analytics.grid.conclusionRate'),
      value: formatRate(g.conclusionRate),
      parts: t('analytics.kpi.ofWhich', { part: g.concluded, whole: g.received }),
      to: gridFigureLink('concluded', scope),
    },
    {
      key: 'grid-onTimeRate',
      title: t('analytics.grid.onTimeRate'),
      value: formatRate(g.onTimeRate),
      parts: t('analytics.kpi.ofWhich', { part: g.concludedOnTime, whole: g.concluded }),
    },
    { key: 'grid-open', title: t('analytics.grid.open'), value: g.open },
    {
      key: 'grid-overdue',
      title: t('analytics.grid.overdue'),
      value: g.overdue,
      to: gridReportsLink('overdue', scope.region),
      tone: g.overdue > 0 ? 'danger' : undefined,
    },
  ];
  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }} role="list" aria-label={t('analytics.title')}>
        {cases.map((k) =>
          k.key === 'warnings' && !data.warnings ? (
            <Tooltip key={k.key} title={t('analytics.kpi.warningsUnavailable')}>
              <KpiCard k={k} />
            </Tooltip>
          ) : (
            <KpiCard key={k.key} k={k} />
          ),
        )}
      </Row>
      <Typography.Title level={5}>{t('analytics.grid.title')}</Typography.Title>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {grid.map((k) => (
          <KpiCard key={k.key} k={k} />
        ))}
      </Row>
    </>
  );
}
