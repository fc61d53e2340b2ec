// The wall screen's board, laid out for 1920×1080 and legible across a room: today's and this
// month's figures in large type, 30 days of trend, the regions below ranked by resolution, the
// newest and the open high-risk cases, grid reports and open warnings.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n';
import { EChart, type ChartOption } from '../lib/echart';
import type { FeedItem, Screen } from '../pages/analytics/analytics-api';
import { formatRate } from '../pages/analytics/dashboard-rules';
import type { ScreenLink } from './screen-refresh';

const RISK_COLOR: Record<string, string> = {
  red: '#ff4d4f',
  orange: '#ffa940',
  yellow: '#fadb14',
  blue: '#40a9ff',
};

function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(id);
  }, []);
  const fmt = new Intl.DateTimeFormat(currentLang() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
  return <span className="screen-clock">{fmt.format(now)}</span>;
}

function Tile({
  label,
  value,
  tone,
  sub,
}: {
  label: string;
  value: string | number;
  tone?: string;
  sub?: string;
}) {
  return (
    <div className={`screen-tile ${tone ?? ''}`}>
      <div className="screen-tile-label">{label}</div>
      <div className="screen-tile-value">{value}</div>
      {sub && <div className="screen-tile-sub">{sub}</div>}
    </div>
  );
}

