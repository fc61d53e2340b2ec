// The departments serving a center and how: stationed here or sent from above, permanent, by
// rotation (with the rosters naming them) or on call (with the contact and response time, which
// the center's dispatcher sets).
import { useQuery } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useUser } from '../../auth/session';
import { FormModal, LoadError } from '../oversight/parts';
import type { Unit } from '../work/types';
import { mayAtCenter, type Department } from './stationing-api';

const MODE_COLOR = { permanent: 'green', rotation: 'blue', on_call: 'orange' } as const;

export function DepartmentsTab({ center }: { center: Unit }) {
  const { t } = useTranslation();
  const user = useUser();
  const q = useQuery({
    queryKey: ['stationing', center.id, 'departments'],
    queryFn: ({ signal }) =>
      api<{ items: Department[] }>(`/api/centers/${center.id}/departments`, { signal }),
  });
  const [contact, setContact] = useState<Department | null>(null);
  const configure = mayAtCenter(user, center, 'configure');
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const columns: ColumnsType<Department> = [
    { title: t('stationing.dept.name'), dataIndex: 'name' },
    { title: t('stationing.dept.type'), dataIndex: 'type', width: 90 },
    {
      title: t('stationing.dept.mode'),
      dataIndex: 'stationing',
      width: 110,
      render: (v: Department['stationing']) => (
        <Tag color={v ? MODE_COLOR[v] : 'default'}>{t(`stationing.mode.${v ?? 'none'}`)}</Tag>
      ),
    },
    {
      title: t('stationing.dept.level'),
      dataIndex: 'own',
      width: 100,
      render: (v: boolean) => (v ? t('stationing.dept.own') : t('stationing.dept.above')),
    },
    {
      title: t('stationing.dept.onCall'),
      key: 'onCall',
      render: (_: unknown, d) =>
        d.onCall ? (
          <span>
            {d.onCall.contactName} {d.onCall.phoneMasked} ·{' '}
            {t('stationing.dept.minutes', { n: d.onCall.responseMinutes })}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('stationing.dept.rosters'),
      dataIndex: 'rosters',
      render: (v: string[]) => v.join('、') || '—',
    },
    ...(configure
      ? [
          {
            key: 'edit',
            width: 110,
            render: (_: unknown, d: Department) =>
              d.stationing === 'on_call' && (
                <Button size="small" onClick={() => setContact(d)}>
                  {t('stationing.dept.setContact')}
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <>
      <Table<Department>
        rowKey="unitId"
        size="small"
        loading={q.isLoading}
        columns={columns}
        dataSource={q.data?.items ?? []}
        pagination={false}
        data-testid="departments"
      />
      {contact && (
        <ContactModal
          center={center}
          dept={contact}
          onClose={() => setContact(null)}
          onSaved={() => void q.refetch()}
        />
      )}
    </>
  );
}

interface ContactForm {
  contactName: string;
  phone: string;
  responseMinutes: number;
}

function ContactModal({
  center,
  dept,
  onClose,
  onSaved,
}: {
  center: Unit;
  dept: Department;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContactForm>();
  const required = [{ required: true, message: t('stationing.required') }];
  return (
    <FormModal<ContactForm>
      title={`${t('stationing.dept.setContact')} · ${dept.name}`}
      form={form}
      testId="contact-form"
      initialValues={{
        contactName: dept.onCall?.contactName,
        responseMinutes: dept.onCall?.responseMinutes ?? 60,
      }}
      submit={async (v) => {
        await api(`/api/centers/${center.id}/on-call/${dept.unitId}`, {
          method: 'PUT',
          body: {
            contactName: v.contactName.trim(),
            phone: v.phone.trim(),
            responseMinutes: v.responseMinutes,
          },
        });
        void message.success(t('stationing.saved'));
        onSaved();
      }}
      onClose={onClose}
    >
      <Form.Item name="contactName" label={t('stationing.dept.contactName')} rules={required}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="phone" label={t('stationing.dept.phone')} rules={required}>
        <Input maxLength={20} placeholder={dept.onCall?.phoneMasked} />
      </Form.Item>
      <Form.Item name="responseMinutes" label={t('stationing.dept.responseMinutes')} rules={required}>
        <InputNumber min={1} max={10080} />
      </Form.Item>
    </FormModal>
  );
}
