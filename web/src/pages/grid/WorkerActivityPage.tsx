// 网格员活动: one grid worker over a period — per day, the routine work items and the reports
// (bars drawn with plain elements: the console has no chart library), then the latest of each.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Form, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { formatTime } from '../work/format';
import {
  activityUrl,
  type ActivityDay,
  type GridReport,
  type WorkerActivity,
  type WorkItem,
} from './grid-api';
import { PeriodPicker, Photos, ReportStatusTag, ReportTypeTag, useUrlFilters } from './parts';
import { busiestDay, dayItems, periodDays } from './rules';

export function WorkerActivityPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { values, set } = useUrlFilters(['from', 'to'] as const);
  const period = { from: values.from, to: values.to };
  const q = useQuery({
    queryKey: ['grid', 'activity', id, period.from, period.to],
    queryFn: ({ signal }) => api<WorkerActivity>(activityUrl(id, period), { signal }),
  });
  const a = q.data;
  const days = a?.days ?? [];
  const max = busiestDay(days);
  const name = a?.worker.name ?? '';

  return (
    <>
      <Typography.Title level={3}>
        {t('grid.activity.title')}
        {name && ` · ${name}`}
      </Typography.Title>
      {a && (
        <Typography.Paragraph type="secondary">
          {[a.worker.regionName, a.worker.unitName].filter(Boolean).join(' · ')}
          {a.period && ` · ${t('grid.periodShown', periodDays(a.period))}`}
        </Typography.Paragraph>
      )}
      <Form layout="inline" style={{ marginBottom: 12 }} aria-label={t('grid.filters')}>
        <Form.Item label={t('grid.period')} htmlFor="wa-period">
          <PeriodPicker id="wa-period" value={period} onChange={(p) => set({ from: p.from, to: p.to })} />
        </Form.Item>
        <Link to={`/grid/work?worker=${id}${name ? `&workerName=${encodeURIComponent(name)}` : ''}`}>
          {t('grid.activity.allItems')}
        </Link>
      </Form>
      {q.error ? (
        <Alert type="error" showIcon title={q.error.message} />
      ) : (
        <>
          <Card size="small" title={t('grid.activity.perDay')} style={{ marginBottom: 16 }}>
            <Table<ActivityDay>
              rowKey="day"
              size="small"
              loading={q.isLoading}
              dataSource={days}
              pagination={false}
              locale={{ emptyText: t('grid.activity.empty') }}
              data-testid="activity-days"
              columns={[
                { title: t('grid.activity.day'), dataIndex: 'day', width: 120 },
                {
                  title: t('grid.activity.workItems'),
                  key: 'items',
                  width: 90,
                  align: 'right',
                  render: (_: unknown, d) => dayItems(d),
                },
                {
                  title: t('grid.activity.reports'),
                  dataIndex: 'reports',
                  width: 90,
                  align: 'right',
                },
                {
                  title: '',
                  key: 'bar',
                  render: (_: unknown, d) => (
                    <div style={{ display: 'flex', height: 12 }} aria-hidden>
                      <div style={{ width: `${(dayItems(d) / max) * 100}%`, background: '#1677ff' }} />
                      <div style={{ width: `${(d.reports / max) * 100}%`, background: '#fa8c16' }} />
                    </div>
                  ),
                },
              ]}
            />
            <Space style={{ marginTop: 8 }} size={16}>
              <Space size={4}>
                <span style={{ display: 'inline-block', width: 12, height: 12, background: '#1677ff' }} />
                {t('grid.activity.workItems')}
              </Space>
              <Space size={4}>
                <span style={{ display: 'inline-block', width: 12, height: 12, background: '#fa8c16' }} />
                {t('grid.activity.reports')}
              </Space>
            </Space>
          </Card>
          <Card size="small" title={t('grid.activity.lastItems')} style={{ marginBottom: 16 }}>
            <Table<WorkItem>
              rowKey="id"
              size="small"
              dataSource={a?.items ?? []}
              pagination={false}
              loading={q.isLoading}
              locale={{ emptyText: t('grid.work.empty') }}
              columns={[
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
                  render: (v: string) => <Tag>{t(`grid.kind.${v}`)}</Tag>,
                },
                { title: t('grid.col.note'), dataIndex: 'note', ellipsis: true },
                {
                  title: t('grid.photos'),
                  dataIndex: 'photoIds',
                  width: 160,
                  render: (ids: string[] | undefined) => <Photos ids={ids ?? []} size={36} />,
                },
              ]}
            />
          </Card>
          <Card size="small" title={t('grid.activity.lastReports')}>
            <Table<WorkerActivity['reports'][number]>
              rowKey="id"
              size="small"
              dataSource={a?.reports ?? []}
              pagination={false}
              loading={q.isLoading}
              locale={{ emptyText: t('grid.reports.empty') }}
              columns={[
                {
                  title: t('grid.col.reportedAt'),
                  dataIndex: 'reportedAt',
                  width: 140,
                  render: (v: string) => formatTime(v),
                },
                {
                  title: t('grid.col.type'),
                  dataIndex: 'type',
                  width: 110,
                  render: (v: GridReport['type']) => <ReportTypeTag type={v} />,
                },
                {
                  title: t('grid.col.description'),
                  dataIndex: 'description',
                  ellipsis: true,
                  render: (v: string, r) => <Link to={`/grid/reports?open=${r.id}`}>{v}</Link>,
                },
                {
                  title: t('grid.col.status'),
                  dataIndex: 'status',
                  width: 90,
                  render: (v: GridReport['status']) => <ReportStatusTag status={v} />,
                },
              ]}
            />
          </Card>
        </>
      )}
    </>
  );
}