function Feed({ title, items, testId }: { title: string; items: FeedItem[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <section className="screen-panel" data-testid={testId}>
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p className="screen-muted">{t('analytics.screen.none')}</p>
      ) : (
        <ul className="screen-feed">
          {items.map((c) => (
            <li key={c.id}>
              <span className="screen-risk" style={{ background: RISK_COLOR[c.riskLevel] ?? '#40a9ff' }} />
              <span className="screen-feed-title">{c.title}</span>
              <span className="screen-muted">
                {c.regionName} · {t(`common.state.${c.state}`)} · {c.createdAt.slice(5, 10)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ScreenBoard({ data, link, label }: { data: Screen; link: ScreenLink; label: string }) {
  const { t } = useTranslation();
  const m = data.month;
  const d = data.today;
  const trend = useMemo<ChartOption>(
    () => ({
      backgroundColor: 'transparent',
      textStyle: { fontSize: 18 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { fontSize: 18, color: '#cfe3ff' } },
      grid: { left: 50, right: 20, top: 44, bottom: 30 },
      xAxis: {
        type: 'category',
        data: data.trend.map((p) => p.from.slice(5)),
        axisLabel: { fontSize: 16 },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 16 } },
      series: (['received', 'resolved', 'concluded'] as const).map((s) => ({
        name: t(`analytics.trend.${s}`),
        type: 'line',
        smooth: true,
        lineStyle: { width: 4 },
        symbolSize: 8,
        data: data.trend.map((p) => p.cases[s]),
      })),
    }),
    [data.trend, t],
  );
  const ranked = useMemo(
    () =>
      data.children
        .filter((c) => !c.own && c.cases.received > 0)
        .sort(
          (a, b) =>
            (b.cases.resolutionRate ?? -1) - (a.cases.resolutionRate ?? -1) ||
            b.cases.received - a.cases.received,
        )
        .slice(0, 10)
        .reverse(),
    [data.children],
  );
  const ranking = useMemo<ChartOption>(
    () => ({
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { fontSize: 18, color: '#cfe3ff' } },
      grid: { left: 150, right: 70, top: 44, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 16 } },
      yAxis: { type: 'category', data: ranked.map((c) => c.name), axisLabel: { fontSize: 18 } },
      series: [
        {
          name: t('analytics.kpi.received'),
          type: 'bar',
          data: ranked.map((c) => c.cases.received),
        },
        {
          name: t('analytics.kpi.resolved'),
          type: 'bar',
          data: ranked.map((c) => c.cases.resolved),
          label: {
            show: true,
            position: 'right',
            fontSize: 16,
            color: '#fff',
            formatter: (p: { dataIndex: number }) =>
              formatRate(ranked[p.dataIndex]?.cases.resolutionRate ?? null),
          },
        },
      ],
    }),
    [ranked, t],
  );
  return (
    <div className="screen" data-testid="wall-screen" aria-label={label}>
      <header className="screen-header">
        <h1>
          {data.region.name} · {label}
        </h1>
        <div className="screen-status">
          <span className={`screen-link ${link}`}>
            {link === 'live' ? t('analytics.screen.live') : t('analytics.screen.polling')}
          </span>
          <span className="screen-muted">
            {t('analytics.screen.updated', {
              time: new Date(data.generatedAt).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai' }),
            })}
          </span>
          <Clock />
        </div>
      </header>
      <section className="screen-kpis" data-testid="screen-kpis">
        <div className="screen-kpi-group">
          <h2>{t('analytics.screen.today')}</h2>
          <div className="screen-tiles">
            <Tile label={t('analytics.kpi.received')} value={d.cases.received} />
            <Tile label={t('analytics.kpi.resolved')} value={d.cases.resolved} />
            <Tile label={t('analytics.kpi.concluded')} value={d.cases.concluded} />
          </div>
        </div>
        <div className="screen-kpi-group wide">
          <h2>{t('analytics.screen.month')}</h2>
          <div className="screen-tiles">
            <Tile label={t('analytics.kpi.received')} value={m.cases.received} />
            <Tile
              label={t('analytics.kpi.resolutionRate')}
              value={formatRate(m.cases.resolutionRate)}
              sub={`${m.cases.resolved} / ${m.cases.received}`}
              tone="good"
            />
            <Tile
              label={t('analytics.kpi.conclusionRate')}
              value={formatRate(m.cases.conclusionRate)}
              sub={`${m.cases.concluded} / ${m.cases.received}`}
            />
            <Tile label={t('analytics.kpi.onTimeRate')} value={formatRate(m.cases.onTimeRate)} />
            <Tile label={t('analytics.kpi.satisfactionRate')} value={formatRate(m.cases.satisfactionRate)} />
          </div>
        </div>
        <div className="screen-kpi-group">
          <h2>{t('analytics.screen.now')}</h2>
          <div className="screen-tiles">
            <Tile label={t('analytics.kpi.open')} value={m.now.open} />
            <Tile
              label={t('analytics.kpi.overdue')}
              value={m.now.overdue}
              tone={m.now.overdue > 0 ? 'bad' : ''}
            />
            <Tile
              label={t('analytics.kpi.warnings')}
              value={m.warnings ? m.warnings.total : '—'}
              tone={m.warnings && m.warnings.total > 0 ? 'warn' : ''}
            />
          </div>
        </div>
      </section>
      <main className="screen-grid">
        <section className="screen-panel trend">
          <h2>{t('analytics.screen.trend30')}</h2>
          <EChart
            option={trend}
            theme="dark"
            label={t('analytics.screen.trend30')}
            style={{ height: '100%' }}
          />
        </section>
        <section className="screen-panel ranking">
          <h2>{t('analytics.screen.ranking')}</h2>
          <EChart
            option={ranking}
            theme="dark"
            label={t('analytics.screen.ranking')}
            style={{ height: '100%' }}
          />
        </section>
        <Feed title={t('analytics.screen.highRisk')} items={data.highRisk} testId="screen-high-risk" />
        <Feed title={t('analytics.screen.recent')} items={data.recent} testId="screen-recent" />
        <section className="screen-panel grid-reports">
          <h2>{t('analytics.grid.title')}</h2>
          <div className="screen-tiles">
            <Tile label={t('analytics.grid.received')} value={m.grid.received} />
            <Tile label={t('analytics.grid.concluded')} value={m.grid.concluded} />
            <Tile
              label={t('analytics.grid.conclusionRate')}
              value={formatRate(m.grid.conclusionRate)}
              sub={`${m.grid.concluded} / ${m.grid.received}`}
            />
            <Tile label={t('analytics.grid.onTimeRate')} value={formatRate(m.grid.onTimeRate)} />
            <Tile label={t('analytics.grid.open')} value={m.grid.open} />
            <Tile
              label={t('analytics.grid.overdue')}
              value={m.grid.overdue}
              tone={m.grid.overdue > 0 ? 'bad' : ''}
            />
          </div>
        </section>
      </main>
    </div>
  );
}
