// 调解统计: per organization and per lead mediator, of the mediations whose team was formed in the
// period: cases, concluded, agreements, failures, the success rate and the average days.
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Statistic, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { LoadError } from '../oversight/parts';
import { percent, type Figures, type Stats } from './mediation-api';

type Period = [Dayjs, Dayjs];

export function StatsPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Period>(() => [dayjs().startOf('year'), dayjs()]);
  const [period, setPeriod] = useState<Period>(draft);
  const from = period[0].format('YYYY-MM-DD');
  const to = period[1].format('YYYY-MM-DD');
  const q = useQuery({
    queryKey: ['mediation', 'stats', from, to],
    queryFn: ({ signal }) => api<Stats>(`/api/mediation-stats?from=${from}&to=${to}`, { signal }),
  });
  const figures = <T extends Figures>(): ColumnsType<T> => [
    { title: t('mediation.stats.cases'), dataIndex: 'cases', width: 90, align: 'right' },
    { title: t('mediation.stats.concluded'), dataIndex: 'concluded', width: 90, align: 'right' },
    { title: t('mediation.stats.agreements'), dataIndex: 'agreements', width: 90, align: 'right' },
    { title: t('mediation.stats.failed'), dataIndex: 'failed', width: 90, align: 'right' },
    { title: t('mediation.stats.open'), dataIndex: 'open', width: 80, align: 'right' },
    {
      title: t('mediation.stats.successRate'),
      dataIndex: 'successRate',
      width: 120,
      align: 'right',
      render: (v: number | null) => percent(v),
    },
    {
      title: t('mediation.stats.averageDays'),
      dataIndex: 'averageDays',
      width: 120,
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : v.toFixed(1)),
    },
  ];
  const s = q.data;
  return (
    <>
      <Typography.Title level={3}>{t('mediation.stats.title')}</Typography.Title>
      <Form layout="inline" style={{ marginBottom: 12 }} onFinish={() => setPeriod(draft)}>
        <Form.Item label={t('mediation.stats.period')} htmlFor="stats-period">
          <DatePicker.RangePicker
            id="stats-period"
            allowClear={false}
            value={draft}
            onChange={(v) => v?.[0] && v[1] && setDraft([v[0], v[1]])}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('mediation.stats.query')}
        </Button>
      </Form>
      {q.error && <LoadError error={q.error} onRetry={() => void q.refetch()} />}
      {s && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Space size="large" wrap data-testid="stats-total">
            <Statistic title={t('mediation.stats.cases')} value={s.total.cases} />
            <Statistic title={t('mediation.stats.concluded')} value={s.total.concluded} />
            <Statistic title={t('mediation.stats.agreements')} value={s.total.agreements} />
            <Statistic title={t('mediation.stats.successRate')} value={percent(s.total.successRate)} />
            <Statistic
              title={t('mediation.stats.averageDays')}
              value={s.total.averageDays === null ? '—' : s.total.averageDays.toFixed(1)}
            />
          </Space>
        </Card>
      )}
      <Typography.Title level={5}>{t('mediation.stats.byOrg')}</Typography.Title>
      <Table
        rowKey="orgId"
        size="small"
        loading={q.isLoading}
        pagination={false}
        dataSource={s?.orgs ?? []}
        columns={[
          { title: t('mediation.stats.org'), dataIndex: 'name' },
          ...figures<Stats['orgs'][number]>(),
        ]}
        data-testid="stats-orgs"
        style={{ marginBottom: 16 }}
      />
      <Typography.Title level={5}>{t('mediation.stats.byMediator')}</Typography.Title>
      <Table
        rowKey={(r) => `${r.orgId}:${r.userId}`}
        size="small"
        loading={q.isLoading}
        pagination={false}
        dataSource={s?.mediators ?? []}
        columns={[
          { title: t('mediation.stats.mediator'), dataIndex: 'name', width: 120 },
          { title: t('mediation.stats.org'), dataIndex: 'orgName' },
          ...figures<Stats['mediators'][number]>(),
        ]}
        data-testid="stats-mediators"
      />
    </>
  );
}
