// The parties, masked. Roles the policy lets unmask get a "show" button per field: it asks for a
// reason, the server logs the view with it, and the answer is shown until the page is left.
import { App, Button, Card, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAllowed } from '../../../../src/core/workflow/policy';
import { api, ApiError } from '../../api/client';
import { useUser } from '../../auth/session';
import type { CaseDetail, Party } from './types';

type PiiField = 'phone' | 'idNumber' | 'address';
const API_FIELD: Record<PiiField, 'phone' | 'id_number' | 'address'> = {
  phone: 'phone',
  idNumber: 'id_number',
  address: 'address',
};

export function PartiesCard({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  const canUnmask = isAllowed(user.role, 'unmask', c.relations);
  const [clear, setClear] = useState<Record<string, string | null>>({});
  const [asking, setAsking] = useState<{ party: Party; field: PiiField } | null>(null);

  const cell = (p: Party, field: PiiField) => {
    const masked = p[field];
    if (!masked) return <Typography.Text type="secondary">{t('work.party.none')}</Typography.Text>;
    const key = `${p.id}:${field}`;
    if (key in clear) return <Typography.Text copyable>{clear[key] ?? '—'}</Typography.Text>;
    const fieldName = t(`work.party.${field}`);
    return (
      <Space size={4}>
        <span>{masked}</span>
        {canUnmask && (
          <Button
            size="small"
            type="link"
            onClick={() => setAsking({ party: p, field })}
            aria-label={t('work.party.showLabel', { party: p.name, field: fieldName })}
          >
            {t('work.party.show')}
          </Button>
        )}
      </Space>
    );
  };

  return (
    <Card title={t('work.party.title')} size="small" style={{ marginBottom: 16 }}>
      <Table<Party>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={c.parties}
        scroll={{ x: 720 }}
        columns={[
          {
            title: t('work.party.name'),
            dataIndex: 'name',
            width: 150,
            render: (v: string, p) => (
              <Space size={4}>
                <span>{v}</span>
                <Typography.Text type="secondary">{t(`work.party.role.${p.role}`)}</Typography.Text>
              </Space>
            ),
          },
          { title: t('work.party.phone'), key: 'phone', width: 190, render: (_, p) => cell(p, 'phone') },
          {
            title: t('work.party.idNumber'),
            key: 'idNumber',
            width: 230,
            render: (_, p) => cell(p, 'idNumber'),
          },
          { title: t('work.party.address'), key: 'address', render: (_, p) => cell(p, 'address') },
        ]}
      />
      {asking && (
        <UnmaskModal
          caseId={c.id}
          party={asking.party}
          field={asking.field}
          onClose={() => setAsking(null)}
          onShown={(value) => {
            setClear((m) => ({ ...m, [`${asking.party.id}:${asking.field}`]: value }));
            setAsking(null);
          }}
        />
      )}
    </Card>
  );
}

function UnmaskModal(props: {
  caseId: string;
  party: Party;
  field: PiiField;
  onClose: () => void;
  onShown: (value: string | null) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fieldName = t(`work.party.${props.field}`);

  const submit = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ value: string | null }>(
        `/api/cases/${props.caseId}/parties/${props.party.id}/unmask`,
        { body: { field: API_FIELD[props.field], reason: reason.trim() } },
      );
      void message.info(t('work.party.logged'));
      props.onShown(res.value);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`${props.party.name} · ${t('work.party.unmaskTitle', { field: fieldName })}`}
      okText={t('work.party.show')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item
          name="reason"
          label={t('work.party.reason')}
          extra={t('work.party.reasonHelp')}
          rules={[
            {
              validator: (_, v: string | undefined) =>
                (v ?? '').trim().length >= 2
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('work.party.reasonTooShort'))),
            },
          ]}
        >
          <Input maxLength={500} autoFocus />
        </Form.Item>
        {error && (
          <Typography.Text type="danger" role="alert">
            {error}
          </Typography.Text>
        )}
      </Form>
    </Modal>
  );
}
