// 部门考评: per department or mediation organization over a period (default the last 90 days) —
// how it handled what it was given (on time, bounced back, overruled) and how it answered whistles
// (report-in timeliness, the escalating level's ratings). Every column sorts; units with nothing to
// measure stay last.
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Space, Table, Typography } from 'antd';
import type { ColumnType, ColumnsType } from 'antd/es/table';
import type { SorterResult } from 'antd/es/table/interface';
import type { Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import { RegionFilter } from '../work/RegionFilter';
import { LoadError } from './parts';
import { OVERSIGHT_KEY } from './queries';
import {
  formatAverage,
  formatRate,
  scorecardsUrl,
  sortScorecards,
  type ScoreColumn,
  type ScorecardFilters,
  type SortOrder,
} from './rules';
import type { Scorecard, Scorecards } from './types';

const dayOf = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
const OVERSIGHT_ROLES: readonly string[] = ['supervisor', 'leader'];

export function ScorecardsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const byRegion = OVERSIGHT_ROLES.includes(user.role);
  const [draft, setDraft] = useState<{ region?: string; range?: [Dayjs, Dayjs] | null }>({});
  const [filters, setFilters] = useState<ScorecardFilters>({});
  const [sort, setSort] = useState<{ col: ScoreColumn; order: SortOrder | null }>({
    col: 'casesLed',
    order: 'descend',
  });
  const q = useQuery({
    queryKey: [...OVERSIGHT_KEY, 'scorecards', filters],
    queryFn: ({ signal }) => api<Scorecards>(scorecardsUrl(filters), { signal }),
  });
  const rows = useMemo(
    () => sortScorecards(q.data?.items ?? [], sort.col, sort.order),
    [q.data, sort.col, sort.order],
  );

  const col = (
    key: ScoreColumn,
    title: string,
    render: (s: Scorecard) => ReactNode,
    width = 90,
  ): ColumnType<Scorecard> => ({
    key,
    title,
    width,
    align: key === 'unitName' ? 'left' : 'right',
    sorter: true,
    sortDirections: key === 'unitName' ? ['ascend', 'descend'] : ['descend', 'ascend'],
    sortOrder: sort.col === key ? sort.order : null,
    render: (_: unknown, s) => render(s),
  });

  const columns: ColumnsType<Scorecard> = [
    { ...col('unitName', t('oversight.col.unit'), (s) => s.unitName, 200), fixed: 'left' },
    {
      title: t('oversight.scorecards.handling'),
      children: [
        col('casesLed', t('oversight.scorecards.casesLed'), (s) => s.casesLed),
        col('onTimeRate', t('oversight.scorecards.onTimeRate'), (s) => (
          <span title={`${s.concludedOnTime} / ${s.concluded}`}>{formatRate(s.onTimeRate)}</span>
        )),
        col('bounceBackRate', t('oversight.scorecards.bounceBackRate'), (s) => (
          <span title={`${s.rejections} / ${s.assignmentsReceived}`}>{formatRate(s.bounceBackRate)}</span>
        )),
        col('overruled', t('oversight.scorecards.overruled'), (s) => s.overruled),
      ],
    },
    {
      title: t('oversight.scorecards.reportIns'),
      children: [
        col('reportInOnTime', t('oversight.scorecards.onTime'), (s) => s.reportIns.onTime, 75),
        col('reportInLate', t('oversight.scorecards.late'), (s) => s.reportIns.late, 75),
        col('reportInMissed', t('oversight.scorecards.missed'), (s) => s.reportIns.missed, 75),
        col(
          'timelinessRate',
          t('oversight.scorecards.timeliness'),
          (s) => formatRate(s.reportIns.timelinessRate),
          105,
        ),
      ],
    },
    col(
      'ratingAverage',
      t('oversight.scorecards.rating'),
      (s) => (
        <span>
          {formatAverage(s.ratings.average)}
          {s.ratings.count > 0 && <Typography.Text type="secondary"> ({s.ratings.count})</Typography.Text>}
        </span>
      ),
      100,
    ),
  ];

  return (
    <>
      <Typography.Title level={3}>{t('common.menu.scorecards')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('oversight.scorecards.hint')}</Typography.Paragraph>
      <Form
        layout="inline"
        aria-label={t('oversight.filters')}
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={() =>
          setFilters({
            region: draft.region,
            from: dayOf(draft.range?.[0]),
            to: dayOf(draft.range?.[1]),
          })
        }
      >
        {byRegion && (
          <Form.Item label={t('oversight.region')} htmlFor="sc-region" style={{ minWidth: 300 }}>
            <RegionFilter
              id="sc-region"
              scopeCode={user.scopeCode}
              value={draft.region}
              onChange={(region) => setDraft((d) => ({ ...d, region }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('oversight.period')} htmlFor="sc-period">
          <DatePicker.RangePicker
            id={{ start: 'sc-period' }}
            value={draft.range ?? null}
            onChange={(range) => setDraft((d) => ({ ...d, range: range as [Dayjs, Dayjs] | null }))}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              setDraft({});
              setFilters({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      {q.data && (
        <Typography.Paragraph type="secondary" data-testid="scorecards-period">
          {t('oversight.scorecards.period', { from: q.data.from, to: q.data.to })}
        </Typography.Paragraph>
      )}
      {q.error ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <section aria-label={t('common.menu.scorecards')}>
          <Table<Scorecard>
            rowKey="unitId"
            size="middle"
            bordered
            loading={q.isLoading}
            dataSource={rows}
            columns={columns}
            pagination={false}
            scroll={{ x: 1000 }}
            sticky
            showSorterTooltip={false}
            locale={{ emptyText: t('oversight.scorecards.empty') }}
            onChange={(_p, _f, sorter) => {
              const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Scorecard> | undefined;
              setSort({
                col: (s?.columnKey as ScoreColumn | undefined) ?? sort.col,
                order: s?.order ?? null,
              });
            }}
            data-testid="scorecards-table"
          />
        </section>
      )}
    </>
  );
}
