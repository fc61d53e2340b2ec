// 督办: supervision orders (督办单). Supervisors and leaders follow up what they issued (escalated
// ones stand out) and may look at every order in their scope; the units that handle cases see the
// orders addressed to them and answer them here.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Radio, Space, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { useUser } from '../../auth/session';
import { formatTime } from '../work/format';
import { Deadline } from '../work/tags';
import { AnswerModal } from './forms';
import { LoadError, LoadMore, OrderStatusTag, useNow } from './parts';
import { OVERSIGHT_KEY, useAfterWrite } from './queries';
import {
  ORDER_FILTERS,
  orderAnswerable,
  orderFilterOf,
  orderHighlighted,
  orderLight,
  ordersUrl,
  supervisionViews,
  type OrderFilter,
  type SupervisionView,
} from './rules';
import type { SupervisionOrder } from './types';

export function SupervisionPage() {
  const { t } = useTranslation();
  const user = useUser();
  const views = supervisionViews(user.role);
  const [params, setParams] = useSearchParams();
  const asked = params.get('view') as SupervisionView | null;
  const view = asked && views.includes(asked) ? asked : views[0];
  const status = orderFilterOf(params.get('status'));
  const set = (next: { view?: SupervisionView; status?: OrderFilter }) => {
    const v = next.view ?? view;
    const s = next.status ?? status;
    setParams({ ...(v && v !== views[0] ? { view: v } : {}), ...(s ? { status: s } : {}) });
  };

  return (
    <>
      <Typography.Title level={3}>{t('common.menu.supervision')}</Typography.Title>
      {!view ? (
        <Empty description={t('common.forbidden')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t(`oversight.supervision.hint.${view}`)}
          </Typography.Paragraph>
          {views.length > 1 && (
            <Tabs
              activeKey={view}
              onChange={(key) => set({ view: key as SupervisionView })}
              items={views.map((v) => ({ key: v, label: t(`oversight.supervision.view.${v}`) }))}
            />
          )}
          <Radio.Group
            aria-label={t('oversight.col.status')}
            optionType="button"
            buttonStyle="solid"
            value={status}
            onChange={(e) => set({ status: e.target.value as OrderFilter })}
            options={ORDER_FILTERS.map((f) => ({
              value: f,
              label: t(`oversight.supervision.filter.${f || 'all'}`),
            }))}
            style={{ marginBottom: 12 }}
          />
          <OrderTable key={view} view={view} status={status} />
        </>
      )}
    </>
  );
}

function OrderTable({ view, status }: { view: SupervisionView; status: OrderFilter }) {
  const { t } = useTranslation();
  const now = useNow();
  const afterWrite = useAfterWrite();
  const [answering, setAnswering] = useState<SupervisionOrder | null>(null);
  const q = useInfiniteQuery({
    queryKey: [...OVERSIGHT_KEY, 'supervision', view, status],
    queryFn: ({ pageParam, signal }) =>
      api<Page<SupervisionOrder>>(ordersUrl(view, status, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const answers = view === 'received';

  const columns: ColumnsType<SupervisionOrder> = [
    {
      title: t('oversight.col.case'),
      dataIndex: 'caseNo',
      width: 200,
      render: (v: string, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/cases/${r.caseId}`}>{v}</Link>
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 200 }}>
            {r.caseTitle}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('oversight.col.status'),
      dataIndex: 'status',
      width: 150,
      render: (_: string, r) => (
        <Space orientation="vertical" size={0}>
          <Space size={0}>
            <OrderStatusTag order={r} />
            <Typography.Text type="secondary">{t(`oversight.orderKind.${r.kind}`)}</Typography.Text>
          </Space>
          {r.escalations > 0 && (
            <Typography.Text type="danger">
              {t('oversight.order.escalatedTo', { level: r.levelName, count: r.escalations })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('oversight.order.instructions'),
      dataIndex: 'instructions',
      render: (v: string) => (
        <Typography.Paragraph ellipsis={{ rows: 3, tooltip: v }} style={{ margin: 0 }}>
          {v}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('oversight.col.issued'),
      dataIndex: 'issuedAt',
      width: 190,
      render: (v: string, r) => (
        <Space orientation="vertical" size={0}>
          <span>
            {r.issuedByName ?? t(`common.role.${r.issuerRole}`)}
            <Typography.Text type="secondary"> · {formatTime(v)}</Typography.Text>
          </span>
          <Typography.Text type="secondary">
            {t('oversight.order.to', { unit: r.addressedUnitName })}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('oversight.col.due'),
      dataIndex: 'dueAt',
      width: 180,
      render: (v: string, r) => <Deadline at={v} light={orderLight(r, now)} />,
    },
    {
      title: t('oversight.order.answer'),
      dataIndex: 'answer',
      width: 220,
      render: (v: string | null, r) =>
        v ? (
          <Space orientation="vertical" size={0}>
            <Typography.Paragraph
              ellipsis={{ rows: 3, tooltip: v }}
              style={{ margin: 0 }}
              data-testid="order-answer"
            >
              {v}
            </Typography.Paragraph>
            <Typography.Text type="secondary">
              {[r.answeredByName, formatTime(r.answeredAt)].filter(Boolean).join(' · ')}
            </Typography.Text>
          </Space>
        ) : answers && orderAnswerable(r, true) ? (
          <Button
            type="primary"
            size="small"
            onClick={() => setAnswering(r)}
            aria-label={t('oversight.order.answerFor', { caseNo: r.caseNo })}
          >
            {t('oversight.order.answerAction')}
          </Button>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <section aria-label={t(`oversight.supervision.view.${view}`)}>
      <Table<SupervisionOrder>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={items}
        columns={columns}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('oversight.order.none') }}
        onRow={(r) => ({
          'data-status': r.status,
          style: orderHighlighted(r) ? { background: '#fff2e8' } : undefined,
        })}
        data-testid="orders-table"
      />
      <LoadMore
        shown={items.length}
        hasNextPage={q.hasNextPage}
        fetching={q.isFetchingNextPage}
        onMore={() => void q.fetchNextPage()}
      />
      {answering && (
        <AnswerModal
          order={answering}
          onDone={(o) => afterWrite(o.caseId)}
          onClose={() => setAnswering(null)}
        />
      )}
    </section>
  );
}
