// The rankings: child regions (each name drills down) and units, every count a link to its cases.
// Columns sort in the browser (the rows are few: one per child region or unit).
import { Button, Card, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseFigures, ChildRow, NowFigures, UnitRow } from './analytics-api';
import { formatRate } from './dashboard-rules';
import { casesLink, type CaseFigure, type FigureScope } from './figure-links';

interface Row {
  key: string;
  cases: CaseFigures;
  now: NowFigures;
}

/** The figure columns both tables share; `scopeOf` gives each row's link scope (null: no link). */
function figureColumns<R extends Row>(
  t: (k: string) => string,
  scopeOf: (r: R) => FigureScope | null,
): ColumnsType<R> {
  const num = (figure: CaseFigure, value: (r: R) => number, title: string) => ({
    key: figure,
    title,
    align: 'right' as const,
    width: 80,
    sorter: (a: R, b: R) => value(a) - value(b),
    sortDirections: ['descend', 'ascend'] as ('descend' | 'ascend')[],
    // most cases first: with a township's seventy villages, the ones with figures lead
    ...(figure === 'received' ? { defaultSortOrder: 'descend' as const } : {}),
    render: (_: unknown, r: R): ReactNode => {
      const s = scopeOf(r);
      if (value(r) === 0) return <Typography.Text type="secondary">0</Typography.Text>;
      return s ? (
        <Link to={casesLink(figure, s)} data-testid={`cell-${figure}`}>
          {value(r)}
        </Link>
      ) : (
        value(r)
      );
    },
  });
  const pct = (key: keyof CaseFigures, title: string) => ({
    key,
    title,
    align: 'right' as const,
    width: 90,
    sorter: (a: R, b: R) => ((a.cases[key] as number | null) ?? -1) - ((b.cases[key] as number | null) ?? -1),
    render: (_: unknown, r: R) => formatRate(r.cases[key] as number | null),
  });
  return [
    num('received', (r) => r.cases.received, t('analytics.ranking.col.received')),
    num('resolved', (r) => r.cases.resolved, t('analytics.ranking.col.resolved')),
    pct('resolutionRate', t('analytics.ranking.col.resolutionRate')),
    num('concluded', (r) => r.cases.concluded, t('analytics.ranking.col.concluded')),
    pct('conclusionRate', t('analytics.ranking.col.conclusionRate')),
    pct('onTimeRate', t('analytics.ranking.col.onTimeRate')),
    pct('satisfactionRate', t('analytics.ranking.col.satisfactionRate')),
    num('open', (r) => r.now.open, t('analytics.ranking.col.open')),
    num('overdue', (r) => r.now.overdue, t('analytics.ranking.col.overdue')),
  ];
}

export function RegionRanking({
  items,
  scope,
  onDrill,
}: {
  items: ChildRow[];
  scope: FigureScope;
  onDrill: (code: string) => void;
}) {
  const { t } = useTranslation();
  const rows = items.map((r) => ({ ...r, key: r.code }));
  const columns: ColumnsType<(typeof rows)[number]> = [
    {
      key: 'name',
      title: t('analytics.ranking.col.name'),
      fixed: 'left',
      width: 170,
      render: (_: unknown, r) =>
        r.own ? (
          <span>
            {r.name} <Tag>{t('analytics.ranking.own')}</Tag>
          </span>
        ) : r.level === 'grid' ? (
          r.name
        ) : (
          <Button
            type="link"
            size="small"
            style={{ padding: 0 }}
            onClick={() => onDrill(r.code)}
            aria-label={`${t('analytics.ranking.drill')} ${r.name}`}
            data-testid={`drill-${r.code}`}
          >
            {r.name}
          </Button>
        ),
    },
    // a child's figures cover its code range; the row of the node itself counts only the cases
    // at its own code, which the list's region filter (a prefix) cannot single out: no links there
    ...figureColumns<(typeof rows)[number]>(t, (r) => (r.own ? null : { ...scope, region: r.code })),
  ];
  return (
    <Card size="small" title={t('analytics.ranking.regions')}>
      <Table
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={rows.filter((r) => !r.own || r.cases.received + r.now.open + r.cases.concluded > 0)}
        pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 1000 }}
        data-testid="region-ranking"
      />
    </Card>
  );
}

export function UnitRanking({ items, scope }: { items: UnitRow[]; scope: FigureScope }) {
  const { t } = useTranslation();
  const rows = items.map((u) => ({ ...u, key: u.unitId }));
  const columns: ColumnsType<(typeof rows)[number]> = [
    { key: 'name', title: t('analytics.ranking.col.unit'), dataIndex: 'name', fixed: 'left', width: 200 },
    ...figureColumns<(typeof rows)[number]>(t, (u) => ({ ...scope, unitId: u.unitId })),
  ];
  return (
    <Card size="small" title={t('analytics.ranking.units')}>
      <Typography.Paragraph type="secondary">{t('analytics.ranking.unitHint')}</Typography.Paragraph>
      <Table
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        data-testid="unit-ranking"
      />
    </Card>
  );
}
