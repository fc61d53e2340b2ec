// One weekly meeting with its situation report (情况报告): the week's figures beside the previous
// week's, new warnings, overdue and supervised cases, department scorecards, overdue decisions of
// earlier meetings and this meeting's own; the holding center records decisions from here, on a
// case picked from the lists or by its number. The same report downloads as a PDF.
import { FilePdfOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isMeetingAllowed, meetingRelations } from '../../../../src/core/workflow/policy';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import type { CaseFigures } from '../analytics/analytics-api';
import { formatRate } from '../analytics/dashboard-rules';
import { LoadError } from '../oversight/parts';
import { formatTime } from '../work/format';
import { DecisionList, DecisionModal, type CaseChoice } from './decisions';
import {
  MEETINGS_KEY,
  type ReportCase,
  type ReportOrder,
  type ReportScorecard,
  type ReportWarning,
  type SituationReport,
} from './meetings-api';

const FIGURES: { key: keyof CaseFigures; rate?: boolean }[] = [
  { key: 'received' },
  { key: 'concluded' },
  { key: 'resolved' },
  { key: 'conclusionRate', rate: true },
  { key: 'onTimeRate', rate: true },
  { key: 'resolutionRate', rate: true },
  { key: 'satisfactionRate', rate: true },
];

export function MeetingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const [deciding, setDeciding] = useState<{ caseId?: string } | null>(null);
  const q = useQuery({
    queryKey: [...MEETINGS_KEY, 'report', id],
    queryFn: ({ signal }) => api<SituationReport>(`/api/meetings/${id}`, { signal }),
  });
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  if (!r) return <Card loading />;
  const m = r.meeting;
  const mayDecide = isMeetingAllowed(
    user.role,
    'decide',
    meetingRelations(user, { regionCode: m.regionCode }),
  );
  const choices: CaseChoice[] = [
    ...r.overdueCases.items.map((c) => ({
      id: c.id,
      caseNo: c.caseNo,
      title: c.title,
      unitId: c.leadUnitId,
    })),
    ...r.supervisedCases.items.map((o) => ({
      id: o.caseId,
      caseNo: o.caseNo,
      title: o.caseTitle,
      unitId: o.addressedUnitId,
    })),
    ...r.newWarnings.items
      .filter((w) => w.caseId && w.caseNo)
      .map((w) => ({ id: w.caseId!, caseNo: w.caseNo!, title: '', unitId: null })),
  ].filter((c, i, all) => all.findIndex((x) => x.id === c.id) === i);
  const decide = (caseId?: string) => (mayDecide ? () => setDeciding({ caseId }) : undefined);

  const caseLink = (id: string, no: string) => <Link to={`/cases/${id}`}>{no}</Link>;
  const decideButton = (caseId: string) =>
    mayDecide ? (
      <Button size="small" onClick={decide(caseId)} data-testid="decide-on-case">
        {t('meetings.report.decide')}
      </Button>
    ) : null;
  const overdueCols: ColumnsType<ReportCase> = [
    {
      title: t('meetings.report.col.caseNo'),
      key: 'no',
      render: (_: unknown, c) => caseLink(c.id, c.caseNo),
    },
    { title: t('meetings.report.col.title'), dataIndex: 'title', ellipsis: true },
    {
      title: t('meetings.report.col.unit'),
      dataIndex: 'leadUnitName',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('meetings.report.col.due'),
      dataIndex: 'deadlineAt',
      render: (v: string | null) => formatTime(v),
    },
    { key: 'decide', width: 100, render: (_: unknown, c) => decideButton(c.id) },
  ];
  const orderCols: ColumnsType<ReportOrder> = [
    {
      title: t('meetings.report.col.caseNo'),
      key: 'no',
      render: (_: unknown, o) => caseLink(o.caseId, o.caseNo),
    },
    { title: t('meetings.report.col.title'), dataIndex: 'caseTitle', ellipsis: true },
    { title: t('meetings.report.col.unit'), dataIndex: 'addressedUnitName' },
    {
      title: t('meetings.report.col.due'),
      key: 'due',
      render: (_: unknown, o) => (
        <Space size={4}>
          {formatTime(o.dueAt)}
          {o.overdue && <Tag color="red">{t('meetings.decision.overdue')}</Tag>}
        </Space>
      ),
    },
    { key: 'decide', width: 100, render: (_: unknown, o) => decideButton(o.caseId) },
  ];
  const warningCols: ColumnsType<ReportWarning> = [
    {
      title: t('meetings.report.col.kind'),
      dataIndex: 'kind',
      render: (v: string) => t(`warnings.kind.${v}`),
    },
    {
      title: t('meetings.report.col.severity'),
      dataIndex: 'severity',
      render: (v: string) => t(`warnings.severity.${v}`),
    },
    {
      title: t('meetings.report.col.place'),
      key: 'place',
      render: (_: unknown, w) => w.regionName ?? w.regionCode,
    },
    {
      title: t('meetings.report.col.caseNo'),
      key: 'case',
      render: (_: unknown, w) => (w.caseId && w.caseNo ? caseLink(w.caseId, w.caseNo) : '—'),
    },
    { title: t('meetings.report.col.raisedAt'), dataIndex: 'raisedAt', render: (v: string) => formatTime(v) },
  ];
  const scoreCols: ColumnsType<ReportScorecard> = [
    { title: t('meetings.report.col.unit'), dataIndex: 'unitName' },
    { title: t('meetings.report.col.concluded'), dataIndex: 'concluded' },
    {
      title: t('meetings.report.col.onTime'),
      dataIndex: 'onTimeRate',
      render: (v: number | null) => formatRate(v),
    },
    {
      title: t('meetings.report.col.bounce'),
      dataIndex: 'bounceBackRate',
      render: (v: number | null) => formatRate(v),
    },
    {
      title: t('meetings.report.col.timeliness'),
      key: 'timeliness',
      render: (_: unknown, s) => formatRate(s.reportIns.timelinessRate),
    },
    {
      title: t('meetings.report.col.rating'),
      key: 'rating',
      render: (_: unknown, s) => s.ratings.average ?? '—',
    },
  ];
  const figureRows = FIGURES.map((f) => ({
    key: f.key,
    label: t(`analytics.kpi.${f.key}`),
    week: f.rate ? formatRate(r.figures.week[f.key]) : r.figures.week[f.key],
    last: f.rate ? formatRate(r.figures.previousWeek[f.key]) : r.figures.previousWeek[f.key],
  }));
  const small = { size: 'small' as const, style: { marginBottom: 16 } };
  return (
    <article aria-label={t('meetings.title')}>
      <Space wrap style={{ display: 'flex', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{t('meetings.report.title', { region: m.regionName })}</Typography.Title>
        <Space>
          {mayDecide && (
            <Button type="primary" onClick={decide()} data-testid="decision-new">
              {t('meetings.report.decide')}
            </Button>
          )}
          <a href={`/api/meetings/${m.id}/report.pdf`} download data-testid="meeting-pdf">
            <FilePdfOutlined /> {t('meetings.report.pdf')}
          </a>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">
        {t('meetings.report.week', r.week)} · {t('meetings.report.previous', r.previousWeek)}
      </Typography.Paragraph>
      <Card title={t('meetings.report.meeting')} {...small}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('meetings.col.heldAt')}>{formatTime(m.heldAt)}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.col.place')}>{m.place}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.report.attendees')} span={2}>
            {m.attendees.map((a) => a.name).join('、')}
          </Descriptions.Item>
          {m.notes && (
            <Descriptions.Item label={t('meetings.report.notes')} span={2}>
              {m.notes}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card title={t('meetings.report.figures')} {...small} data-testid="meeting-figures">
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={figureRows}
              columns={[
                { title: t('meetings.report.figure'), dataIndex: 'label' },
                { title: t('meetings.report.thisWeek'), dataIndex: 'week' },
                { title: t('meetings.report.lastWeek'), dataIndex: 'last' },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('meetings.report.now', {
                open: r.figures.now.open,
                overdue: r.figures.now.overdue,
                warnings: r.openWarnings?.total ?? 0,
              })}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('meetings.report.newWarnings')} {...small}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={r.newWarnings.items}
              columns={warningCols}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t('meetings.report.overdueCases', { total: r.overdueCases.total })} {...small}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={r.overdueCases.items}
          columns={overdueCols}
          data-testid="meeting-overdue"
        />
      </Card>
      <Card title={t('meetings.report.supervisedCases')} {...small}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={r.supervisedCases.items}
          columns={orderCols}
        />
      </Card>
      <Card title={t('meetings.report.scorecards')} {...small}>
        <Table
          rowKey="unitId"
          size="small"
          pagination={false}
          dataSource={r.scorecards}
          columns={scoreCols}
        />
      </Card>
      <Card title={t('meetings.report.overdueDecisions')} {...small}>
        <DecisionList items={r.overdueDecisions} />
      </Card>
      <Card title={t('meetings.report.decisions')} {...small} data-testid="meeting-decisions">
        <DecisionList items={r.decisions} />
      </Card>
      {deciding && (
        <DecisionModal
          meetingId={m.id}
          choices={choices}
          attendees={m.attendees}
          initialCaseId={deciding.caseId}
          onClose={() => setDeciding(null)}
        />
      )}
    </article>
  );
}
