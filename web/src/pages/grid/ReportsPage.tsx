// 上报事件: the grid reports in the user's scope (or assigned to their unit), filtered by type,
// status, overdue, place and period (the dashboard's grid figures open it with theirs), newest first with the deadline light; a row opens its detail drawer
// (photos, timeline, the dispatcher's assignment and the unit's conclusion).
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, Form, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import { formatTime } from '../work/format';
import { RegionFilter } from '../work/RegionFilter';
import { Deadline, StateTag } from '../work/tags';
import {
  REPORT_STATUSES,
  REPORT_TYPES,
  reportsUrl,
  type GridReport,
  type Page,
  type ReportFilters,
  type ReportStatus,
  type ReportType,
} from './grid-api';
import { PeriodPicker, ReportStatusTag, ReportTypeTag, useUrlFilters } from './parts';
import { ReportDrawer } from './ReportDrawer';

export const REPORTS_KEY = ['grid', 'reports'] as const;

export function ReportsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { values, set, reset, any } = useUrlFilters([
    'type',
    'status',
    'overdue',
    'region',
    'from',
    'to',
    'figure',
    'open',
  ] as const);
  const filters: ReportFilters = {
    type: values.type as ReportType | undefined,
    status: values.status as ReportStatus | undefined,
    overdue: values.overdue === 'true' || undefined,
    region: values.region,
    from: values.from,
    to: values.to,
    figure: values.figure === 'received' || values.figure === 'concluded' ? values.figure : undefined,
  };
  const q = useInfiniteQuery({
    queryKey: [...REPORTS_KEY, filters],
    queryFn: ({ pageParam, signal }) => api<Page<GridReport>>(reportsUrl(filters, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const open = (id: string | undefined) => set({ open: id });

  const columns: ColumnsType<GridReport> = [
    {
      title: t('grid.col.type'),
      dataIndex: 'type',
      width: 110,
      render: (v: ReportType) => <ReportTypeTag type={v} />,
    },
    {
      title: t('grid.col.description'),
      dataIndex: 'description',
      ellipsis: true,
      render: (v: string, r) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0, maxWidth: '100%' }}
          onClick={() => open(r.id)}
          data-testid="report-open"
        >
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{v}</span>
        </Button>
      ),
    },
    { title: t('grid.col.region'), dataIndex: 'regionName', width: 140, ellipsis: true },
    {
      title: t('grid.col.reporter'),
      dataIndex: 'reporterName',
      width: 90,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('grid.col.reportedAt'),
      dataIndex: 'reportedAt',
      width: 140,
      render: (v: string) => formatTime(v),
    },
    {
      title: t('grid.col.status'),
      dataIndex: 'status',
      width: 150,
      render: (v: ReportStatus, r) =>
        r.caseId ? (
          <Space size={2} wrap>
            <Link to={`/cases/${r.caseId}`}>{r.caseNo ?? t('grid.case')}</Link>
            {r.caseState && <StateTag state={r.caseState} />}
          </Space>
        ) : (
          <ReportStatusTag status={v} />
        ),
    },
    {
      title: t('grid.col.unit'),
      dataIndex: 'unitName',
      width: 160,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('grid.col.deadline'),
      dataIndex: 'deadline',
      width: 200,
      render: (v: string | null, r) =>
        r.status === 'concluded' ? (
          <Typography.Text type="secondary">
            {t('grid.concludedAt', { at: formatTime(r.concludedAt) })}
          </Typography.Text>
        ) : (
          <Deadline at={v} light={r.light} />
        ),
    },
  ];

  const col = { xs: 24, md: 8, xl: 5 };
  return (
    <>
      <Typography.Title level={3}>{t('common.menu.gridReports')}</Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="vertical" role="search" aria-label={t('grid.filters')}>
          <Row gutter={16}>
            <Col {...col}>
              <Form.Item label={t('grid.col.type')} htmlFor="gr-type">
                <Select
                  id="gr-type"
                  allowClear
                  value={filters.type}
                  onChange={(v?: string) => set({ type: v })}
                  options={REPORT_TYPES.map((v) => ({ value: v, label: t(`grid.type.${v}`) }))}
                  placeholder={t('grid.any')}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item label={t('grid.col.status')} htmlFor="gr-status">
                <Select
                  id="gr-status"
                  allowClear
                  value={filters.status}
                  onChange={(v?: string) => set({ status: v })}
                  options={REPORT_STATUSES.map((v) => ({ value: v, label: t(`grid.status.${v}`) }))}
                  placeholder={t('grid.any')}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item label={t('grid.region')} htmlFor="gr-region">
                <RegionFilter
                  id="gr-region"
                  scopeCode={user.scopeCode}
                  value={filters.region}
                  onChange={(region) => set({ region })}
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item
                label={t(filters.figure === 'concluded' ? 'grid.periodConcluded' : 'grid.periodReported')}
                htmlFor="gr-period"
              >
                <PeriodPicker
                  id="gr-period"
                  value={{ from: filters.from, to: filters.to }}
                  onChange={(p) => set({ from: p.from, to: p.to })}
                />
              </Form.Item>
            </Col>
            <Col xs={24} xl={9} style={{ alignSelf: 'flex-end', marginBottom: 24 }}>
              <Space wrap>
                {filters.figure && (
                  <Tag closable onClose={() => set({ figure: undefined })} data-testid="grid-figure">
                    {t(`grid.figure.${filters.figure}`)}
                  </Tag>
                )}
                <Checkbox
                  checked={!!filters.overdue}
                  onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })}
                >
                  {t('grid.overdueOnly')}
                </Checkbox>
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
        <section aria-label={t('common.menu.gridReports')}>
          <Table<GridReport>
            rowKey="id"
            size="middle"
            loading={q.isLoading}
            dataSource={items}
            columns={columns}
            pagination={false}
            scroll={{ x: 1200 }}
            locale={{ emptyText: t('grid.reports.empty') }}
            onRow={(r) => ({ 'data-report': r.id }) as object}
            data-testid="grid-reports"
          />
          <MoreRow
            shown={items.length}
            hasNext={q.hasNextPage}
            fetching={q.isFetchingNextPage}
            onMore={() => void q.fetchNextPage()}
          />
        </section>
      )}
      {values.open && <ReportDrawer id={values.open} onClose={() => open(undefined)} />}
    </>
  );
}

export function MoreRow(props: { shown: number; hasNext: boolean; fetching: boolean; onMore: () => void }) {
  const { t } = useTranslation();
  if (props.shown === 0) return null;
  return (
    <Space style={{ marginTop: 12 }}>
      <Typography.Text type="secondary">{t('grid.shown', { count: props.shown })}</Typography.Text>
      {props.hasNext ? (
        <Button onClick={props.onMore} loading={props.fetching}>
          {t('common.more')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('grid.end')}</Typography.Text>
      )}
    </Space>
  );
}
