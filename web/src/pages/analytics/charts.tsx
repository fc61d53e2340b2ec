// The dashboard's charts: the trend (screened, resolved, concluded per bucket) and the mix by
// category and by channel. A click on a point or slice opens the cases behind it.
import { Card, Col, Row, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Channel } from '../../../../src/core/workflow/case-model';
import { currentLang } from '../../i18n';
import { EChart, type ChartOption } from '../../lib/echart';
import type { Granularity, Mix, Trend } from './analytics-api';
import { pointLabel } from './dashboard-rules';
import { casesLink, type CaseFigure, type FigureScope } from './figure-links';

const SERIES: readonly ('received' | 'resolved' | 'concluded')[] = ['received', 'resolved', 'concluded'];

export function TrendCard({ data, scope, g }: { data: Trend; scope: FigureScope; g: Granularity }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: SERIES.map((s) => t(`analytics.trend.${s}`)) },
      grid: { left: 40, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: data.points.map((p) => pointLabel(p.from, g)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: SERIES.map((s) => ({
        name: t(`analytics.trend.${s}`),
        type: 'line',
        smooth: true,
        symbolSize: 8,
        data: data.points.map((p) => p.cases[s]),
      })),
    }),
    [data, g, t],
  );
  return (
    <Card
      size="small"
      title={t('analytics.trend.title')}
      extra={<Typography.Text type="secondary">{t('analytics.trend.hint')}</Typography.Text>}
    >
      <EChart
        option={option}
        label={t('analytics.trend.title')}
        testId="trend-chart"
        onClick={({ seriesIndex, dataIndex }) => {
          const p = data.points[dataIndex];
          const figure: CaseFigure = SERIES[seriesIndex] ?? 'received';
          if (p) navigate(casesLink(figure, { ...scope, from: p.from, to: p.to }));
        }}
      />
    </Card>
  );
}

export function MixCards({ data, scope }: { data: Mix; scope: FigureScope }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const lang = currentLang();
  const pie = (items: { name: string; value: number }[]): ChartOption => ({
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        data: items,
        // long names break onto a second line rather than run off a phone's screen
        label: { formatter: '{b} {c}', overflow: 'break', width: 72 },
      },
    ],
  });
  const categories = data.categories.filter((c) => c.cases.received > 0);
  const channels = data.channels.filter((c) => c.cases.received > 0);
  const byCategory = useMemo(
    () =>
      pie(categories.map((c) => ({ name: lang === 'en' ? c.nameEn : c.nameZh, value: c.cases.received }))),
    [categories, lang],
  );
  const byChannel = useMemo(
    () => pie(channels.map((c) => ({ name: t(`analytics.channel.${c.code}`), value: c.cases.received }))),
    [channels, t],
  );
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} md={12}>
        <Card
          size="small"
          title={t('analytics.mix.category')}
          extra={<Typography.Text type="secondary">{t('analytics.mix.hint')}</Typography.Text>}
        >
          <EChart
            option={byCategory}
            label={t('analytics.mix.category')}
            testId="category-chart"
            onClick={({ dataIndex }) => {
              const c = categories[dataIndex];
              if (c) navigate(casesLink('received', { ...scope, category: c.code }));
            }}
          />
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('analytics.mix.channel')}>
          <EChart
            option={byChannel}
            label={t('analytics.mix.channel')}
            testId="channel-chart"
            onClick={({ dataIndex }) => {
              const c = channels[dataIndex];
              if (c) navigate(casesLink('received', { ...scope, channel: c.code as Channel }));
            }}
          />
        </Card>
      </Col>
    </Row>
  );
}
