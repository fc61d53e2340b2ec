// The parties, masked. Roles the policy lets unmask get a "show" button per field: it asks for a
// reason, the server logs the view with it, and the answer is shown until the page is left.
import { Button, Card, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAllowed } from '../../../../src/core/workflow/policy';
import { useUser } from '../../auth/session';
import type { CaseDetail, Party } from './types';
import { UnmaskModal } from './UnmaskModal';

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
          url={`/api/cases/${c.id}/parties/${asking.party.id}/unmask`}
          subject={asking.party.name}
          field={API_FIELD[asking.field]}
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
