// 预警: the warnings of the user's area, newest first, filtered by kind, status and level; a row
// opens its detail (reasons, facts, the cases behind it, the trail) where the level it is routed
// to acknowledges and handles it. New and changed warnings arrive through the live stream.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Form, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { LoadError, LoadMore } from '../oversight/parts';
import { formatTime } from '../work/format';
import { WarningDrawer } from './WarningDrawer';
import { SEVERITY_COLOR, STATUS_COLOR, WARNINGS_KEY, useCategoryName } from './shared';
import { reasonText, warningsUrl, type WarningFilters, type WarningSummary } from './rules';

const KINDS = ['high_risk', 'repeat', 'spike', 'stuck'] as const;
const STATUSES = ['active', 'open', 'acknowledged', 'handled'] as const;
const SEVERITIES = ['red', 'orange', 'yellow'] as const;

export function WarningsPage() {
  const { t } = useTranslation();
  const catName = useCategoryName();
  // the dashboard's warnings figure opens this page at the region it shows (?region=)
  const [params] = useSearchParams();
  const [filters, setFilters] = useState<WarningFilters>({
    status: 'active',
    region: params.get('region') ?? undefined,
  });
  const [openId, setOpenId] = useState<string | null>(null);
  const q = useInfiniteQuery({
    queryKey: [...WARNINGS_KEY, 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      api<Page<WarningSummary>>(warningsUrl(filters, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const counts = useQuery({
    queryKey: [...WARNINGS_KEY, 'counts', filters.region],
    queryFn: ({ signal }) =>
      api<{ total: number; byKind: Record<string, number> }>(
        `/api/warnings/counts${filters.region ? `?region=${encodeURIComponent(filters.region)}` : ''}`,
        { signal },
      ),
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: ColumnsType<WarningSummary> = [
    {
      title: t('warnings.page.col.raised'),
      dataIndex: 'lastRaisedAt',
      width: 140,
      render: (v: string) => formatTime(v),
    },
    {
      title: t('warnings.page.col.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (v: string) => <Tag data-kind={v}>{t(`warnings.kind.${v}`)}</Tag>,
    },
    {
      title: t('warnings.page.col.severity'),
      dataIndex: 'severity',
      width: 80,
      render: (v: keyof typeof SEVERITY_COLOR) => (
        <Tag color={SEVERITY_COLOR[v]}>{t(`warnings.severity.${v}`)}</Tag>
      ),
    },
    {
      title: t('warnings.page.col.summary'),
      key: 'summary',
      render: (_: unknown, w) => (
        <Space direction="vertical" size={0}>
          {w.reasons.slice(0, 3).map((r, i) => (
            <Typography.Text key={i}>{reasonText(r, t, catName)}</Typography.Text>
          ))}
          {w.categoryCode && <Typography.Text type="secondary">{catName(w.categoryCode)}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('warnings.page.col.place'),
      key: 'place',
      width: 130,
      render: (_: unknown, w) => w.regionName ?? w.regionCode,
    },
    {
      title: t('warnings.page.col.case'),
      key: 'case',
      width: 190,
      render: (_: unknown, w) =>
        w.caseId && w.caseNo && w.caseCount <= 1 ? (
          <Link to={`/cases/${w.caseId}`}>{w.caseNo}</Link>
        ) : (
          t('warnings.page.cases', { count: w.caseCount })
        ),
    },
    {
      title: t('warnings.page.col.status'),
      dataIndex: 'status',
      width: 90,
      render: (v: keyof typeof STATUS_COLOR) => (
        <Tag color={STATUS_COLOR[v]}>{t(`warnings.status.${v}`)}</Tag>
      ),
    },
    {
      key: 'open',
      width: 80,
      render: (_: unknown, w) => (
        <Button size="small" onClick={() => setOpenId(w.id)} data-testid={`warning-open-${w.id}`}>
          {t('warnings.page.open')}
        </Button>
      ),
    },
  ];

  const select = <K extends keyof WarningFilters>(
    key: K,
    values: readonly string[],
    label: (v: string) => string,
  ) => (
    <Select
      id={`wf-${key}`}
      allowClear
      style={{ width: 140 }}
      value={filters[key]}
      placeholder={t('common.all')}
      onChange={(v?: WarningFilters[K]) => setFilters((f) => ({ ...f, [key]: v }))}
      options={values.map((v) => ({ value: v, label: label(v) }))}
    />
  );

  return (
    <>
      <Typography.Title level={3}>{t('warnings.page.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('warnings.page.hint')}</Typography.Paragraph>
      <Form layout="inline" aria-label={t('warnings.page.filters')} style={{ marginBottom: 12, rowGap: 8 }}>
        {filters.region && (
          <Form.Item label={t('warnings.page.region')}>
            <Tag
              closable
              onClose={() => setFilters((f) => ({ ...f, region: undefined }))}
              data-testid="warning-region"
            >
              {filters.region}
            </Tag>
          </Form.Item>
        )}
        <Form.Item label={t('warnings.page.col.kind')} htmlFor="wf-kind">
          {select('kind', KINDS, (v) => t(`warnings.kind.${v}`))}
        </Form.Item>
        <Form.Item label={t('warnings.page.col.status')} htmlFor="wf-status">
          {select('status', STATUSES, (v) => t(`warnings.status.${v}`))}
        </Form.Item>
        <Form.Item label={t('warnings.page.col.severity')} htmlFor="wf-severity">
          {select('severity', SEVERITIES, (v) => t(`warnings.severity.${v}`))}
        </Form.Item>
        {counts.data && (
          <Typography.Text type="secondary" data-testid="warning-counts">
            {t('warnings.page.counts', { total: counts.data.total })} ·{' '}
            {KINDS.map((k) => `${t(`warnings.kind.${k}`)} ${counts.data.byKind[k] ?? 0}`).join(' · ')}
          </Typography.Text>
        )}
      </Form>
      {q.error ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <section aria-label={t('warnings.page.title')}>
          <Table<WarningSummary>
            rowKey="id"
            size="middle"
            loading={q.isLoading}
            dataSource={items}
            columns={columns}
            pagination={false}
            scroll={{ x: 1100 }}
            locale={{ emptyText: t('warnings.page.empty') }}
            data-testid="warnings-table"
          />
          <LoadMore
            shown={items.length}
            hasNextPage={q.hasNextPage}
            fetching={q.isFetchingNextPage}
            onMore={() => void q.fetchNextPage()}
          />
        </section>
      )}
      {openId && <WarningDrawer id={openId} onClose={() => setOpenId(null)} />}
    </>
  );
}
