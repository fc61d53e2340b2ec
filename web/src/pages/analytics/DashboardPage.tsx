// 研判分析: the figures of a region and period for those who steer it — KPI cards, the trend, the
// mix by category and channel, the ranking of the regions below (each drills down) and of the
// units. The state (region, period, granularity) lives in the URL, so back returns to the last
// view and a view can be shared; every figure opens the case list behind it.
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Button,
  Col,
  DatePicker,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { Granularity, Mix, Overview, Regions, Trend, Units } from './analytics-api';
import { analyticsUrl, type DashboardQuery } from './analytics-api';
import { MixCards, TrendCard } from './charts';
import {
  chinaToday,
  dashboardParams,
  defaultGranularity,
  parseDashboard,
  presetPeriod,
  PRESETS,
} from './dashboard-rules';
import { warningsLink, type FigureScope } from './figure-links';
import { KpiCards } from './KpiCards';
import { RegionRanking, UnitRanking } from './RankingTables';

export const ANALYTICS_KEY = ['analytics'] as const;
const DAY = 'YYYY-MM-DD';

function useFigures<T>(what: Parameters<typeof analyticsUrl>[0], q: DashboardQuery) {
  return useQuery({
    queryKey: [...ANALYTICS_KEY, what, q],
    queryFn: ({ signal }) => api<T>(analyticsUrl(what, q), { signal }),
    placeholderData: (previous) => previous,
  });
}

export function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const today = chinaToday();
  const q = parseDashboard(params, today);
  const set = (patch: Partial<DashboardQuery>) => setParams(dashboardParams({ ...q, ...patch }));
  const overview = useFigures<Overview>('overview', q);
  const trend = useFigures<Trend>('trend', q);
  const mix = useFigures<Mix>('mix', q);
  const regions = useFigures<Regions>('regions', q);
  const units = useFigures<Units>('units', q);
  const error = [overview, trend, mix, regions, units].find((x) => x.error)?.error;
  const region = overview.data?.region;
  const scope: FigureScope | null = region ? { region: region.code, from: q.from, to: q.to } : null;
  const setPeriod = (from: string, to: string) =>
    set({ from, to, granularity: defaultGranularity(from, to) });

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('common.menu.dashboard')}
          {region && <span data-testid="dashboard-region"> · {region.name}</span>}
        </Typography.Title>
        <Button href={`/screen${region ? `?region=${region.code}` : ''}`} target="_blank">
          {t('analytics.screenLink')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('analytics.subtitle')}
      </Typography.Paragraph>
      {region && (
        <nav aria-label={t('analytics.breadcrumb')} style={{ marginBottom: 12 }}>
          <Breadcrumb
            data-testid="region-breadcrumb"
            items={region.path
              .filter((p) => p.inScope)
              .map((p) => ({
                key: p.code,
                title:
                  p.code === region.code ? (
                    <strong>{p.name}</strong>
                  ) : (
                    <a onClick={() => set({ region: p.code })} data-testid={`crumb-${p.code}`}>
                      {p.name}
                    </a>
                  ),
              }))}
          />
        </nav>
      )}
      <Row gutter={[12, 8]} style={{ marginBottom: 12 }} align="middle">
        <Col xs={24} md={8} xl={6}>
          <Select
            aria-label={t('analytics.preset.label')}
            placeholder={t('analytics.preset.label')}
            style={{ width: '100%' }}
            value={PRESETS.find((p) => {
              const pp = presetPeriod(p, today);
              return pp.from === q.from && pp.to === q.to;
            })}
            onChange={(p) => {
              const pp = presetPeriod(p, today);
              setPeriod(pp.from, pp.to);
            }}
            options={PRESETS.map((p) => ({ value: p, label: t(`analytics.preset.${p}`) }))}
            data-testid="period-preset"
          />
        </Col>
        <Col xs={24} md={10} xl={8}>
          <DatePicker.RangePicker
            aria-label={t('analytics.period')}
            style={{ width: '100%' }}
            allowClear={false}
            value={[dayjs(q.from, DAY), dayjs(q.to, DAY)]}
            onChange={(r) => {
              const [a, b] = (r ?? []) as [Dayjs | null, Dayjs | null];
              if (a && b) setPeriod(a.format(DAY), b.format(DAY));
            }}
          />
        </Col>
        <Col xs={24} md={6} xl={6}>
          <Segmented<Granularity>
            aria-label={t('analytics.granularity.label')}
            value={q.granularity}
            onChange={(g) => set({ granularity: g })}
            options={(['day', 'week', 'month'] as const).map((g) => ({
              value: g,
              label: t(`analytics.granularity.${g}`),
            }))}
          />
        </Col>
      </Row>
      {error && (
        <Alert
          type="error"
          showIcon
          title={t('analytics.error')}
          description={error.message}
          style={{ marginBottom: 12 }}
        />
      )}
      {!overview.data || !scope ? (
        !error && <Spin style={{ display: 'block', margin: 48 }} />
      ) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <KpiCards
            data={overview.data}
            scope={scope}
            // the warnings page at the region shown: its active warnings (not yet handled)
            warningsLink={region ? warningsLink(region.code) : undefined}
          />
          {trend.data && <TrendCard data={trend.data} scope={scope} g={trend.data.granularity} />}
          {mix.data && <MixCards data={mix.data} scope={scope} />}
          {regions.data && (
            <RegionRanking
              items={regions.data.items}
              scope={scope}
              onDrill={(code) => set({ region: code })}
            />
          )}
          {units.data && <UnitRanking items={units.data.items} scope={scope} />}
          <Typography.Paragraph type="secondary">{t('analytics.attribution')}</Typography.Paragraph>
        </Space>
      )}
    </>
  );
}
