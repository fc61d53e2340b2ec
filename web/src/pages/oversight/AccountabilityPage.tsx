// 问责记录: findings against units within the user's scope (a missed report-in, later others),
// newest first, for the level above: filter by unit, kind and period; "load more" pages on.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, DatePicker, Form, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { useUser } from '../../auth/session';
import { currentLang } from '../../i18n';
import { formatTime } from '../work/format';
import { UnitFilter } from '../work/UnitFilter';
import { LoadError, LoadMore } from './parts';
import { OVERSIGHT_KEY } from './queries';
import {
  KNOWN_KINDS,
  accountabilityUrl,
  kindKnown,
  recordSummary,
  type AccountabilityFilters,
} from './rules';
import type { AccountabilityRecord } from './types';

const dayOf = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

export function AccountabilityPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [draft, setDraft] = useState<{ unit?: string; kind?: string; range?: [Dayjs, Dayjs] | null }>({});
  const [filters, setFilters] = useState<AccountabilityFilters>({});
  const q = useInfiniteQuery({
    queryKey: [...OVERSIGHT_KEY, 'accountability', filters],
    queryFn: ({ pageParam, signal }) =>
      api<Page<AccountabilityRecord>>(accountabilityUrl(filters, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: ColumnsType<AccountabilityRecord> = [
    {
      title: t('oversight.col.occurred'),
      dataIndex: 'occurredAt',
      width: 140,
      render: (v: string) => formatTime(v),
    },
    { title: t('oversight.col.unit'), dataIndex: 'unitName', width: 180, ellipsis: true },
    {
      title: t('oversight.col.kind'),
      dataIndex: 'kind',
      width: 120,
      render: (v: string) => (
        <Tag color="red" data-kind={v}>
          {kindKnown(v) ? t(`oversight.kind.${v}`) : v}
        </Tag>
      ),
    },
    {
      title: t('oversight.col.summary'),
      key: 'summary',
      render: (_: unknown, r) => recordSummary(r, currentLang(), t),
    },
    {
      title: t('oversight.col.case'),
      dataIndex: 'caseNo',
      width: 190,
      render: (v: string | null, r) => (r.caseId && v ? <Link to={`/cases/${r.caseId}`}>{v}</Link> : '—'),
    },
    {
      title: t('oversight.col.due'),
      dataIndex: 'dueAt',
      width: 140,
      render: (v: string | null) => formatTime(v) || '—',
    },
    {
      title: t('oversight.col.recordedBy'),
      dataIndex: 'recordedByRole',
      width: 90,
      render: (v: string) => t(`common.role.${v}`, { defaultValue: v }),
    },
  ];

  const search = () =>
    setFilters({
      unit: draft.unit,
      kind: draft.kind,
      from: dayOf(draft.range?.[0]),
      to: dayOf(draft.range?.[1]),
    });

  return (
    <>
      <Typography.Title level={3}>{t('common.menu.accountability')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('oversight.accountability.hint')}</Typography.Paragraph>
      <Form
        layout="inline"
        aria-label={t('oversight.filters')}
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={search}
      >
        <Form.Item label={t('oversight.col.unit')} htmlFor="acc-unit" style={{ minWidth: 280 }}>
          <UnitFilter
            id="acc-unit"
            scopeCode={user.scopeCode}
            own={null}
            value={draft.unit}
            onChange={(unit) => setDraft((d) => ({ ...d, unit }))}
          />
        </Form.Item>
        <Form.Item label={t('oversight.col.kind')} htmlFor="acc-kind">
          <Select
            id="acc-kind"
            allowClear
            style={{ width: 150 }}
            value={draft.kind}
            onChange={(kind?: string) => setDraft((d) => ({ ...d, kind }))}
            options={KNOWN_KINDS.map((k) => ({ value: k, label: t(`oversight.kind.${k}`) }))}
            placeholder={t('common.all')}
          />
        </Form.Item>
        <Form.Item label={t('oversight.period')} htmlFor="acc-period">
          <DatePicker.RangePicker
            id={{ start: 'acc-period' }}
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
      {q.error ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <section aria-label={t('common.menu.accountability')}>
          <Table<AccountabilityRecord>
            rowKey="id"
            size="middle"
            loading={q.isLoading}
            dataSource={items}
            columns={columns}
            pagination={false}
            scroll={{ x: 1100 }}
            locale={{ emptyText: t('oversight.accountability.empty') }}
            data-testid="accountability-table"
          />
          <LoadMore
            shown={items.length}
            hasNextPage={q.hasNextPage}
            fetching={q.isFetchingNextPage}
            onMore={() => void q.fetchNextPage()}
          />
        </section>
      )}
    </>
  );
}
