// 网格概况: per child region of the chosen node (county → township → village → grid) over a period —
// grid workers, routine work items by kind, grid reports (total, concluded, in time, open, overdue)
// with the conclusion and in-time rates, and a totals row. A row opens the level below it. Under
// the table: coverage — the grids under the node with and without a worker.
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Form,
  Row,
  Space,
  Statistic,
  Switch,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import { useRegion } from '../work/queries';
import { RegionFilter } from '../work/RegionFilter';
import {
  WORK_KINDS,
  coverageUrl,
  statsUrl,
  type Coverage,
  type CoverageRow,
  type GridStats,
  type StatsRow,
} from './grid-api';
import { PeriodPicker, useUrlFilters } from './parts';
import { canDrill, drillPath, formatRate, periodDays, sumRows } from './rules';

type Totals = Omit<StatsRow, 'regionCode' | 'regionName'>;

export function StatsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { values, set } = useUrlFilters(['region', 'from', 'to'] as const);
  const region = values.region ?? user.scopeCode;
  const period = { from: values.from, to: values.to };
  const node = useRegion(region);
  const stats = useQuery({
    queryKey: ['grid', 'stats', region, period.from, period.to],
    queryFn: ({ signal }) => api<GridStats>(statsUrl(region, period), { signal }),
  });
  const rows = stats.data?.rows ?? [];
  const totals: Totals | null = stats.data ? (stats.data.totals ?? sumRows(rows)) : null;
  const path = drillPath(user.scopeCode, region, node.data?.path ?? []);
  const names = new Map((node.data?.path ?? []).map((r) => [r.code, r.name]));
  const drill = (code: string) => set({ region: code === user.scopeCode ? undefined : code });

  const num = (key: string, title: string, get: (r: Totals) => number | null | undefined, width = 72) => ({
    key,
    title,
    width,
    align: 'right' as const,
    render: (_: unknown, r: Totals) => get(r) ?? '—',
  });
  const columns: ColumnsType<StatsRow> = [
    {
      key: 'region',
      title: t('grid.stats.region'),
      fixed: 'left',
      width: 180,
      render: (_: unknown, r) =>
        canDrill(r.regionCode) ? (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => drill(r.regionCode)}>
            {r.regionName}
          </Button>
        ) : (
          <Link to={`/grid/work?region=${r.regionCode}`}>{r.regionName}</Link>
        ),
    },
    num('workers', t('grid.stats.workers'), (r) => r.workers),
    {
      title: t('grid.stats.workItems'),
      children: WORK_KINDS.map((k) => num(`work-${k}`, t(`grid.kind.${k}`), (r) => r.workItems[k])),
    },
    {
      title: t('grid.stats.reports'),
      children: [
        num('total', t('grid.stats.total'), (r) => r.reports.total),
        num('concluded', t('grid.stats.concluded'), (r) => r.reports.concluded),
        num('inTime', t('grid.stats.inTime'), (r) => r.reports.concludedInTime, 80),
        num('open', t('grid.stats.open'), (r) => r.reports.open),
        num('overdue', t('grid.stats.overdue'), (r) => r.reports.overdue),
      ],
    },
    {
      key: 'conclusionRate',
      title: t('grid.stats.conclusionRate'),
      width: 90,
      align: 'right',
      render: (_: unknown, r) => formatRate(r.conclusionRate),
    },
    {
      key: 'inTimeRate',
      title: t('grid.stats.inTimeRate'),
      width: 100,
      align: 'right',
      render: (_: unknown, r) => formatRate(r.inTimeRate),
    },
  ];
  const showHouseholds = rows.some((r) => r.households !== undefined && r.households !== null);
  if (showHouseholds) {
    columns.push(
      num('households', t('grid.stats.households'), (r) => r.households, 80),
      num('visitedHouseholds', t('grid.stats.visitedHouseholds'), (r) => r.visitedHouseholds, 90),
    );
  }
  // the leaf columns in order, for the totals row
  const leaves = columns.flatMap((c) => ('children' in c && c.children ? c.children : [c]));

  return (
    <>
      <Typography.Title level={3}>{t('common.menu.gridStats')}</Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="inline" aria-label={t('grid.filters')} style={{ rowGap: 8 }}>
          <Form.Item label={t('grid.region')} htmlFor="gs-region" style={{ minWidth: 320 }}>
            <RegionFilter
              id="gs-region"
              scopeCode={user.scopeCode}
              value={values.region}
              onChange={(code) => set({ region: code })}
            />
          </Form.Item>
          <Form.Item label={t('grid.period')} htmlFor="gs-period">
            <PeriodPicker id="gs-period" value={period} onChange={(p) => set({ from: p.from, to: p.to })} />
          </Form.Item>
        </Form>
      </Card>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        data-testid="grid-drill"
        items={path.map((code, i) => ({
          key: code,
          title:
            i === path.length - 1 ? (
              (names.get(code) ?? code)
            ) : (
              <a
                href="#"
                onClick={(e) => {
                  e.preventDefault();
                  drill(code);
                }}
              >
                {names.get(code) ?? code}
              </a>
            ),
        }))}
      />
      {stats.data?.period && (
        <Typography.Paragraph type="secondary" data-testid="grid-period">
          {t('grid.periodShown', periodDays(stats.data.period))}
        </Typography.Paragraph>
      )}
      {stats.error ? (
        <Alert
          type="error"
          showIcon
          title={stats.error.message}
          action={<Button onClick={() => void stats.refetch()}>{t('common.retry')}</Button>}
        />
      ) : (
        <section aria-label={t('grid.stats.title')}>
          <Table<StatsRow>
            rowKey="regionCode"
            size="middle"
            bordered
            loading={stats.isLoading}
            dataSource={rows}
            columns={columns}
            pagination={false}
            scroll={{ x: 1200 }}
            locale={{ emptyText: t('grid.stats.empty') }}
            onRow={(r) => ({
              onClick: (e) => {
                // the name's own link or button already acts
                if ((e.target as HTMLElement).closest('a,button')) return;
                if (canDrill(r.regionCode)) drill(r.regionCode);
              },
              style: canDrill(r.regionCode) ? { cursor: 'pointer' } : undefined,
              'data-region': r.regionCode,
            })}
            data-testid="grid-stats"
            summary={() =>
              totals && rows.length > 0 ? (
                <Table.Summary fixed>
                  <Table.Summary.Row data-testid="grid-stats-totals">
                    {leaves.map((c, i) => (
                      <Table.Summary.Cell
                        key={String(c.key ?? i)}
                        index={i}
                        align={i === 0 ? 'left' : 'right'}
                      >
                        {i === 0 ? (
                          <strong>{t('grid.stats.totals')}</strong>
                        ) : (
                          (c as { render: (v: unknown, r: Totals) => ReactNode }).render(null, totals)
                        )}
                      </Table.Summary.Cell>
                    ))}
                  </Table.Summary.Row>
                </Table.Summary>
              ) : null
            }
          />
        </section>
      )}
      <CoverageCard region={region} from={period.from} to={period.to} />
    </>
  );
}

