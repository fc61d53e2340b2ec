// 导出审批: a requester's bulk-export requests (status, the approver's answer, the download while
// the approval lasts), and for the approving roles the requests waiting for their decision, each
// approved or rejected with a reason. The second person is never the first (the server insists).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Form, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleMayApproveExports } from '../../../../src/core/pii/export-approval';
import { ApiError, api } from '../../api/client';
import { useUser } from '../../auth/session';
import { downloadCsv } from '../work/export-csv';
import { formatTime } from '../work/format';
import { downloadsLeft, filterPairs, type ExportRequest } from './export-rules';

const KEY = ['export-requests'] as const;
const STATUS_COLOR = {
  pending: 'processing',
  approved: 'green',
  rejected: 'red',
  expired: 'default',
  used: 'default',
} as const;

export function ExportRequestsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const approves = roleMayApproveExports(user.role);
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('common.menu.exportRequests')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('exports.intro')}</Typography.Paragraph>
      <Tabs
        defaultActiveKey={approves ? 'decide' : 'mine'}
        items={[
          ...(approves
            ? [{ key: 'decide', label: t('exports.tabDecide'), children: <Requests box="decide" /> }]
            : []),
          { key: 'mine', label: t('exports.tabMine'), children: <Requests box="mine" /> },
        ]}
      />
    </>
  );
}

function Requests({ box }: { box: 'mine' | 'decide' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [deciding, setDeciding] = useState<{ request: ExportRequest; decision: 'approve' | 'reject' } | null>(
    null,
  );
  const list = useQuery({
    queryKey: [...KEY, box],
    queryFn: ({ signal }) => api<{ items: ExportRequest[] }>(`/api/export-requests?box=${box}`, { signal }),
  });
  const download = useMutation({
    mutationFn: (r: ExportRequest) => downloadCsv(`/api/export-requests/${r.id}/download`),
    onError: (err) => void message.error(err instanceof ApiError ? err.message : t('common.networkError')),
    onSettled: () => void client.invalidateQueries({ queryKey: KEY }),
  });

  const columns: ColumnsType<ExportRequest> = [
    { title: t('exports.col.requestedAt'), dataIndex: 'requestedAt', width: 150, render: formatTime },
    {
      title: t('exports.col.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (k: string) => t(`exports.kind.${k}`),
    },
    ...(box === 'decide'
      ? [
          {
            title: t('exports.col.requester'),
            key: 'requester',
            width: 150,
            render: (_: unknown, r: ExportRequest) => `${r.requester.displayName}（${r.requester.username}）`,
          },
        ]
      : []),
    { title: t('exports.col.rows'), dataIndex: 'rows', width: 90, align: 'right' },
    { title: t('exports.col.reason'), dataIndex: 'reason', ellipsis: true },
    {
      title: t('exports.col.status'),
      key: 'status',
      width: 180,
      render: (_: unknown, r) => (
        <Space direction="vertical" size={0}>
          <Tag color={STATUS_COLOR[r.status]}>{t(`exports.status.${r.status}`)}</Tag>
          {r.status === 'pending' || r.status === 'approved' ? (
            <Typography.Text type="secondary">
              {t('exports.until', { time: formatTime(r.expiresAt) })}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('exports.col.action'),
      key: 'action',
      width: 190,
      render: (_: unknown, r) =>
        box === 'decide' ? (
          <Space>
            <Button
              size="small"
              type="primary"
              onClick={() => setDeciding({ request: r, decision: 'approve' })}
            >
              {t('exports.approve')}
            </Button>
            <Button size="small" danger onClick={() => setDeciding({ request: r, decision: 'reject' })}>
              {t('exports.reject')}
            </Button>
          </Space>
        ) : downloadsLeft(r) > 0 ? (
          <Button
            size="small"
            loading={download.isPending && download.variables?.id === r.id}
            onClick={() => download.mutate(r)}
          >
            {t('exports.download', { left: downloadsLeft(r) })}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <Table<ExportRequest>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t(box === 'decide' ? 'exports.noneToDecide' : 'exports.noneMine') }}
        expandable={{ expandedRowRender: (r) => <RequestDetail request={r} /> }}
      />
      <DecideModal value={deciding} onClose={() => setDeciding(null)} />
    </>
  );
}

function RequestDetail({ request: r }: { request: ExportRequest }) {
  const { t } = useTranslation();
  const pairs = filterPairs(r.filters);
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('exports.col.filters')}>
        {pairs.length ? pairs.map(([k, v]) => `${k} = ${v}`).join('；') : t('exports.noFilters')}
      </Descriptions.Item>
      <Descriptions.Item label={t('exports.col.reason')}>{r.reason}</Descriptions.Item>
      {r.decidedBy ? (
        <Descriptions.Item label={t('exports.col.decision')}>
          {`${r.decidedBy.displayName}（${r.decidedBy.username}） ${formatTime(r.decidedAt)}：${r.decisionReason ?? ''}`}
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label={t('exports.col.downloads')}>
        {t('exports.downloads', { used: r.downloads, max: r.maxDownloads })}
      </Descriptions.Item>
    </Descriptions>
  );
}

function DecideModal({
  value,
  onClose,
}: {
  value: { request: ExportRequest; decision: 'approve' | 'reject' } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const decide = useMutation({
    mutationFn: (reason: string) =>
      api(`/api/export-requests/${value!.request.id}/${value!.decision}`, {
        method: 'POST',
        body: { reason },
      }),
    onSuccess: () => {
      void message.success(t(value!.decision === 'approve' ? 'exports.approved' : 'exports.rejected'));
      form.resetFields();
      onClose();
    },
    onError: (err) => void message.error(err instanceof ApiError ? err.message : t('common.networkError')),
    onSettled: () => void client.invalidateQueries({ queryKey: KEY }),
  });
  return (
    <Modal
      open={!!value}
      title={value ? t(value.decision === 'approve' ? 'exports.approveTitle' : 'exports.rejectTitle') : ''}
      okText={value ? t(`exports.${value.decision}`) : ''}
      okButtonProps={{ danger: value?.decision === 'reject' }}
      confirmLoading={decide.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {value ? (
        <Typography.Paragraph>
          {t('exports.decideSummary', {
            who: value.request.requester.displayName,
            rows: value.request.rows,
            kind: t(`exports.kind.${value.request.kind}`),
          })}
        </Typography.Paragraph>
      ) : null}
      <Form form={form} layout="vertical" name="exportDecision" onFinish={(v) => decide.mutate(v.reason)}>
        <Form.Item
          name="reason"
          label={t('exports.decisionReason')}
          rules={[{ required: true, whitespace: true, message: t('exports.reasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
