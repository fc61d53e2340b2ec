// 工作记录: the grid workers' routine work items (走访, 巡查, 宣传, 信息采集) by grid and worker, with
// kind and period filters, newest first, keyset pages appended by "load more"; photos open large.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import { formatTime } from '../work/format';
import { RegionFilter } from '../work/RegionFilter';
import {
  WORK_KINDS,
  workItemsUrl,
  type Page,
  type WorkFilters,
  type WorkItem,
  type WorkKind,
} from './grid-api';
import { PeriodPicker, Photos, useUrlFilters } from './parts';
import { MoreRow } from './ReportsPage';

export function WorkItemsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { values, set, reset, any } = useUrlFilters([
    'region',
    'worker',
    'workerName',
    'kind',
    'from',
    'to',
  ] as const);
  const filters: WorkFilters = {
    region: values.region,
    worker: values.worker,
    kind: values.kind as WorkKind | undefined,
    from: values.from,
    to: values.to,
  };
  const q = useInfiniteQuery({
    queryKey: ['grid', 'work-items', filters],
    queryFn: ({ pageParam, signal }) => api<Page<WorkItem>>(workItemsUrl(filters, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: ColumnsType<WorkItem> = [
    {
      title: t('grid.col.occurredAt'),
      dataIndex: 'occurredAt',
      width: 140,
      render: (v: string) => formatTime(v),
    },
    {
      title: t('grid.col.kind'),
      dataIndex: 'kind',
      width: 90,
      render: (v: WorkKind) => <Tag>{t(`grid.kind.${v}`)}</Tag>,
    },
    { title: t('grid.col.grid'), dataIndex: 'regionName', width: 150, ellipsis: true },
    {
      title: t('grid.col.worker'),
      dataIndex: 'workerName',
      width: 100,
      render: (v: string | null, r) => <Link to={`/grid/workers/${r.workerId}`}>{v ?? r.workerId}</Link>,
    },
    {
      title: t('grid.col.place'),
      dataIndex: 'place',
      width: 160,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('grid.col.note'),
      key: 'note',
      render: (_: unknown, r) => (
        <div>
          <div style={{ whiteSpace: 'pre-wrap' }}>{r.note}</div>
          {r.patrol && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('grid.patrol.route')}：{r.patrol.route}
              {(r.patrol.findings ?? []).map((f, i) => (
                <div key={i}>
                  {t('grid.patrol.finding')}：{f.text} → {f.action}
                </div>
              ))}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('grid.photos'),
      dataIndex: 'photoIds',
      width: 180,
      render: (ids: string[] | undefined) => <Photos ids={ids ?? []} size={40} />,
    },
  ];

  const col = { xs: 24, md: 8, xl: 6 };
  return (
    <>
      <Typography.Title level={3}>{t('common.menu.gridWork')}</Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="vertical" role="search" aria-label={t('grid.filters')}>
          <Row gutter={16}>
            <Col {...col}>
              <Form.Item label={t('grid.region')} htmlFor="gw-region">
                <RegionFilter
                  id="gw-region"
                  scopeCode={user.scopeCode}
                  value={filters.region}
                  onChange={(region) => set({ region })}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item label={t('grid.col.kind')} htmlFor="gw-kind">
                <Select
                  id="gw-kind"
                  allowClear
                  value={filters.kind}
                  onChange={(v?: string) => set({ kind: v })}
                  options={WORK_KINDS.map((k) => ({ value: k, label: t(`grid.kind.${k}`) }))}
                  placeholder={t('grid.any')}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item label={t('grid.period')} htmlFor="gw-period">
                <PeriodPicker
                  id="gw-period"
                  value={{ from: filters.from, to: filters.to }}
                  onChange={(p) => set({ from: p.from, to: p.to })}
                />
              </Form.Item>
            </Col>
            <Col {...col} style={{ alignSelf: 'flex-end', marginBottom: 24 }}>
              <Space wrap>
                {filters.worker && (
                  <Tag closable onClose={() => set({ worker: undefined, workerName: undefined })}>
                    {t('grid.col.worker')}：{values.workerName ?? filters.worker}
                  </Tag>
                )}
                <Button disabled={!any} onClick={reset}>
                  {t('common.reset')}
                </Button>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>
      {q.error ? (
        <Alert
          type="error"
          showIcon
          title={q.error.message}
          action={<Button onClick={() => void q.refetch()}>{t('common.retry')}</Button>}
        />
      ) : (
        <section aria-label={t('common.menu.gridWork')}>
          <Table<WorkItem>
            rowKey="id"
            size="middle"
            loading={q.isLoading}
            dataSource={items}
            columns={columns}
            pagination={false}
            scroll={{ x: 1100 }}
            locale={{ emptyText: t('grid.work.empty') }}
            data-testid="grid-work-items"
          />
          <MoreRow
            shown={items.length}
            hasNext={q.hasNextPage}
            fetching={q.isFetchingNextPage}
            onMore={() => void q.fetchNextPage()}
          />
        </section>
      )}
    </>
  );
}
