// 审计日志 — the audit administrator's page, read only: every recorded action (who, what, which
// target, from where, with what result) and every clear read of personal data (who, which field
// of which case, why). Days are China Standard Time.
import { App, Button, DatePicker, Form, Input, Select, Table, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useBulkExport } from '../exports/BulkExport';
import { usePaged } from './admin-api';
import { AdminOnly } from './AdminOnly';
import { auditQuery, cstTime, piiQuery, type AuditFilters, type PiiFilters } from './audit-filters';

interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  actorLabel: string | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  result: 'success' | 'failure' | 'denied';
  detail: Record<string, unknown>;
}

interface PiiEntry {
  id: string;
  at: string;
  actorUsername: string | null;
  actorRole: string | null;
  partyRole: string | null;
  /** whose data: a case party, or a record of base information */
  subjectType: 'party' | 'resident' | 'house' | 'organization';
  caseId: string | null;
  caseNo: string | null;
  field: 'phone' | 'id_number' | 'address';
  reason: string;
  ip: string | null;
}

const RESULT_COLOR = { success: 'green', failure: 'orange', denied: 'red' } as const;
const days = (range: [Dayjs, Dayjs] | null | undefined): [string, string] | null =>
  range ? [range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD')] : null;

export function AuditPage() {
  return (
    <AdminOnly role="audit_admin">
      <Audit />
    </AdminOnly>
  );
}

function Audit() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('admin.audit.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.audit.intro')}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'log', label: t('admin.audit.tabLog'), children: <AuditLog /> },
          { key: 'pii', label: t('admin.audit.tabPii'), children: <PiiLog /> },
        ]}
      />
    </>
  );
}

function LoadMore({
  list,
}: {
  list: { hasNextPage: boolean; fetchNextPage: () => unknown; isFetchingNextPage: boolean };
}) {
  const { t } = useTranslation();
  if (!list.hasNextPage) return null;
  return (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
        {t('admin.loadMore')}
      </Button>
    </div>
  );
}

