// A list of cases (inbox groups, search, due page): newest first, keyset pages appended by
// "load more", each row with its deadline and light.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { CaseListItem, Page } from '../../api/types';
import { currentLang } from '../../i18n';
import { listUrl, type CaseFilters } from './case-filters';
import { formatTime } from './format';
import { categoryName, useCategories } from './queries';
import { Deadline, RiskTag, StateTag } from './tags';

export function CaseTable({
  filters,
  pageSize = 30,
  label,
}: {
  filters: CaseFilters;
  pageSize?: number;
  /** what the table lists, for screen readers */
  label: string;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const categories = useCategories();
  const q = useInfiniteQuery({
    queryKey: ['cases', 'list', filters, pageSize],
    queryFn: ({ pageParam, signal }) =>
      api<Page<CaseListItem>>(listUrl(filters, { cursor: pageParam, limit: pageSize }), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  // asked for when the list shows the cases behind a dashboard figure (listUrl adds count=true)
  const total = q.data?.pages[0]?.total;

  const columns: ColumnsType<CaseListItem> = [
    {
      title: t('work.col.caseNo'),
      dataIndex: 'caseNo',
      width: 190,
      render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link>,
    },
    { title: t('work.col.title'), dataIndex: 'title', ellipsis: true, width: 200 },
    {
      title: t('work.col.state'),
      dataIndex: 'state',
      width: 120,
      render: (v: string, r) => (
        <Space size={2} wrap>
          <StateTag state={v} />
          {r.awaitingRuling && <Tag color="orange">{t('work.flag.awaitingRuling')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('work.col.category'),
      dataIndex: 'categoryCode',
      width: 100,
      ellipsis: true,
      render: (v: string) => categoryName(categories.data, v, lang),
    },
    { title: t('work.col.region'), dataIndex: 'regionName', width: 120, ellipsis: true },
    {
      title: t('work.col.leadUnit'),
      dataIndex: 'leadUnitName',
      width: 160,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('work.col.deadline'),
      dataIndex: 'deadlineAt',
      width: 200,
      render: (v: string | null, r) => <Deadline at={v} light={r.light} />,
    },
    {
      title: t('work.col.risk'),
      dataIndex: 'riskLevel',
      width: 70,
      render: (v: string) => <RiskTag risk={v} />,
    },
    {
      title: t('work.col.createdAt'),
      dataIndex: 'createdAt',
      width: 140,
      render: (v: string) => formatTime(v),
    },
  ];

  if (q.error) {
    return (
      <Alert
        type="error"
        showIcon
        title={q.error.message}
        action={<Button onClick={() => void q.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  return (
    <section aria-label={label}>
      {total !== undefined && (
        <Typography.Paragraph strong data-testid="case-total">
          {t('analytics.caseList.total', { count: total })}
        </Typography.Paragraph>
      )}
      <Table<CaseListItem>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={items}
        columns={columns}
        pagination={false}
        scroll={{ x: 1300 }}
        locale={{ emptyText: t('work.list.empty') }}
        data-testid="case-table"
      />
      {items.length > 0 && (
        <Space style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('work.list.shown', { count: items.length })}</Typography.Text>
          {q.hasNextPage ? (
            <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
              {t('common.more')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('work.list.end')}</Typography.Text>
          )}
        </Space>
      )}
    </section>
  );
}
