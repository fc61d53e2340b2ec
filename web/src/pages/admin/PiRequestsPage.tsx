// 个人信息权利申请 — the security administrator answers residents' correction and deletion
// requests (PIPL arts. 46–47) within 15 working days; the soonest due come first.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, qs } from '../../api/client';
import { send } from './admin-api';
import { AdminOnly } from './AdminOnly';

export interface StaffPiRequest {
  id: string;
  kind: 'correction' | 'deletion';
  caseId: string | null;
  caseNo: string | null;
  partyName: string | null;
  field: string | null;
  currentValue: string | null;
  newValue: string | null;
  reason: string;
  status: 'pending' | 'completed' | 'restricted' | 'rejected';
  createdAt: string;
  dueAt: string;
  decisionNote: string | null;
  retainedUntil: string | null;
  workingDaysLeft: number;
}

const STATUS_COLOR = {
  pending: 'processing',
  completed: 'success',
  restricted: 'warning',
  rejected: 'default',
};

export function PiRequestsPage() {
  return (
    <AdminOnly role="security_admin">
      <PiRequests />
    </AdminOnly>
  );
}

function PiRequests() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string>('pending');
  const [rejecting, setRejecting] = useState<StaffPiRequest | null>(null);
  const [note, setNote] = useState('');
  const list = useQuery({
    queryKey: ['admin', 'pi-requests', status],
    queryFn: ({ signal }) =>
      api<{ items: StaffPiRequest[] }>(`/api/pi-requests${qs({ status: status || undefined })}`, {
        signal,
      }),
  });

  const decide = async (r: StaffPiRequest, decision: 'approve' | 'reject', why?: string) => {
    try {
      await send('POST', `/api/pi-requests/${r.id}/decision`, { decision, ...(why ? { note: why } : {}) });
      message.success(t('piRights.done'));
      setRejecting(null);
      setNote('');
      await queryClient.invalidateQueries({ queryKey: ['admin', 'pi-requests'] });
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  return (
    <div>
      <Typography.Title level={4}>{t('piRights.consoleTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('piRights.consoleHint')}</Typography.Paragraph>
      <Segmented
        value={status}
        onChange={(v) => setStatus(String(v))}
        options={['pending', 'completed', 'restricted', 'rejected', ''].map((s) => ({
          value: s,
          label: s ? t(`piRights.status.${s}`) : t('common.all'),
        }))}
      />
      <Table<StaffPiRequest>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        style={{ marginTop: 16 }}
        columns={[
          { title: t('piRights.caseNo'), dataIndex: 'caseNo' },
          { title: t('piRights.party'), dataIndex: 'partyName' },
          {
            title: t('piRights.requests'),
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span>
                  {t(`piRights.kind.${r.kind}`)}
                  {r.field ? ` · ${t(`piRights.field.${r.field}`)}` : ''}
                </span>
                {r.field && (
                  <Typography.Text type="secondary">
                    {t('piRights.current')}: {r.currentValue ?? '—'} → {t('piRights.requested')}: {r.newValue}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('piRights.reason'), dataIndex: 'reason' },
          {
            title: t('piRights.daysLeft'),
            render: (_, r) =>
              r.status !== 'pending' ? (
                '—'
              ) : r.workingDaysLeft >= 0 ? (
                <Tag color={r.workingDaysLeft <= 3 ? 'orange' : undefined}>{r.workingDaysLeft}</Tag>
              ) : (
                <Tag color="red">{t('piRights.overdue', { n: -r.workingDaysLeft })}</Tag>
              ),
          },
          {
            title: t('piRights.dueAt'),
            render: (_, r) => new Date(r.dueAt).toLocaleDateString(),
          },
          {
            title: '',
            render: (_, r) =>
              r.status === 'pending' ? (
                <Space>
                  <Button
                    type="primary"
                    size="small"
                    onClick={() =>
                      Modal.confirm({
                        title: t('piRights.approve'),
                        content:
                          r.kind === 'correction'
                            ? t('piRights.approveCorrection')
                            : t('piRights.approveDeletion'),
                        onOk: () => decide(r, 'approve'),
                      })
                    }
                  >
                    {t('piRights.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => setRejecting(r)}>
                    {t('piRights.reject')}
                  </Button>
                </Space>
              ) : (
                <Tag color={STATUS_COLOR[r.status]}>{t(`piRights.status.${r.status}`)}</Tag>
              ),
          },
        ]}
      />
      <Modal
        open={rejecting !== null}
        title={t('piRights.rejectReason')}
        okButtonProps={{ disabled: !note.trim(), danger: true }}
        okText={t('piRights.reject')}
        onOk={() => rejecting && decide(rejecting, 'reject', note.trim())}
        onCancel={() => setRejecting(null)}
      >
        <Input.TextArea rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </div>
  );
}
