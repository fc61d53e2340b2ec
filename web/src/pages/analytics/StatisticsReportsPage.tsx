// 统计报表: the periodic statistics report (定期统计报表) of a region of one's scope and a week,
// month, quarter or year, downloaded as Excel or PDF in the interface's language; below, the
// reports the schedule made for the centers under the region, each downloadable.
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  Row,
  Segmented,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  REPORT_PERIOD_KINDS,
  reportPeriodOf,
  type ReportPeriodKind,
} from '../../../../src/core/analytics/report-periods';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import { LoadError, LoadMore } from '../oversight/parts';
import { downloadCsv as downloadFile } from '../work/export-csv';
import { formatTime } from '../work/format';
import { chinaToday } from './dashboard-rules';

const DAY = 'YYYY-MM-DD';

interface RegionNode {
  code: string;
  name: string;
  level: string;
}
interface StoredReport {
  id: string;
  regionCode: string;
  regionName: string;
  periodKind: ReportPeriodKind;
  periodName: string;
  generatedAt: string;
  xlsxBytes: number;
  pdfBytes: number;
}

/** The query string of an on-demand report. */
function reportQuery(region: string, kind: ReportPeriodKind, day: string): string {
  return new URLSearchParams({ region, period: kind, date: day }).toString();
}

export function StatisticsReportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const today = chinaToday();
  const [region, setRegion] = useState(user.scopeCode);
  const [kind, setKind] = useState<ReportPeriodKind>('month');
  const [day, setDay] = useState(today);
  const [listKind, setListKind] = useState<ReportPeriodKind | 'all'>('all');
  const period = reportPeriodOf(kind, day);

  const node = useQuery({
    queryKey: ['regions', region],
    queryFn: ({ signal }) => api<RegionNode & { path: RegionNode[] }>(`/api/regions/${region}`, { signal }),
  });
  const children = useQuery({
    queryKey: ['regions', 'children', region],
    queryFn: ({ signal }) => api<RegionNode[]>(`/api/regions?parent=${region}`, { signal }),
  });
  const list = useInfiniteQuery({
    queryKey: ['reports', region, listKind],
    queryFn: ({ pageParam, signal }) => {
      const sp = new URLSearchParams({ region, offset: String(pageParam), limit: '50' });
      if (listKind !== 'all') sp.set('kind', listKind);
      return api<{ items: StoredReport[]; nextOffset: number | null }>(`/api/reports?${sp.toString()}`, {
        signal,
      });
    },
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextOffset,
  });
  const download = useMutation({
    mutationFn: (url: string) => downloadFile(url),
    onError: (err: Error) => void message.error(err.message),
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const fileButtons = (xlsx: string, pdf: string, testId: string) => (
    <Space wrap>
      <Button
        type="primary"
        loading={download.isPending && download.variables === xlsx}
        onClick={() => download.mutate(xlsx)}
        data-testid={`${testId}-xlsx`}
      >
        {t('reports.excel')}
      </Button>
      <Button
        loading={download.isPending && download.variables === pdf}
        onClick={() => download.mutate(pdf)}
        data-testid={`${testId}-pdf`}
      >
        {t('reports.pdf')}
      </Button>
    </Space>
  );

  const columns: ColumnsType<StoredReport> = [
    { title: t('reports.col.region'), dataIndex: 'regionName', width: 160 },
    { title: t('reports.col.period'), dataIndex: 'periodName' },
    {
      title: t('reports.col.kind'),
      dataIndex: 'periodKind',
      width: 90,
      render: (k: ReportPeriodKind) => t(`reports.kind.${k}`),
    },
    {
      title: t('reports.col.generatedAt'),
      dataIndex: 'generatedAt',
      width: 150,
      render: (v: string) => formatTime(v),
    },
    {
      title: t('reports.col.files'),
      key: 'files',
      width: 260,
      render: (_: unknown, r) =>
        fileButtons(
          `/api/reports/${r.id}/file?format=xlsx`,
          `/api/reports/${r.id}/file?format=pdf`,
          `stored-${r.id}`,
        ),
    },
  ];

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('common.menu.statisticsReports')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('reports.subtitle')}</Typography.Paragraph>
      <Card title={t('reports.make')} style={{ marginBottom: 16 }}>
        {node.error && <LoadError error={node.error} onRetry={() => void node.refetch()} />}
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} md={12}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>{t('reports.region')}</Typography.Text>
              <Breadcrumb
                data-testid="report-region"
                items={(node.data?.path ?? [])
                  .filter((p) => p.code.startsWith(user.scopeCode))
                  .map((p) => ({
                    key: p.code,
                    title:
                      p.code === region ? (
                        <strong>{p.name}</strong>
                      ) : (
                        <a onClick={() => setRegion(p.code)}>{p.name}</a>
                      ),
                  }))}
              />
              {(children.data?.length ?? 0) > 0 && (
                <Select
                  aria-label={t('reports.lower')}
                  placeholder={t('reports.lowerPlaceholder')}
                  style={{ width: '100%' }}
                  showSearch
                  optionFilterProp="label"
                  value={null}
                  onChange={(code: string) => setRegion(code)}
                  options={children.data!.map((c) => ({ value: c.code, label: c.name }))}
                  data-testid="report-lower"
                />
              )}
            </Space>
          </Col>
          <Col xs={24} md={12}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>{t('reports.date')}</Typography.Text>
              <Segmented<ReportPeriodKind>
                value={kind}
                onChange={setKind}
                options={REPORT_PERIOD_KINDS.map((k) => ({ value: k, label: t(`reports.kind.${k}`) }))}
                data-testid="report-kind"
              />
              <DatePicker
                picker={kind === 'week' ? 'date' : kind}
                allowClear={false}
                value={dayjs(day, DAY)}
                disabledDate={(d: Dayjs) => d.format(DAY) > today}
                onChange={(d: Dayjs | null) => d && setDay(d.format(DAY))}
                aria-label={t('reports.date')}
              />
              <Typography.Text type="secondary" data-testid="report-covers">
                {t('reports.covers', { from: period.from, to: period.to })}
              </Typography.Text>
            </Space>
          </Col>
        </Row>
        {period.to >= today && (
          <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('reports.notEnded')} />
        )}
        <div style={{ marginTop: 16 }}>
          {fileButtons(
            `/api/reports/statistics.xlsx?${reportQuery(region, kind, day)}`,
            `/api/reports/statistics.pdf?${reportQuery(region, kind, day)}`,
            'report',
          )}
        </div>
      </Card>
      <Card
        title={t('reports.scheduled')}
        extra={
          <Segmented<ReportPeriodKind | 'all'>
            value={listKind}
            onChange={setListKind}
            options={[
              { value: 'all', label: t('reports.allKinds') },
              ...REPORT_PERIOD_KINDS.map((k) => ({ value: k, label: t(`reports.kind.${k}`) })),
            ]}
          />
        }
      >
        {list.error && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
        <Table<StoredReport>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={items}
          loading={list.isLoading}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: t('reports.empty') }}
          data-testid="stored-reports"
        />
        <LoadMore
          shown={items.length}
          hasNextPage={list.hasNextPage}
          fetching={list.isFetchingNextPage}
          onMore={() => void list.fetchNextPage()}
        />
      </Card>
    </>
  );
}