function CoverageCard({ region, from, to }: { region: string; from?: string; to?: string }) {
  const { t } = useTranslation();
  const [onlyMissing, setOnlyMissing] = useState(false);
  const q = useQuery({
    queryKey: ['grid', 'coverage', region, from, to],
    queryFn: ({ signal }) => api<Coverage>(coverageUrl(region, { from, to }), { signal }),
  });
  const rows = q.data?.rows ?? [];
  const totals = q.data?.totals;
  const shown = onlyMissing ? rows.filter((r) => r.gridsWithoutWorker > 0) : rows;
  const num = (key: keyof CoverageRow, title: string, width = 90) => ({
    key,
    title,
    width,
    align: 'right' as const,
    render: (_: unknown, r: CoverageRow) => (r[key] === null || r[key] === undefined ? '—' : String(r[key])),
  });
  const columns: ColumnsType<CoverageRow> = [
    { key: 'region', title: t('grid.stats.region'), dataIndex: 'regionName', width: 180 },
    num('grids', t('grid.coverage.grids')),
    num('gridsWithWorker', t('grid.coverage.withWorker'), 100),
    {
      ...num('gridsWithoutWorker', t('grid.coverage.withoutWorker'), 100),
      render: (_: unknown, r: CoverageRow) =>
        r.gridsWithoutWorker > 0 ? (
          <Typography.Text type="danger">{r.gridsWithoutWorker}</Typography.Text>
        ) : (
          0
        ),
    },
    {
      key: 'rate',
      title: t('grid.coverage.rate'),
      width: 90,
      align: 'right',
      render: (_: unknown, r) => formatRate(r.grids ? r.gridsWithWorker / r.grids : null),
    },
    num('workers', t('grid.stats.workers'), 80),
    num('visits', t('grid.coverage.visits')),
    num('visitsPerGrid', t('grid.coverage.visitsPerGrid'), 100),
  ];
  if (rows.some((r) => r.households !== null)) {
    columns.push(
      num('households', t('grid.stats.households')),
      num('visitsPerHousehold', t('grid.coverage.visitsPerHousehold'), 110),
    );
  }

  return (
    <Card
      title={t('grid.coverage.title')}
      size="small"
      style={{ marginTop: 16 }}
      extra={
        <Space>
          <span>{t('grid.coverage.onlyMissing')}</span>
          <Switch
            size="small"
            checked={onlyMissing}
            onChange={setOnlyMissing}
            aria-label={t('grid.coverage.onlyMissing')}
          />
        </Space>
      }
      data-testid="grid-coverage"
    >
      {q.error ? (
        <Alert type="error" showIcon title={q.error.message} />
      ) : (
        <>
          <Row gutter={32} style={{ marginBottom: 12 }}>
            <Col>
              <Statistic title={t('grid.coverage.grids')} value={totals?.grids ?? 0} loading={q.isLoading} />
            </Col>
            <Col>
              <Statistic
                title={t('grid.coverage.withWorker')}
                value={totals?.gridsWithWorker ?? 0}
                loading={q.isLoading}
              />
            </Col>
            <Col>
              <Statistic
                title={t('grid.coverage.withoutWorker')}
                value={totals?.gridsWithoutWorker ?? 0}
                loading={q.isLoading}
                styles={totals?.gridsWithoutWorker ? { content: { color: '#cf1322' } } : undefined}
              />
            </Col>
            <Col>
              <Statistic
                title={t('grid.coverage.rate')}
                value={formatRate(totals?.grids ? totals.gridsWithWorker / totals.grids : null)}
                loading={q.isLoading}
              />
            </Col>
          </Row>
          <Table<CoverageRow>
            rowKey="regionCode"
            size="small"
            loading={q.isLoading}
            dataSource={shown}
            columns={columns}
            pagination={shown.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            scroll={{ x: 900 }}
            locale={{ emptyText: t('grid.coverage.empty') }}
          />
        </>
      )}
    </Card>
  );
}