function AuditLog() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<AuditFilters>({});
  // the export takes the search's filters; above the threshold the security administrator approves
  const bulk = useBulkExport();
  const [exporting, setExporting] = useState(false);
  const onExport = async () => {
    const query = Object.entries(auditQuery(filters)).filter(
      (e): e is [string, string] => e[1] !== undefined,
    );
    setExporting(true);
    try {
      await bulk.run(`/api/admin/audit/export.csv${query.length ? `?${new URLSearchParams(query)}` : ''}`);
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : t('common.networkError'));
    } finally {
      setExporting(false);
    }
  };
  const list = usePaged<AuditEntry>(['admin', 'audit'], '/api/admin/audit', {
    ...auditQuery(filters),
    limit: 50,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  return (
    <>
      <Form
        name="auditFilters"
        layout="inline"
        aria-label={t('admin.filters')}
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(v: Omit<AuditFilters, 'days'> & { range?: [Dayjs, Dayjs] | null }) =>
          setFilters({ ...v, days: days(v.range) })
        }
      >
        <Form.Item name="actor" label={t('admin.audit.actor')}>
          <Input allowClear style={{ width: 130 }} placeholder="secadmin" />
        </Form.Item>
        <Form.Item name="action" label={t('admin.audit.action')} tooltip={t('admin.audit.actionHelp')}>
          <Input allowClear style={{ width: 140 }} placeholder="account." />
        </Form.Item>
        <Form.Item name="targetType" label={t('admin.audit.targetType')}>
          <Input allowClear style={{ width: 100 }} placeholder="user" />
        </Form.Item>
        <Form.Item name="targetId" label={t('admin.audit.targetId')}>
          <Input allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="result" label={t('admin.audit.result')}>
          <Select
            allowClear
            style={{ width: 90 }}
            options={(['success', 'failure', 'denied'] as const).map((r) => ({
              value: r,
              label: t(`admin.audit.results.${r}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="range" label={t('admin.audit.period')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Button htmlType="submit">{t('common.search')}</Button>
        <Button style={{ marginLeft: 8 }} loading={exporting} onClick={() => void onExport()}>
          {t('common.exportCsv')}
        </Button>
      </Form>
      {bulk.dialog}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1000 }}
        expandable={{
          rowExpandable: (e) => Object.keys(e.detail).length > 0,
          expandedRowRender: (e) => (
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }} aria-label={t('admin.audit.detail')}>
              {JSON.stringify(e.detail, null, 2)}
            </pre>
          ),
        }}
        columns={[
          { title: t('admin.audit.at'), dataIndex: 'at', width: 170, render: (v: string) => cstTime(v) },
          {
            title: t('admin.audit.actor'),
            dataIndex: 'actorLabel',
            width: 140,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('admin.audit.actorRole'),
            dataIndex: 'actorRole',
            width: 110,
            render: (v: string | null) => (v ? t(`common.role.${v}`, { defaultValue: v }) : '—'),
          },
          { title: t('admin.audit.action'), dataIndex: 'action', width: 180 },
          {
            title: t('admin.audit.target'),
            key: 'target',
            render: (_, e) => (e.targetType ? `${e.targetType} · ${e.targetId ?? ''}` : '—'),
          },
          {
            title: t('admin.audit.result'),
            dataIndex: 'result',
            width: 80,
            render: (r: AuditEntry['result']) => (
              <Tag color={RESULT_COLOR[r]}>{t(`admin.audit.results.${r}`)}</Tag>
            ),
          },
          { title: t('admin.audit.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
        ]}
      />
      <LoadMore list={list} />
    </>
  );
}

function PiiLog() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<PiiFilters>({});
  const list = usePaged<PiiEntry>(['admin', 'pii'], '/api/admin/pii-access', {
    ...piiQuery(filters),
    limit: 50,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  return (
    <>
      <Form
        name="piiFilters"
        layout="inline"
        aria-label={t('admin.filters')}
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(v: Omit<PiiFilters, 'days'> & { range?: [Dayjs, Dayjs] | null }) =>
          setFilters({ ...v, days: days(v.range) })
        }
      >
        <Form.Item name="actor" label={t('admin.audit.actor')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="caseNo" label={t('admin.audit.caseNo')}>
          <Input allowClear style={{ width: 210 }} />
        </Form.Item>
        <Form.Item name="field" label={t('admin.audit.field')}>
          <Select
            allowClear
            style={{ width: 110 }}
            options={(['phone', 'id_number', 'address'] as const).map((f) => ({
              value: f,
              label: t(`admin.audit.fields.${f}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="range" label={t('admin.audit.period')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Button htmlType="submit">{t('common.search')}</Button>
      </Form>
      <Table<PiiEntry>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: t('admin.audit.at'), dataIndex: 'at', width: 170, render: (v: string) => cstTime(v) },
          {
            title: t('admin.audit.actor'),
            dataIndex: 'actorUsername',
            width: 140,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('admin.audit.actorRole'),
            dataIndex: 'actorRole',
            width: 110,
            render: (v: string | null) => (v ? t(`common.role.${v}`, { defaultValue: v }) : '—'),
          },
          {
            title: t('admin.audit.caseNo'),
            dataIndex: 'caseNo',
            width: 210,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('admin.audit.partyRole'),
            dataIndex: 'partyRole',
            width: 90,
            // a party's role in the case, or which base-information record was read
            render: (v: string | null, e: PiiEntry) =>
              e.subjectType !== 'party'
                ? t(`admin.audit.subjects.${e.subjectType}`)
                : v
                  ? t(`admin.audit.partyRoles.${v}`, { defaultValue: v })
                  : '—',
          },
          {
            title: t('admin.audit.field'),
            dataIndex: 'field',
            width: 90,
            render: (f: PiiEntry['field']) => t(`admin.audit.fields.${f}`),
          },
          { title: t('admin.audit.reason'), dataIndex: 'reason' },
          { title: t('admin.audit.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
        ]}
      />
      <LoadMore list={list} />
    </>
  );
}
