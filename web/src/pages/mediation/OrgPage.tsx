// One mediation organization: where it sits, its open cases, and its mediators' roster with the
// live workload of each (open cases led or joined); the dispatcher in scope or the organization
// itself adds mediators (an account of the organization, or a person without one) and edits them.
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Form, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { currentLang } from '../../i18n';
import { FormModal, LoadError } from '../oversight/parts';
import { categoryName, useCategories } from '../work/queries';
import { mediatorPatch, type Mediator, type OrgDetail } from './mediation-api';

interface MediatorForm {
  userId?: string;
  name: string;
  specialties: string[];
  phone?: string;
  active: boolean;
}

export function OrgPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const key = ['mediation', 'org', id];
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<OrgDetail>(`/api/mediation-orgs/${id}`, { signal }),
  });
  const categories = useCategories();
  const [editing, setEditing] = useState<null | 'new' | Mediator>(null);
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const org = q.data;
  const name = (code: string) => categoryName(categories.data, code, currentLang());
  const columns: ColumnsType<Mediator> = [
    { title: t('mediation.orgs.personName'), dataIndex: 'name', width: 120 },
    {
      title: t('mediation.orgs.specialties'),
      dataIndex: 'specialties',
      render: (v: string[]) => v.map((c) => <Tag key={c}>{name(c)}</Tag>),
    },
    {
      title: t('mediation.orgs.phone'),
      dataIndex: 'phoneMasked',
      width: 130,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('mediation.orgs.account'),
      dataIndex: 'username',
      width: 150,
      render: (v: string | null) =>
        v ?? <Typography.Text type="secondary">{t('mediation.orgs.noAccount')}</Typography.Text>,
    },
    {
      title: t('mediation.orgs.status'),
      dataIndex: 'active',
      width: 90,
      render: (v: boolean) => (
        <Tag color={v ? 'green' : 'default'}>
          {v ? t('mediation.orgs.onDuty') : t('mediation.orgs.offDuty')}
        </Tag>
      ),
    },
    {
      title: t('mediation.orgs.openCases'),
      key: 'load',
      width: 170,
      render: (_: unknown, m) => (
        <span data-testid="workload" data-open={m.openCases}>
          {t('mediation.orgs.workload', { n: m.openCases, lead: m.leading })}
        </span>
      ),
    },
    ...(org?.canManage
      ? [
          {
            key: 'edit',
            width: 100,
            render: (_: unknown, m: Mediator) => (
              <Button size="small" onClick={() => setEditing(m)}>
                {m.id ? t('mediation.orgs.editMediator') : t('mediation.orgs.addAccount')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <Space align="center" style={{ marginBottom: 8 }}>
        <Link to="/mediation/orgs" aria-label={t('mediation.orgs.back')}>
          <ArrowLeftOutlined />
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {org?.name ?? ''}
        </Typography.Title>
        {org?.mediationKind && <Tag color="blue">{t(`mediation.orgs.kind.${org.mediationKind}`)}</Tag>}
        {org && !org.active && <Tag>{t('mediation.orgs.inactive')}</Tag>}
      </Space>
      {org && (
        <Descriptions size="small" column={3} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('mediation.orgs.region')}>{org.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('mediation.orgs.center')}>{org.centerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('mediation.orgs.openCases')}>{org.openCases}</Descriptions.Item>
        </Descriptions>
      )}
      <Space style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('mediation.orgs.roster')}
        </Typography.Title>
        {org?.canManage && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('mediation.orgs.addMediator')}
          </Button>
        )}
      </Space>
      <Table<Mediator>
        rowKey={(m) => m.id ?? `u:${m.userId}`}
        size="small"
        loading={q.isLoading}
        columns={columns}
        dataSource={org?.mediators ?? []}
        pagination={false}
        data-testid="mediators"
      />
      {editing && org && (
        <MediatorModal
          orgId={org.id}
          mediator={editing === 'new' ? null : editing}
          categories={(categories.data ?? []).map((c) => ({ value: c.code, label: name(c.code) }))}
          onClose={() => setEditing(null)}
          onSaved={() => void q.refetch()}
        />
      )}
    </>
  );
}

function MediatorModal({
  orgId,
  mediator,
  categories,
  onClose,
  onSaved,
}: {
  orgId: string;
  mediator: Mediator | null;
  categories: { value: string; label: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<MediatorForm>();
  const existing = mediator?.id ?? null;
  const submit = async (v: MediatorForm) => {
    if (existing && mediator) {
      const body = mediatorPatch(mediator, v);
      if (Object.keys(body).length > 0) await api(`/api/mediators/${existing}`, { method: 'PATCH', body });
    } else {
      await api(`/api/mediation-orgs/${orgId}/mediators`, {
        body: {
          ...(mediator?.userId ? { userId: mediator.userId } : { name: v.name.trim() }),
          specialties: v.specialties ?? [],
          ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
          active: v.active,
        },
      });
    }
    void message.success(t('mediation.saved'));
    void queryClient.invalidateQueries({ queryKey: ['mediation', 'orgs'] });
    onSaved();
  };
  const required = [{ required: true, whitespace: true, message: t('mediation.required') }];
  return (
    <FormModal<MediatorForm>
      title={existing ? t('mediation.orgs.editMediator') : t('mediation.orgs.addMediator')}
      form={form}
      testId="mediator-form"
      initialValues={{
        name: mediator?.name ?? '',
        specialties: mediator?.specialties ?? [],
        active: mediator?.active ?? true,
      }}
      submit={submit}
      onClose={onClose}
    >
      <Form.Item name="name" label={t('mediation.orgs.personName')} rules={required}>
        <Input maxLength={50} disabled={!!mediator?.userId && !existing} />
      </Form.Item>
      <Form.Item name="specialties" label={t('mediation.orgs.specialties')}>
        <Select mode="multiple" options={categories} />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('mediation.orgs.phone')}
        extra={existing ? t('mediation.orgs.phoneHint') : undefined}
      >
        <Input maxLength={20} placeholder={mediator?.phoneMasked ?? ''} />
      </Form.Item>
      <Form.Item name="active" label={t('mediation.orgs.status')} valuePropName="checked">
        <Switch
          checkedChildren={t('mediation.orgs.onDuty')}
          unCheckedChildren={t('mediation.orgs.offDuty')}
        />
      </Form.Item>
    </FormModal>
  );
}
